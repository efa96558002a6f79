"""Arbitrary input into detection and every reader: only the readers' own errors come out.

UnrecognisedFile, ReadError (and MappingError for overrides) are the contract; any other
exception is a bug. Inputs range from random bytes to near-valid CSV, vCard, mail and zips.
"""

import io
import os
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.ingest.readers import (
    MessageRecord,
    PersonRecord,
    ReadError,
    Skipped,
    UnrecognisedFile,
    inspect_path,
    parse_message,
    read_path,
)
from relais.ingest.readers.htmltext import html_to_text
from relais.ingest.readers.mailbox import read_mbox
from relais.ingest.readers.signature import extract_signature
from relais.ingest.readers.sources import FileSource
from relais.ingest.readers.tabular import Table
from relais.ingest.readers.vcard import read_vcards

# RELAIS_FUZZ_EXAMPLES=5000 for a long hunt; the default keeps the suite fast.
FUZZ = settings(
    max_examples=int(os.environ.get("RELAIS_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ALLOWED = (UnrecognisedFile, ReadError)


def _read(data: bytes, name: str = "input") -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            found = list(read_path(path, workspace_emails=["me@x.fr"]))
            list(inspect_path(path, sample=3))
        except ALLOWED:
            return []
    for record in found:
        assert isinstance(record, PersonRecord | MessageRecord | Skipped)
        assert record.record_number >= 0
    return found


HEADERS = ["Nom", "Prénom", "E-mail", "Tél.", "Société", "Portable", "Full Name", "Contact",
           "First Name", "Last Name", "URL", "Connected On", "E-mail 1 - Value", "Labels",
           "Business Phone", "E-mail Address", "Categories", "CONVERSATION ID", "FROM", "DATE",
           "CONTENT", "From", "To", "Sent At", "Direction", "", "x"]  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "DUPONT",
            "jean@x.fr",
            "06 12 34 56 78",
            "a ::: b",
            "* myContacts",
            "O'BRIEN",
            "https://www.linkedin.com/in/x",
            "0/0/00",
            "2024-03-15 10:00:00 UTC",
            '"',
            "\n",
            ";",
            ",",
            "\t",
            "=?utf-8?q?x?=",
        ]
    ),  # fmt: skip
    st.text(max_size=20),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])


@st.composite
def csv_files(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, max_size=10), max_size=15))
    preamble = draw(st.sampled_from(["", 'Notes:\n"blah"\n\n', "Titre du salon\n\n"]))
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    text = preamble + draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    return text.encode(draw(ENCODINGS), errors="replace")


PROPS = st.sampled_from([
    "N:DUPONT;Jean;;;", "FN:Jean Dupont", "ORG:ACME;Ventes", "TITLE:CEO", "EMAIL;TYPE=work:a@b.fr",
    "TEL;CELL;PREF:06 12", "item1.EMAIL:x@y.z", "item1.X-ABLabel:_$!<Work>!$_",
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=A9t=C3=A9=", "=0A=C3", " folded", "\tfold",
    "PHOTO;ENCODING=b:AAAA", "CATEGORIES:a,b\\,c", "ADR:;;rue;Paris;;75002;France",
    "X-SOCIALPROFILE;type=twitter:x-apple:bob", "URL:www.x.fr", "BEGIN:VCARD", "END:VCARD",
    "TEL;VALUE=uri:tel:+33", 'X;P="a:b":c', "::", ";;;", "N;CHARSET=bogus:\xe9",
])  # fmt: skip


@st.composite
def vcard_files(draw) -> bytes:
    lines = draw(st.lists(st.one_of(PROPS, st.text(max_size=30)), max_size=30))
    body = "\r\n".join(["BEGIN:VCARD", "VERSION:2.1", *lines])
    return body.encode(draw(ENCODINGS), errors="replace") + draw(st.binary(max_size=20))


HEADER_LINES = st.sampled_from([
    "From: =?utf-8?q?Dupont=2C_Jean?= <j@x.fr>", "From: <>", "From: a@", "From: \"unterminated",
    "To: a@b.fr, =?bogus?q?x?= <c@d.fr>", "Cc: undisclosed-recipients:;", "Subject: =?utf-8?b?!!!?=",
    "Date: Tue, 4 Jun 2024 08:00:00 +0200", "Date: yesterday", "Date: Tue, 99 Foo 2024",
    "Message-ID: <a@b>", "Message-ID:", "Content-Type: multipart/alternative; boundary=b",
    "Content-Type: text/html; charset=bogus", "Content-Transfer-Encoding: base64",
    "Content-Type: text/plain; charset*=utf-8''%E9", "List-Unsubscribe: <mailto:x>",
    "References: <r@s>", "Received: from x", "MIME-Version: 1.0",
])  # fmt: skip


@st.composite
def mail_bytes(draw) -> bytes:
    headers = draw(st.lists(HEADER_LINES, min_size=1, max_size=10))
    body = draw(st.one_of(
        st.text(max_size=200),
        st.sampled_from(["--b\nContent-Type: text/plain\n\nhi\n--b--", "<p>Hi<br>--<br>Jean</p>",
                         "Cordialement,\nJean\nTél. 01 23 45 67 89\n> quoted", "!!!==="]),
    ))  # fmt: skip
    return ("\n".join(headers) + "\n\n" + body).encode(
        draw(ENCODINGS), errors="replace"
    )


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _read(data)


@FUZZ
@given(st.text(max_size=500))
def test_random_text(text):
    _read(text.encode("utf-8"))


@FUZZ
@given(csv_files())
def test_csv_like_files(data):
    _read(data)


@FUZZ
@given(st.lists(st.lists(CELLS, max_size=8), max_size=40))
def test_tables_of_any_rows(rows):
    try:
        table = Table("t", rows)
    except UnrecognisedFile:
        return
    assert all(r.record_number >= 1 for r in table.records())


@FUZZ
@given(vcard_files())
def test_vcard_like_files(data):
    _read(data)
    assert all(
        isinstance(r, PersonRecord | Skipped)
        for r in read_vcards(FileSource.from_bytes(data, "v"))
    )


@FUZZ
@given(mail_bytes())
def test_mail_like_messages(data):
    parse_message(data, source_name="m", record_number=1, workspace_emails={"a@b.fr"})
    mbox = b"From x@y Tue Jun 04 06:00:00 2024\n" + data + b"\n\nFrom - z\n" + data
    list(read_mbox(FileSource.from_bytes(mbox, "mbox")))
    _read(data)


@FUZZ
@given(st.binary(max_size=1500))
def test_any_bytes_as_a_message(data):
    parse_message(data, source_name="m", record_number=1)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["a.csv", "b.vcf", "c.eml", "d/e.txt", "f.zip"]),
                          st.one_of(csv_files(), vcard_files(), mail_bytes(), st.binary(max_size=300))),
                max_size=4, unique_by=lambda member: member[0]))  # fmt: skip
def test_zips_of_anything(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    _read(buffer.getvalue(), "archive.zip")
    damaged = buffer.getvalue()
    _read(damaged[: len(damaged) // 2], "half.zip")


@FUZZ
@given(st.text(max_size=600), st.text(max_size=30), st.text(max_size=30))
def test_signatures_of_any_text(body, name, address):
    extract_signature(body, sender_name=name, sender_email=address)
    extract_signature(
        body + "\n\nCordialement,\n" + name + "\nTél. " + body[:40], sender_name=name
    )


@FUZZ
@given(st.text(max_size=400))
def test_html_of_any_text(markup):
    html_to_text(markup)
    html_to_text(
        "<div class='gmail_quote'><blockquote>" + markup + "<a href='http://x'>x</a>"
    )
