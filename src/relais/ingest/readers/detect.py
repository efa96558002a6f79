"""Which format a file is in, from its content; the file name is never trusted.

Binary signatures first (zip → XLSX or an archive; old Office, PDF, images are named and
refused), then text: "BEGIN:VCARD", an mbox "From " line, RFC 5322 headers, else a delimited
table whose header row decides between LinkedIn, Google, Outlook and a generic contact table.
"""

from __future__ import annotations

import csv
import re
import zipfile
from contextlib import closing
from dataclasses import dataclass

from . import card, google, linkedin, outlook
from .errors import ReadError, UnrecognisedFile
from .sources import FileSource, check_archive
from .tabular import HEADER_SEARCH, Table, find_header, sniff_delimiter, xlsx_tables
from .textfile import decode_head, guess_encoding, sniff_encoding

DESCRIPTIONS = {
    "linkedin-connections": "LinkedIn connections export (Connections.csv)",
    "linkedin-messages": "LinkedIn messages export (messages.csv)",
    "linkedin-invitations": "LinkedIn invitations export (Invitations.csv)",
    "linkedin-own": "LinkedIn export file about the account owner (nothing to import)",
    "google": "Google Contacts CSV",
    "outlook": "Outlook contacts CSV",
    "csv": "table of contacts (CSV)",
    "xlsx": "Excel workbook of contacts (XLSX)",
    "vcard": "vCard address book",
    "mbox": "mailbox (mbox)",
    "eml": "email message (.eml)",
    "maildir": "Maildir folder",
    "zip": "zip archive",
    "card": card.DESCRIPTION,
}
_BINARY = [
    (
        b"\xd0\xcf\x11\xe0",
        "old Office file (Excel 97-2003 .xls, Outlook .msg): save it as .xlsx, CSV or .eml",
    ),
    (b"%PDF", "PDF document"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip-compressed file: decompress it first"),
    (b"7z\xbc\xaf", "7-Zip archive: extract it first"),
    (b"Rar!", "RAR archive: extract it first"),
]
_FROM = re.compile(r"^From \S*\s.*\d")
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}
_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:")
_MAIL_HEADERS = {
    "from", "to", "cc", "subject", "date", "message-id", "received", "return-path",
    "mime-version", "delivered-to", "reply-to", "content-type", "x-mailer", "in-reply-to",
}  # fmt: skip


@dataclass(frozen=True)
class Detected:
    """A recognised format: its key, a description for people, and its text encoding."""

    key: str
    encoding: str = ""
    detail: str = ""

    @property
    def description(self) -> str:
        base = DESCRIPTIONS[self.key]
        return f"{base}, {self.detail}" if self.detail else base


def _zip(source: FileSource) -> Detected:
    try:
        with source.open_seekable() as stream, zipfile.ZipFile(stream) as archive:
            if reason := check_archive(archive, source.name):
                raise ReadError(source.name, reason)
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise ReadError(source.name, f"damaged zip file ({exc})") from None
    if "xl/workbook.xml" in names:
        no_header = UnrecognisedFile(
            source.name, "Excel workbook with no header row of contact columns"
        )
        try:
            with closing(xlsx_tables(source)) as tables:
                if any(isinstance(t, Table) for t in tables):
                    return Detected("xlsx")
        except UnrecognisedFile:
            raise no_header from None
        raise no_header
    if b"opendocument.spreadsheet" in mimetype:
        raise UnrecognisedFile(
            source.name, "OpenDocument spreadsheet: save it as .xlsx or CSV"
        )
    if "word/document.xml" in names or b"opendocument" in mimetype:
        raise UnrecognisedFile(source.name, "word-processing document")
    return Detected("zip")


def _is_mail(text: str) -> bool:
    names = []
    for line in text.split("\n")[:60]:
        line = line.rstrip("\r")
        if not line:
            break
        if line[0] in " \t":
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.append(line.split(":", 1)[0].lower())
    return len(set(names) & _MAIL_HEADERS) >= 2 and bool(
        {"from", "received"} & set(names)
    )


def _table(source: FileSource, text: str, head: bytes) -> Detected:
    delimiter = sniff_delimiter(text)
    lines = text.splitlines()[: HEADER_SEARCH + 5]
    try:
        rows = list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        rows = []
    index = find_header(rows)
    if index is None:
        width = max((len(r) for r in rows), default=0)
        shape = "plain text" if width < 2 else f"a table of {width} columns"
        raise UnrecognisedFile(
            source.name, f"{shape}, no header row of contact columns"
        )
    header = [c.strip() for c in rows[index]]
    full_encoding = sniff_encoding(source, head)
    kind = linkedin.kind_of(header)
    if kind:
        return Detected(f"linkedin-{kind}", full_encoding)
    separator = "tab" if delimiter == "\t" else f"'{delimiter}'"
    charset = _ENCODING_NAMES.get(full_encoding, full_encoding.upper())
    detail = f"{separator}-separated, {charset}"
    if google.is_google(header):
        return Detected("google", full_encoding, detail)
    if outlook.is_outlook(header):
        return Detected("outlook", full_encoding, detail)
    Table(source.name, rows)  # UnrecognisedFile unless some column says who people are
    return Detected("csv", full_encoding, detail)


def detect(source: FileSource) -> Detected:
    """The format of ``source``; UnrecognisedFile says what the file seems to be instead."""
    head = source.head()
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnrecognisedFile(source.name, "empty file")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip(source)
    if card.image_kind(head):
        return Detected("card", detail=card.image_kind(head).upper())
    for magic, what in _BINARY:
        if head.startswith(magic):
            raise UnrecognisedFile(source.name, what)
    encoding = guess_encoding(head)
    text = decode_head(head, encoding).lstrip("\ufeff")
    if (
        "\x00" in text
        or sum(not c.isprintable() and c not in "\r\n\t" for c in text[:2000]) > 20
    ):
        raise UnrecognisedFile(source.name, "binary data")
    stripped = text.lstrip()
    if re.match(r"(?i)begin:vcard\b", stripped) or re.search(
        r"(?im)^begin:vcard\s*$", text[:4096]
    ):
        return Detected("vcard")
    if stripped.startswith("From ") and _FROM.match(stripped):
        return Detected("mbox")
    if _is_mail(stripped):
        return Detected("eml")
    if stripped[:1] in "{[" or stripped[:5].lower() in {"<html", "<!doc", "<?xml"}:
        raise UnrecognisedFile(source.name, "JSON, HTML or XML document")
    return _table(source, text, head)
