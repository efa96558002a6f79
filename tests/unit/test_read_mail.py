"""Mail: mbox, .eml and Maildir into message records, signatures into person records."""

import datetime as dt

from relais.ingest.readers import (
    MessageRecord,
    Participant,
    Point,
    Skipped,
    parse_message,
    read_path,
)
from tests.fixtures_gen import mail

UTC = dt.UTC
WORKSPACE = [mail.WORKSPACE]


def _check(message, expected):
    assert isinstance(message, MessageRecord)
    assert message.external_id == expected.message_id
    assert message.sender.address == expected.sender
    assert message.subject == expected.subject
    assert message.channel == "email"
    assert message.automated == expected.automated
    if expected.signature:
        assert message.signature is not None
        for key, value in expected.signature.items():
            assert message.signature.fields[key] == value, key
        phones = [
            (p.value, p.label) for p in message.signature.points if p.kind == "phone"
        ]
        assert phones == expected.phones
        assert message.signature.points[0] == Point("email", expected.sender)
        assert (message.signature.source_name, message.signature.record_number) == (
            message.source_name,
            message.record_number,
        )
    else:
        assert message.signature is None


def test_mbox_thread(tmp_path):
    found = list(
        read_path(mail.write_mbox(tmp_path / "Inbox.mbox"), workspace_emails=WORKSPACE)
    )
    expected = [e for _, e in mail.thread()]
    assert [m.record_number for m in found] == [1, 2, 3, 4, 5, 6]
    for message, wanted in zip(found, expected, strict=False):
        _check(message, wanted)
    first, reply = found[:2]
    assert first.occurred_at == dt.datetime(2024, 6, 4, 10, 12, tzinfo=UTC)
    assert first.recipients == [Participant("to", "marc@relais.test", "Marc Membre")]
    assert reply.thread_id == "fred-1@acme-industries.fr"
    signature = first.signature
    assert Point("linkedin", "https://www.linkedin.com/in/fcanevet") in signature.points
    assert Point("url", "www.acme-industries.fr") in signature.points
    # The quoted message (Marc's own signature, 01 99 99 99 99) gave nothing.
    assert all("99 99" not in p.value for p in signature.points)


def test_html_only_mail_is_read_as_text(tmp_path):
    found = list(
        read_path(mail.write_mbox(tmp_path / "Inbox.mbox"), workspace_emails=WORKSPACE)
    )
    kate = found[2]
    assert kate.body.startswith("Hi Marc,\n\nTuesday works for me.")
    assert "> Hi Kate" in kate.body
    assert (
        Point("linkedin", "https://www.linkedin.com/in/katesmith")
        in kate.signature.points
    )


def test_encoded_headers_names_with_commas_and_8bit_bodies(tmp_path):
    found = list(
        read_path(mail.write_mbox(tmp_path / "Inbox.mbox"), workspace_emails=WORKSPACE)
    )
    raw = found[5]
    assert raw.sender == Participant("from", "jean.dupont@example.fr", "Dupont, Jean")
    assert raw.recipients == [
        Participant("to", "renee@example.fr", "Renée"),
        Participant("to", "marc@relais.test", ""),
        Participant("cc", "bob@example.com", "Bob O'Brien"),
    ]
    assert raw.subject == "Réunion de suivi, été"
    assert raw.body == "Voilà le compte rendu."
    assert raw.occurred_at == dt.datetime(2024, 6, 4, 6, 0, tzinfo=UTC)
    # No Message-ID: a stable digest instead.
    assert raw.external_id.startswith("sha1:")
    again = list(read_path(tmp_path / "Inbox.mbox"))[5]
    assert again.external_id == raw.external_id


def test_workspace_signatures_are_ignored_whatever_the_case(tmp_path):
    path = mail.write_mbox(tmp_path / "Inbox.mbox")
    assert list(read_path(path))[1].signature is not None
    assert (
        list(read_path(path, workspace_emails=["MARC@Relais.Test"]))[1].signature
        is None
    )


def test_maildir_numbering_is_stable_when_mail_moves_from_new_to_cur(tmp_path):
    box = mail.write_maildir(tmp_path / "Maildir")
    before = [(m.record_number, m.external_id) for m in read_path(box)]
    assert [n for n, _ in before] == [1, 2, 3, 4, 5]
    for path in sorted((box / "new").iterdir())[:2]:
        path.rename(box / "cur" / f"{path.name}:2,S")
    after = [(m.record_number, m.external_id) for m in read_path(box)]
    assert after == before
    assert {m.source_name for m in read_path(box)} == {"Maildir"}


def test_eml_and_a_message_given_as_bytes(tmp_path):
    (message,) = read_path(
        mail.write_eml(tmp_path / "devis.eml"), workspace_emails=WORKSPACE
    )
    _check(message, mail.thread()[0][1])
    data, expected = mail.thread()[4]
    parsed = parse_message(data, source_name="imap:INBOX", record_number=42)
    _check(parsed, expected)
    assert parsed.record_number == 42


def test_not_a_message_and_a_missing_date(tmp_path):
    assert parse_message(b"hello", source_name="x", record_number=1) == Skipped(
        "x", 1, "", "not an email message (no headers)"
    )
    message = parse_message(
        b"From: a@b.fr\nSubject: sans date\n\ncorps", source_name="x", record_number=2
    )
    assert message.occurred_at is None
    assert message.body == "corps"


def test_mbox_from_line_gives_the_date_when_the_header_has_none(tmp_path):
    path = tmp_path / "m"
    path.write_bytes(
        b"From someone@x.fr Tue Jun 04 06:00:00 2024\nFrom: a@b.fr\nSubject: s\n\n"
        b"From the start, a line escaped by nobody\n\n"
        b"From x@y.fr Wed Jun 05 06:00:00 2024\nFrom: c@d.fr\nSubject: t\n\n>From here\n"
    )
    first, second = read_path(path)
    assert first.occurred_at == dt.datetime(2024, 6, 4, 6, 0, tzinfo=UTC)
    assert "From the start" in first.body
    assert second.body == "From here"


def test_automated_mail_has_no_signature():
    data = (
        b"From: GitHub <notifications@github.com>\nTo: a@b.fr\nSubject: x\n"
        b"Message-ID: <n@github.com>\n\nHello\n\nCordialement,\nGitHub\nTel: 01 23 45 67 89\n"
    )
    message = parse_message(data, source_name="x", record_number=1)
    assert message.automated and message.signature is None
