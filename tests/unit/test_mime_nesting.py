"""A message of 1,000 nested multiparts is skipped with its reason; the rest of the mbox is
read, and the bounce reader ignores it instead of crashing (issue 25)."""

from __future__ import annotations

from relais.ingest.readers import MessageRecord, Skipped, read_path
from relais.mail.dsn import read_outcome


def nested(depth: int) -> bytes:
    head = b"From: a@example.org\r\nSubject: deep\r\nMessage-ID: <deep@example.org>\r\n"
    body = b"text"
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (
            b'Content-Type: multipart/mixed; boundary="'
            + boundary
            + b'"\r\n\r\n--'
            + boundary
            + b"\r\n"
            + body
            + b"\r\n--"
            + boundary
            + b"--\r\n"
        )
    return head + b"MIME-Version: 1.0\r\n" + body


def plain(n: int) -> bytes:
    return (
        f"From: b{n}@example.org\r\nTo: c@example.org\r\nSubject: hello {n}\r\n"
        f"Message-ID: <m{n}@example.org>\r\n\r\nBonjour\r\n"
    ).encode()


def test_an_mbox_with_a_deeply_nested_message_keeps_the_others(tmp_path):
    mbox = tmp_path / "Inbox.mbox"
    with mbox.open("wb") as out:
        for message in (plain(1), nested(1000), plain(2)):
            out.write(b"From sender@example.org Mon Jun  3 10:00:00 2024\n")
            out.write(message.replace(b"\r\n", b"\n") + b"\n")
    found = list(read_path(mbox))
    read = [r for r in found if isinstance(r, MessageRecord)]
    skipped = [r for r in found if isinstance(r, Skipped)]
    assert [r.subject for r in read] == ["hello 1", "hello 2"]
    assert len(skipped) == 1 and "nested parts" in skipped[0].reason
    assert skipped[0].record_number == 2


def test_a_moderately_nested_message_is_still_read(tmp_path):
    eml = tmp_path / "deep.eml"
    eml.write_bytes(nested(20))
    (record,) = list(read_path(eml))
    assert isinstance(record, MessageRecord) and record.subject == "deep"


def test_the_bounce_reader_ignores_a_deeply_nested_message():
    outcome = read_outcome(nested(1000))
    assert outcome.kind == "" and "nested" in outcome.diagnostic
