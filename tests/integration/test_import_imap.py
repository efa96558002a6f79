"""Importing a real IMAP mailbox (Debian's Dovecot on loopback) through the whole pipeline."""

from collections.abc import Iterator

import pytest

from relais.contacts.models import ContactPoint
from relais.ingest.readers import imap
from relais.ingest.services import run_import
from relais.timeline.models import Interaction
from tests import imap_server
from tests.fixtures_gen import mail

pytestmark = pytest.mark.django_db(transaction=True)
RECEIVED = "02-Mar-2026 09:30:00 +0100"  # IMAP INTERNALDATE of the appended messages


@pytest.fixture(scope="module")
def server() -> Iterator[imap_server.ImapServer]:
    with imap_server.dovecot() as running:
        running.append("INBOX", [(data, RECEIVED) for data, _ in mail.thread()])
        yield running


def test_a_mailbox_becomes_timeline_interactions_once_and_stays_unread(
    server, monkeypatch, member
):
    """Marc (the ``member`` fixture) is the workspace user of the thread: his mail is outbound."""
    monkeypatch.setenv(imap.PASSWORD_VARIABLE, imap_server.PASSWORD)
    messages = [e for _, e in mail.thread()]
    expected = [
        e for e in messages if not e.automated
    ]  # newsletters are not conversations
    assert len(expected) < len(messages)

    report = run_import([server.url("INBOX")])

    assert report.file_errors == []
    assert report.records_read == len(messages)
    assert report.interactions_added == len(expected)
    logged = Interaction.objects.filter(channel="email")
    assert sorted(logged.values_list("external_id", flat=True)) == sorted(
        e.message_id for e in expected
    )
    for e in expected:
        interaction = logged.get(external_id=e.message_id)
        if e.sender == member.email:
            assert (interaction.direction, interaction.author) == ("out", member)
            continue
        assert interaction.direction == "in"
        assert interaction.participants.filter(
            role="from",
            contact__points__kind=ContactPoint.Kind.EMAIL,
            contact__points__normalized_value=e.sender.lower(),
        ).exists(), e.sender
    assert {e.sender for e in expected} > {member.email}, (
        "the thread has mail both ways"
    )
    # The import only looks: nothing is marked read on the server.
    assert all("\\Seen" not in flags for flags in server.flags("INBOX").values())

    again = run_import([server.url("INBOX")])
    assert again.interactions_added == 0 and again.contacts_created == 0
    assert Interaction.objects.count() == len(expected)


def test_a_wrong_password_is_one_clear_line_and_imports_nothing(server, monkeypatch):
    monkeypatch.setenv(imap.PASSWORD_VARIABLE, "not the password")
    report = run_import([server.url("INBOX")])
    assert len(report.file_errors) == 1
    assert "login failed" in report.file_errors[0]
    assert "not the password" not in report.file_errors[0]
    assert Interaction.objects.count() == 0


def test_the_cli_asks_for_the_password_on_a_terminal_only(server, monkeypatch):
    from click.testing import CliRunner

    from relais.cli import imports as import_command
    from relais.cli.commands import cli

    monkeypatch.delenv(imap.PASSWORD_VARIABLE, raising=False)
    runner = CliRunner()

    result = runner.invoke(cli, ["import", server.url("INBOX")])
    assert result.exit_code == 1
    assert f"no password: set {imap.PASSWORD_VARIABLE}" in result.stderr
    assert Interaction.objects.count() == 0

    monkeypatch.setattr(import_command, "stdin_is_terminal", lambda: True)
    result = runner.invoke(
        cli, ["import", server.url("INBOX")], input=imap_server.PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "IMAP password" in result.stderr
    assert imap_server.PASSWORD not in result.output
    assert Interaction.objects.count() > 0
