"""LinkedIn data export: Connections.csv, messages.csv, Invitations.csv, the zip and folder."""

import datetime as dt

import pytest

from relais.ingest.readers import (
    MessageRecord,
    Participant,
    PersonRecord,
    Point,
    Skipped,
    read_path,
)
from relais.ingest.readers.linkedin import parse_date
from tests.fixtures_gen import linkedin, people

UTC = dt.UTC


def test_connections_after_the_notes_paragraph(tmp_path):
    folks = people(30, 5)
    found = list(
        read_path(linkedin.write_connections(tmp_path / "Connections.csv", folks))
    )
    assert [r.record_number for r in found] == [1, 2, 3, 4, 5]
    for index, (record, person) in enumerate(zip(found, folks, strict=True)):
        assert isinstance(record, PersonRecord)
        assert record.fields == {
            "first_name": person.first,
            "last_name": person.last,
            "organisation": person.company,
            "title": person.title,
        }
        expected = [Point("linkedin", person.linkedin)]
        if index % 2 == 0:
            expected.append(Point("email", person.email))
        assert record.points == expected
        assert record.extra == {"Connected On": f"{index + 1:02d} Mar 2023"}


def test_export_zip(tmp_path):
    folks = people(31, 4)
    found = list(
        read_path(
            linkedin.write_export_zip(tmp_path / "Basic_LinkedInDataExport.zip", folks)
        )
    )
    by_source: dict[str, list] = {}
    for record in found:
        by_source.setdefault(record.source_name.split("/", 1)[1], []).append(record)
    assert sorted(by_source) == [
        "Articles/Articles/2023-01-01 Hello.html",
        "Connections.csv",
        "Email Addresses.csv",
        "Invitations.csv",
        "Positions.csv",
        "Profile.csv",
        "messages.csv",
    ]  # __MACOSX/ is left out silently
    assert len(by_source["Connections.csv"]) == 4
    for own in ("Email Addresses.csv", "Positions.csv", "Profile.csv"):
        (skipped,) = by_source[own]
        assert skipped.record_number == 0
        assert "account owner" in skipped.reason
    (html,) = by_source["Articles/Articles/2023-01-01 Hello.html"]
    assert isinstance(html, Skipped) and html.reason == "JSON, HTML or XML document"


def test_messages(tmp_path):
    folks = people(32, 3)
    found = list(read_path(linkedin.write_export_folder(tmp_path / "export", folks)))
    messages = [r for r in found if r.source_name == "export/messages.csv"]
    assert [m.record_number for m in messages] == [1, 2, 3, 4, 5, 6]
    first, reply = messages[:2]
    assert isinstance(first, MessageRecord)
    assert first.channel == "linkedin"
    assert first.occurred_at == dt.datetime(2024, 3, 10, 9, 10, tzinfo=UTC)
    assert first.sender == Participant(
        "from", folks[0].linkedin, folks[0].full_name, "linkedin"
    )
    assert first.recipients == [
        Participant("to", linkedin.OWNER[1], linkedin.OWNER[0], "linkedin")
    ]
    assert first.body.startswith("Bonjour Marc,\nravi")
    assert first.thread_id == reply.thread_id == "linkedin:2-ZjE0MDAw"
    assert reply.body == "Merci, avec plaisir !"  # HTML content as text
    assert first.extra["FOLDER"] == "INBOX"
    assert len({m.external_id for m in messages}) == 6


def test_message_ids_are_stable_across_imports(tmp_path):
    folks = people(33, 3)
    path = linkedin.write_export_folder(tmp_path / "export", folks)
    ids = [
        [r.external_id for r in read_path(path) if isinstance(r, MessageRecord)]
        for _ in "ab"
    ]
    assert ids[0] == ids[1]


def test_invitations(tmp_path):
    folks = people(34, 4)
    found = list(read_path(linkedin.write_export_folder(tmp_path / "export", folks)))
    invitations = [r for r in found if r.source_name == "export/Invitations.csv"]
    incoming, outgoing = invitations[:2]
    assert incoming.occurred_at == dt.datetime(2024, 3, 1, 16, 5, tzinfo=UTC)
    assert incoming.sender.address == folks[0].linkedin
    assert incoming.body.startswith("Bonjour Marc")
    assert incoming.extra == {"kind": "invitation", "Direction": "INCOMING"}
    assert outgoing.recipients[0].address == folks[1].linkedin
    assert outgoing.extra["Direction"] == "OUTGOING"


def test_an_unreadable_date_is_reported_and_the_message_kept(tmp_path):
    path = tmp_path / "messages.csv"
    path.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER\nc1,,Jean,https://www.linkedin.com/in/j,Marc,"
        "https://www.linkedin.com/in/m,hier,,Salut,INBOX\n",
        encoding="utf-8",
    )
    skipped, message = read_path(path)
    assert skipped == Skipped("messages.csv", 1, "DATE", "'hier' is not a date")
    assert message.occurred_at is None and message.body == "Salut"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-03-15 10:12:45 UTC", dt.datetime(2023, 3, 15, 10, 12, 45, tzinfo=UTC)),
        ("3/15/23, 10:12 AM", dt.datetime(2023, 3, 15, 10, 12, tzinfo=UTC)),
        ("15 Mar 2023", dt.datetime(2023, 3, 15, tzinfo=UTC)),
        ("2023-03-15T10:12:45+01:00", dt.datetime(2023, 3, 15, 9, 12, 45, tzinfo=UTC)),
        ("", None),
        ("soon", None),
    ],
)
def test_linkedin_dates(text, expected):
    assert parse_date(text) == expected
