"""The ``relais`` command as users run it: real subprocesses on a database of their own.

Runs on SQLite, and on PostgreSQL when RELAIS_DATABASE_URL is set (see cli_workspace.py).
"""

from __future__ import annotations

import json
import re

import pytest

from .cli_workspace import Workspace, workspace

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    with workspace(tmp_path_factory.mktemp("cli")) as space:
        yield space


def _added_id(stdout: str) -> int:
    match = re.search(r"Contact (\d+) added", stdout)
    assert match, stdout
    return int(match.group(1))


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _one_error_line(result, *fragments: str) -> None:
    """A user error: exit code 1, nothing on stdout, exactly one 'Error: …' line on stderr."""
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_added_contact_is_exported_normalised(ws: Workspace):
    added = ws.run(
        "contacts",
        "add",
        "--first-name",
        "Hélène",
        "--last-name",
        "Lefèvre",
        "--email",
        "HELENE@Example.fr",
        "--phone",
        "06 12 34 56 78",
    )
    assert added.returncode == 0, added.stderr
    contact_id = _added_id(added.stdout)

    exported = ws.run("export", "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    record = next(r for r in _records(exported.stdout) if r["id"] == contact_id)
    assert record["first_name"] == "Hélène"
    assert record["last_name"] == "Lefèvre"
    assert record["emails"] == ["helene@example.fr"]
    assert record["phones"] == ["+33612345678"]
    assert record["provenance"][0]["kind"] == "cli"
    assert '"Hélène"' in exported.stdout  # UTF-8 as is, no \u escapes


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (
            ["contacts", "add", "--first-name", "X", "--phone", "not a phone"],
            ["phone", "not a phone"],
        ),
        (
            ["contacts", "add", "--first-name", "X", "--email", "nobody-at-example"],
            ["email"],
        ),
        (["contacts", "show", "987654"], ["987654"]),
    ],
    ids=["bad-phone", "bad-email", "unknown-id"],
)
def test_user_errors_are_one_line_and_exit_1(ws: Workspace, args, fragments):
    _one_error_line(ws.run(*args), *fragments)


def test_usage_errors_exit_2(ws: Workspace):
    result = ws.run("contacts", "add", "--status", "friend")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert ws.run("contacts", "show", "abc").returncode == 2


def test_user_add_without_terminal_or_password_stdin_fails_cleanly(ws: Workspace):
    result = ws.run("user", "add", "nopass@example.fr")
    _one_error_line(result, "--password-stdin")
    assert "nopass@example.fr" not in ws.run("user", "list").stdout


def test_user_add_with_password_stdin(ws: Workspace):
    added = ws.run(
        "user",
        "add",
        "Camille@Example.fr",
        "--role",
        "admin",
        "--password-stdin",
        "--first-name",
        "Camille",
        "--last-name",
        "Lefèvre",
        input=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    listed = ws.run("user", "list")
    assert "camille@example.fr" in listed.stdout
    assert "Camille Lefèvre" in listed.stdout
    _one_error_line(
        ws.run(
            "user",
            "add",
            "camille@example.fr",
            "--password-stdin",
            input=PASSWORD + "\n",
        ),
        "already exists",
    )


def test_token_create_prints_only_the_token_on_stdout(ws: Workspace):
    ws.run("user", "add", "bot@example.fr", "--password-stdin", input=PASSWORD + "\n")
    created = ws.run("token", "create", "bot@example.fr", "--name", "nightly export")
    assert created.returncode == 0, created.stderr
    assert re.fullmatch(r"rls_[A-Za-z0-9_-]{20,}\n", created.stdout)
    assert "not shown again" in created.stderr


def test_contacts_list_show_search(ws: Workspace):
    ws.run("user", "add", "owner@example.fr", "--password-stdin", input=PASSWORD + "\n")
    added = ws.run(
        "contacts",
        "add",
        "--first-name",
        "Bérénice",
        "--last-name",
        "de la Fontaine",
        "--organization",
        "Atelier Numérique SAS",
        "--title",
        "Fondatrice",
        "--email",
        "berenice@atelier.example",
        "--phone",
        "+44 20 7946 0123",
        "--linkedin",
        "fr.linkedin.com/in/Berenice-DLF/",
        "--url",
        "atelier.example",
        "--tag",
        "VIP",
        "--tag",
        "Salon 2025",
        "--city",
        "Lyon",
        "--country",
        "fr",
        "--status",
        "customer",
        "--owner",
        "owner@example.fr",
    )
    assert added.returncode == 0, added.stderr
    contact_id = _added_id(added.stdout)

    found = ws.run("contacts", "search", "berenice FONTAINE")
    assert found.returncode == 0
    assert "Bérénice de la Fontaine" in found.stdout
    assert "Atelier Numérique SAS" in found.stdout

    listed = ws.run(
        "contacts", "list", "--tag", "vip", "--status", "customer", "--format", "jsonl"
    )
    assert [r["id"] for r in _records(listed.stdout)] == [contact_id]

    shown = ws.run("contacts", "show", str(contact_id))
    assert shown.returncode == 0
    for text in (
        "Bérénice de la Fontaine",
        "Fondatrice",
        "+442079460123",
        "https://www.linkedin.com/in/berenice-dlf",
        "command line",
        "owner@example.fr",
    ):
        assert text in shown.stdout
    record = _records(
        ws.run("contacts", "show", str(contact_id), "--format", "jsonl").stdout
    )
    assert record[0]["tags"] == ["Salon 2025", "VIP"]
    assert record[0]["organization"] == "Atelier Numérique SAS"
    assert record[0]["owner"] == "owner@example.fr"


def test_export_to_files(ws: Workspace, tmp_path):
    ws.run("contacts", "add", "--first-name", "=HYPERLINK(1)", "--phone", "0612345670")
    csv_path, vcf_path = tmp_path / "contacts.csv", tmp_path / "contacts.vcf"
    written = ws.run("export", "--format", "csv", "--output", str(csv_path))
    assert written.returncode == 0 and "exported to" in written.stderr
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,display_name,")
    assert b"'=HYPERLINK(1)" in raw and b"'+33612345670" in raw
    assert ws.run("export", "--format", "vcf", "-o", str(vcf_path)).returncode == 0
    cards = vcf_path.read_bytes()
    assert cards.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert cards.count(b"BEGIN:VCARD") == cards.count(b"END:VCARD\r\n") >= 1
    assert not list(tmp_path.glob(".*.part"))
