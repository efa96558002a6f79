"""The CLI commands in-process with click's CliRunner, on pytest-django's test database.

test_cli.py runs the real executable for the user-facing contract; this module covers the
many smaller cases quickly. Same command code, same services.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from relais.accounts.models import ApiToken, User
from relais.cli.commands import cli
from relais.contacts.models import Contact

PASSWORD = "correct-horse-battery"


@pytest.fixture
def relais(db):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input)

    return invoke


def _error(result: Result, *fragments: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (
            ["contacts", "add", "--first-name", "X", "--country", "France"],
            ["country", "France"],
        ),
        (
            ["contacts", "add", "--first-name", "X", "--owner", "ghost@example.fr"],
            ["owner", "ghost@"],
        ),
        (["contacts", "add"], ["name"]),
        (
            ["contacts", "add", "--first-name", "X", "--linkedin", "example.org/x"],
            ["linkedin"],
        ),
        (["contacts", "list", "--owner", "ghost@example.fr"], ["owner"]),
        (["token", "revoke", "987654"], ["987654"]),
        (["token", "create", "ghost@example.fr", "--name", "ci"], ["ghost@example.fr"]),
        (["user", "add", "not-an-email", "--password-stdin"], ["email"]),
        (["export", "--output", "/nonexistent-dir/x.jsonl"], ["output"]),
    ],
)
def test_user_errors(relais, args, fragments):
    _error(relais(*args, input=PASSWORD + "\n"), *fragments)


def test_several_bad_fields_are_reported_together_on_one_line(relais):
    line = _error(relais("contacts", "add", "--email", "nope", "--phone", "12"))
    assert "email:" in line and "phone:" in line
    assert Contact.objects.count() == 0


def test_password_prompt_on_a_terminal_asks_twice(relais, monkeypatch):
    monkeypatch.setattr("relais.cli.base.stdin_is_terminal", lambda: True)
    mismatch = relais(
        "user", "add", "tty@example.fr", input=f"{PASSWORD}\nother-password\n"
    )
    assert (
        mismatch.exit_code != 0
        and not User.objects.filter(email="tty@example.fr").exists()
    )
    result = relais("user", "add", "tty@example.fr", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.stderr and "Repeat for confirmation" in result.stderr
    assert PASSWORD not in result.output
    assert User.objects.get(email="tty@example.fr").check_password(PASSWORD)


def test_empty_password_line_is_refused(relais):
    _error(
        relais("user", "add", "e@example.fr", "--password-stdin", input="\n"), "empty"
    )


def test_user_roles_and_list(relais):
    for email, role in (("a@example.fr", "admin"), ("r@example.fr", "readonly")):
        assert (
            relais(
                "user", "add", email, "--role", role, "--password-stdin", input=PASSWORD
            ).exit_code
            == 0
        )
    assert User.objects.get(email="a@example.fr").role == "admin"
    assert User.objects.get(email="r@example.fr").role == "readonly"
    User.objects.filter(email="r@example.fr").update(is_active=False)
    assert "r@example.fr" not in relais("user", "list").stdout
    assert "r@example.fr" in relais("user", "list", "--all").stdout


def test_token_lifecycle(relais):
    relais("user", "add", "bot@example.fr", "--password-stdin", input=PASSWORD)
    token = relais(
        "token", "create", "bot@example.fr", "--name", "nightly"
    ).stdout.strip()
    saved = ApiToken.objects.get()
    listed = relais("token", "list").stdout
    assert "nightly" in listed and saved.hint in listed and token not in listed
    assert "revoked" in relais("token", "revoke", str(saved.pk)).stdout
    saved.refresh_from_db()
    assert saved.revoked_at is not None
    assert "already revoked" in relais("token", "revoke", str(saved.pk)).stdout
    _error(relais("token", "create", "bot@example.fr", "--name", "  "), "name")


def test_list_filters_limit_and_archived(relais, make_contact, member):
    make_contact(first_name="Anaïs", last_name="Archivée", status="archived")
    make_contact(
        first_name="Loïc",
        last_name="Le Goff",
        status="customer",
        owner=member,
        tags=["VIP"],
    )
    make_contact(first_name="Zoé", last_name="Marchand", tags=["vip"])

    def ids(*args: str) -> list[str]:
        out = relais("contacts", "list", *args, "--format", "jsonl").stdout
        return [json.loads(line)["last_name"] for line in out.splitlines()]

    assert ids() == ["Le Goff", "Marchand"]
    assert ids("--status", "archived") == ["Archivée"]
    assert ids("--tag", "VÌP") == ["Le Goff", "Marchand"]
    assert ids("--owner", member.email) == ["Le Goff"]
    assert ids("--limit", "1") == ["Le Goff"]
    human = relais("contacts", "list", "--limit", "1").stdout
    assert "Loïc Le Goff" in human and "1 of 2 contacts" in human


def test_search_by_phone_fragment_and_accents(relais, make_contact):
    make_contact(
        first_name="François", last_name="Dupont", phones=["+33 6 12 34 56 78"]
    )
    make_contact(first_name="Francoise", last_name="Durand")
    out = relais("contacts", "search", "06 12 34", "--format", "jsonl").stdout
    assert [json.loads(line)["first_name"] for line in out.splitlines()] == ["François"]
    assert "François Dupont" in relais("contacts", "search", "FRANCOIS dup").stdout


def test_show_lists_timeline_and_open_tasks(relais, make_contact, member):
    from relais.timeline.services import create_task, log_interaction

    contact = make_contact(first_name="Hélène", last_name="Lefèvre")
    log_interaction(
        actor=member,
        channel="call",
        direction="in",
        contacts=[contact],
        subject="Rappel devis",
    )
    create_task(actor=member, title="Envoyer la proposition", contact=contact)
    shown = relais("contacts", "show", str(contact.pk)).stdout
    assert "Rappel devis" in shown and "Envoyer la proposition" in shown


def test_add_prints_the_record_as_jsonl(relais):
    result = relais(
        "contacts",
        "add",
        "--first-name",
        "Ségolène",
        "--email",
        "S@Example.fr",
        "--format",
        "jsonl",
    )
    record = json.loads(result.stdout)
    assert record["first_name"] == "Ségolène" and record["emails"] == ["s@example.fr"]


def test_markup_in_names_is_printed_as_written(relais, make_contact):
    make_contact(first_name="[bold]Zoé[/bold]", last_name="Markup")
    assert "[bold]Zoé[/bold] Markup" in relais("contacts", "search", "markup").stdout


def test_help_does_not_need_the_database(relais):
    for args in (
        [],
        ["contacts"],
        ["contacts", "add"],
        ["export"],
        ["serve"],
        ["demo"],
    ):
        result = relais(*args, "--help")
        assert result.exit_code == 0 and "Usage: " in result.stdout


def test_a_lost_password_is_replaced_and_the_old_one_stops_working(relais):
    relais("user", "add", "demo@example.fr", "--password-stdin", input=PASSWORD)
    result = relais(
        "user",
        "set-password",
        "demo@example.fr",
        "--password-stdin",
        input="new-pass-4567\n",
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(email="demo@example.fr")
    assert user.check_password("new-pass-4567") and not user.check_password(PASSWORD)
    _error(
        relais(
            "user",
            "set-password",
            "ghost@example.fr",
            "--password-stdin",
            input=PASSWORD,
        ),
        "ghost@example.fr",
    )
    _error(
        relais(
            "user",
            "set-password",
            "demo@example.fr",
            "--password-stdin",
            input="short\n",
        ),
        "password",
    )
