"""Mail as timeline records: mbox files, single .eml files and Maildir folders.

``parse_message`` turns one message, given as bytes, into a MessageRecord: the IMAP importer
calls it too. Headers are decoded from RFC 2047 encoded words in any charset (and from raw
8-bit bytes, UTF-8 or Windows-1252); addresses are split before their names are decoded, so
"=?utf-8?q?Dupont=2C_Jean?=" stays one person. The body is the text/plain part, else the HTML
part as text. The sender's signature (signature.py) becomes a PersonRecord, except for the
workspace's own addresses and for automated mail (lists, notifications, bounces).
"""

from __future__ import annotations

import datetime as dt
import email
import email.errors
import email.policy
import email.utils
import hashlib
import re
from collections.abc import Collection, Iterator
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

from relais.core.mime import too_nested
from relais.mail.files import mbox_messages

from . import records
from .htmltext import html_to_text
from .names import split_full_name
from .records import MessageRecord, Participant, PersonRecord, Point, Record, Skipped
from .signature import Signature, extract_signature
from .sources import FileSource, is_hidden
from .textfile import decode_value

_ROBOT = re.compile(
    r"^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|notifications?|bounces?|newsletter)\b",
    re.I,
)
_KNOWN_HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "received",
    "return-path",
}


def _raw(message: Message, name: str) -> list[str]:
    """Raw values of a header, 8-bit bytes decoded (UTF-8, else Windows-1252)."""
    found = []
    for key, value in message.raw_items():
        if key.lower() == name:
            text = str(value)
            if any("\udc80" <= c <= "\udcff" for c in text):
                text = decode_value(text.encode("ascii", "surrogateescape"))
            found.append(" ".join(text.split()))
    return found


def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded; a value that cannot be decoded is kept as it is."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError, email.errors.HeaderParseError):
        return value


def _header(message: Message, name: str) -> str:
    found = _raw(message, name)
    return decode_words(found[0]).strip() if found else ""


def _addresses(message: Message, name: str, role: str) -> list[Participant]:
    people = []
    for display, address in email.utils.getaddresses(_raw(message, name)):
        address = address.strip()
        if "@" in address:
            people.append(Participant(role, address, decode_words(display).strip()))
    return people


def _date(message: Message) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(_header(message, "date"))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _body(message: Message) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        if part is None:
            return ""
        payload = part.get_payload(decode=True)
        charset = part.get_content_charset() or ""
        subtype = part.get_content_subtype()
    except (LookupError, ValueError, TypeError, AttributeError, KeyError, IndexError):
        return ""  # a structure too damaged to find its text
    if not isinstance(payload, bytes):
        return ""
    text = decode_value(payload, charset).replace("\r\n", "\n")
    return html_to_text(text) if subtype == "html" else text.strip()


def _is_automated(message: Message, sender: Participant | None) -> bool:
    precedence = _header(message, "precedence").lower()
    auto = _header(message, "auto-submitted").lower()
    return bool(
        _raw(message, "list-unsubscribe")
        or _raw(message, "list-id")
        or precedence in {"bulk", "list", "junk"}
        or (auto and auto != "no")
        or message.get_content_type() == "multipart/report"
        or (sender and _ROBOT.match(sender.address))
    )


def _signature_record(
    found: Signature, sender: Participant, name: str, number: int
) -> PersonRecord:
    record = PersonRecord(name, number)
    _civility, first, last = split_full_name(sender.name or found.name)
    for key, value in (
        ("first_name", first),
        ("last_name", last),
        ("title", found.title),
        ("organisation", found.organisation),
        ("city", found.city),
        ("postal_code", found.postal_code),
    ):
        if value:
            record.fields[key] = value
    record.points.append(Point(records.EMAIL, sender.address))
    record.points += [Point(records.PHONE, n, label) for n, label in found.phones]
    for kind, value in (
        (records.URL, found.website),
        (records.LINKEDIN, found.linkedin),
        (records.TWITTER, found.twitter),
    ):
        if value:
            record.points.append(Point(kind, value))
    return record


def parse_message(
    data: bytes,
    *,
    source_name: str,
    record_number: int,
    workspace_emails: Collection[str] = (),
    fallback_date: dt.datetime | None = None,
) -> MessageRecord | Skipped:
    """One message (RFC 5322 bytes) as a MessageRecord; Skipped if it has no mail headers."""
    if reason := too_nested(data):
        return Skipped(source_name, record_number, "", reason)
    try:
        return _parse(data, source_name, record_number, workspace_emails, fallback_date)
    except (
        RecursionError
    ):  # nested another way than the guard counts: still one message
        return Skipped(
            source_name, record_number, "", "a message nested too deeply: skipped"
        )


def _parse(
    data: bytes,
    source_name: str,
    record_number: int,
    workspace_emails: Collection[str],
    fallback_date: dt.datetime | None,
) -> MessageRecord | Skipped:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not {k.lower() for k in message} & _KNOWN_HEADERS:
        return Skipped(
            source_name, record_number, "", "not an email message (no headers)"
        )
    senders = _addresses(message, "from", "from")
    sender = senders[0] if senders else None
    body = _body(message)
    subject = _header(message, "subject")
    occurred = _date(message) or fallback_date
    message_id = _header(message, "message-id").strip("<> ")
    external_id = (
        message_id
        or "sha1:"
        + hashlib.sha1(
            "\x1f".join(
                [sender.address if sender else "", str(occurred), subject, body]
            ).encode("utf-8", "surrogatepass"),
            usedforsecurity=False,
        ).hexdigest()
    )
    references = (
        _header(message, "references") or _header(message, "in-reply-to")
    ).split()
    automated = _is_automated(message, sender)
    own = {e.strip().lower() for e in workspace_emails}
    signature = None
    if sender and not automated and sender.address.lower() not in own:
        found = extract_signature(
            body, sender_name=sender.name, sender_email=sender.address
        )
        if found:
            signature = _signature_record(found, sender, source_name, record_number)
    return MessageRecord(
        source_name=source_name,
        record_number=record_number,
        external_id=external_id,
        channel="email",
        occurred_at=occurred,
        subject=subject,
        body=body,
        sender=sender,
        recipients=[
            *_addresses(message, "to", "to"),
            *_addresses(message, "cc", "cc"),
            *_addresses(message, "bcc", "bcc"),
        ],
        signature=signature,
        thread_id=references[0].strip("<>") if references else message_id,
        automated=automated,
    )


def _from_line_date(line: bytes) -> dt.datetime | None:
    """The date an mbox 'From ' line ends with: 'From a@b.c Mon Mar 15 10:12:45 2023'."""
    words = line.decode("latin-1").split()[2:]
    for size in (5, 6):
        text = " ".join(words[:size])
        for fmt in ("%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %z %Y"):
            try:
                parsed = dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return None


def read_mbox(
    source: FileSource, workspace_emails: Collection[str] = ()
) -> Iterator[Record]:
    """Every message of an mbox file, streamed; '>From ' lines unescaped (mboxrd and mboxo)."""
    with source.open() as stream:
        for number, (message, from_line) in enumerate(mbox_messages(stream), start=1):
            yield parse_message(
                message,
                source_name=source.name,
                record_number=number,
                workspace_emails=workspace_emails,
                fallback_date=_from_line_date(from_line),
            )


def read_eml(
    source: FileSource, workspace_emails: Collection[str] = ()
) -> Iterator[Record]:
    with source.open() as stream:
        data = stream.read()
    yield parse_message(
        data,
        source_name=source.name,
        record_number=1,
        workspace_emails=workspace_emails,
    )


def read_maildir(
    folder: Path, name: str, workspace_emails: Collection[str] = ()
) -> Iterator[Record]:
    """Messages of a Maildir in a stable order: by unique name, which survives new/ → cur/."""
    files = [
        f
        for sub in ("cur", "new")
        for f in (folder / sub).iterdir()
        if f.is_file() and not is_hidden(f.name)
    ]
    files.sort(key=lambda f: f.name.split(":")[0])
    for number, path in enumerate(files, start=1):
        yield parse_message(
            path.read_bytes(),
            source_name=name,
            record_number=number,
            workspace_emails=workspace_emails,
        )
