"""Bounces and replies read from mbox, Maildir and a real IMAP server (Dovecot): hard bounces
invalidate the address, soft ones schedule a retry, replies stop the sequence; reading twice
changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from relais.cli.commands import cli
from relais.contacts.models import ContactPoint
from relais.ingest.readers import imap
from relais.outreach.models import Delivery, DeliveryEvent
from relais.outreach.services.bounces import poll_mailbox, process_source
from relais.privacy.models import FreshnessSignal
from tests import imap_server
from tests.fixtures_gen import bounces

from .outreach_track_fixtures import make_campaign, make_delivery


@pytest.fixture
def three(people) -> list[Delivery]:
    campaign = make_campaign("Rebonds")
    return [make_delivery(campaign, contact) for contact in people(3)]


def _mail(hard: Delivery, soft: Delivery, replied: Delivery) -> list[bytes]:
    return [
        bounces.postfix_hard(hard.message_id, hard.to_email),
        bounces.outlook_soft(soft.message_id, soft.to_email),
        bounces.reply(replied.message_id, replied.to_email),
        bounces.reply(soft.message_id, soft.to_email, auto=True),
        bounces.unrelated(),
        bounces.gmail_hard("not-ours@elsewhere.example", "x@elsewhere.example"),
    ]


def _check(hard: Delivery, soft: Delivery, replied: Delivery) -> None:
    hard.refresh_from_db()
    soft.refresh_from_db()
    replied.refresh_from_db()
    assert hard.status == Delivery.Status.BOUNCED
    point = ContactPoint.objects.get(contact=hard.contact, kind="email")
    assert point.invalid_since is not None
    assert FreshnessSignal.objects.filter(contact=hard.contact, kind="bounce").exists()
    assert soft.status == Delivery.Status.DEFERRED
    assert soft.not_before is not None and soft.not_before > soft.sent_at
    assert replied.status == Delivery.Status.SENT
    kinds = sorted(DeliveryEvent.objects.values_list("kind", flat=True))
    assert kinds == ["bounce_hard", "bounce_soft", "reply"]
    assert "5.1.1" in DeliveryEvent.objects.get(kind="bounce_hard").detail


def test_mbox_twice(three, tmp_path) -> None:
    path = bounces.write_mbox(tmp_path / "bounces.mbox", _mail(*three))
    report = process_source(str(path))
    assert (report.read, report.hard, report.soft, report.replies) == (6, 1, 1, 1)
    assert (report.unmatched, report.other) == (1, 2)
    _check(*three)
    again = process_source(str(path))
    assert (again.already, again.hard) == (3, 0)
    assert DeliveryEvent.objects.count() == 3


def test_maildir_through_the_cli(three, tmp_path) -> None:
    folder = bounces.write_maildir(tmp_path / "Maildir", _mail(*three))
    result = CliRunner().invoke(cli, ["bounces", str(folder)])
    assert result.exit_code == 0, result.output
    assert "1 hard bounces, 1 soft bounces, 1 replies" in result.output
    _check(*three)


def test_a_bad_path_is_named(db, tmp_path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    result = CliRunner().invoke(cli, ["bounces", str(text)])
    assert result.exit_code == 1
    assert "notes.txt" in result.output and "not an mbox" in result.output


def test_soft_bounces_retry_then_fail(people, settings) -> None:
    settings.RELAIS_BOUNCE_SOFT_MAX_ATTEMPTS = 2
    (contact,) = people(1)
    delivery = make_delivery(make_campaign("Pleine"), contact)
    from relais.outreach.services.bounces import process_messages

    first = bounces.outlook_soft(delivery.message_id, delivery.to_email)
    process_messages([first])
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEFERRED
    process_messages([first + b"\n"])  # a second bounce for the retry
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED


@pytest.fixture(scope="module")
def server() -> Iterator[imap_server.ImapServer]:
    with imap_server.dovecot() as running:
        yield running


def test_imap_mailbox_and_the_poll(server, three, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(imap.PASSWORD_VARIABLE, imap_server.PASSWORD)
    hard, soft, replied = three
    server.append(
        "INBOX", [(raw, "29-Nov-2026 10:20:00 +0100") for raw in _mail(*three)]
    )
    state = tmp_path / "poll.json"
    report = poll_mailbox(server.url("INBOX"), state)
    assert (report.read, report.hard, report.soft, report.replies) == (6, 1, 1, 1)
    _check(hard, soft, replied)
    # The next poll reads only what arrived since; the mailbox is left unread.
    assert poll_mailbox(server.url("INBOX"), state).read == 0
    assert all("\\Seen" not in flags for flags in server.flags("INBOX").values())
    # Reading the whole mailbox again (the CLI) adds nothing.
    assert process_source(server.url("INBOX")).already == 3


def test_the_periodic_job_reads_the_bounce_mailbox(
    server, three, monkeypatch, settings, tmp_path
) -> None:
    from relais.outreach.tasks import every_poll_interval, poll_bounce_mailbox

    monkeypatch.setenv(imap.PASSWORD_VARIABLE, imap_server.PASSWORD)
    hard, _soft, _replied = three
    settings.DATA_DIR = tmp_path
    settings.RELAIS_BOUNCE_MAILBOX = ""
    assert not every_poll_interval(dt.datetime(2026, 11, 29, 10, 0))
    settings.RELAIS_BOUNCE_MAILBOX = server.url("Bounces")
    settings.RELAIS_BOUNCE_POLL_MINUTES = 5
    assert every_poll_interval(dt.datetime(2026, 11, 29, 10, 5))
    assert not every_poll_interval(dt.datetime(2026, 11, 29, 10, 6))
    server.append(
        "Bounces",
        [
            (
                bounces.gmail_hard(hard.message_id, hard.to_email),
                "29-Nov-2026 10:20:00 +0100",
            )
        ],
    )
    assert poll_bounce_mailbox.call_local()["hard"] == 1
    hard.refresh_from_db()
    assert hard.status == Delivery.Status.BOUNCED
    assert poll_bounce_mailbox.call_local()["read"] == 0
