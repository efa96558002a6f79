"""LinkedIn's data export ("Get a copy of your data"): connections, messages, invitations.

Connections.csv opens with a "Notes:" paragraph, then the header ``First Name, Last Name, URL,
Email Address, Company, Position, Connected On`` (dates such as "15 Mar 2023"). messages.csv has
one row per message of a conversation; Invitations.csv one row per invitation sent or received.
People in messages and invitations are known by their profile URL, the only identity LinkedIn
gives, so participants carry ``kind="linkedin"``. The other files of the export (your own
profile, positions, skills…) hold nothing to import and are reported as left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from . import mapping, records
from .htmltext import html_to_text
from .mapping import ColumnMapping, Target
from .records import MessageRecord, Participant, Record, Skipped
from .values import clean

CONNECTIONS = {"First Name", "Last Name", "URL", "Connected On"}
MESSAGES = {"CONVERSATION ID", "FROM", "DATE", "CONTENT"}
INVITATIONS = {"From", "To", "Sent At", "Direction"}
_EXCHANGES = {"messages", "invitations"}
# Headers of export files about the account owner or LinkedIn itself, not about contacts.
OWN_DATA = [
    {"Email Address", "Confirmed", "Primary"},
    {"Headline", "Geo Location"},
    {"Company Name", "Title", "Started On", "Finished On"},
    {"School Name", "Degree Name"},
    {"Extension", "Number", "Type"},
    {"Registered At"},
    {"Endorsement Date", "Skill Name"},
]
_CONNECTION_TABLE = {
    "First Name": Target("first_name"),
    "Last Name": Target("last_name"),
    "URL": Target(records.LINKEDIN),
    "Email Address": Target(records.EMAIL),
    "Company": Target("organisation"),
    "Position": Target("title"),
}
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %Z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%d/%m/%Y %H:%M",
    "%d %b %Y",
    "%Y-%m-%d",
)


def kind_of(header: Sequence[str]) -> str:
    """'connections', 'messages', 'invitations', 'own' (nothing to import) or ''."""
    names = {h.strip() for h in header}
    for kind, signature in (
        ("connections", CONNECTIONS),
        ("messages", MESSAGES),
        ("invitations", INVITATIONS),
    ):
        if signature <= names:
            return kind
    if any(signature <= names for signature in OWN_DATA):
        return "own"
    return ""


def propose_connections(
    header: Sequence[str], sample: Sequence[Sequence[str]]
) -> ColumnMapping:
    return mapping.fixed(header, _CONNECTION_TABLE, "LinkedIn column")


def parse_date(value: str) -> dt.datetime | None:
    """LinkedIn's dates ('2023-03-15 10:12:45 UTC', '3/15/23, 10:12 AM', '15 Mar 2023'), in UTC."""
    value = " ".join(value.split())
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _dict_rows(rows: Iterable[Sequence[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Data rows as {header: value}, numbered from 1 under the header."""
    rows = iter(rows)
    top = list(itertools.islice(rows, 30))
    index = next(
        (i for i, r in enumerate(top) if kind_of([clean(c) for c in r]) in _EXCHANGES),
        None,
    )
    if index is None:
        return
    header = [clean(h) for h in top[index]]
    for number, row in enumerate(itertools.chain(top[index + 1 :], rows), start=1):
        yield number, dict(zip(header, (clean(c) for c in row), strict=False))


def _people(names: str, urls: str, role: str) -> list[Participant]:
    name_list = [n.strip() for n in names.split(",") if n.strip()] if names else []
    url_list = [u for u in re.split(r"[\s,]+", urls) if u] if urls else []
    if len(name_list) != len(url_list):
        if url_list:
            name_list = [""] * len(url_list) if len(url_list) > 1 else [names.strip()]
        else:
            url_list = [""] * len(name_list)
    return [
        Participant(role, url, name, records.LINKEDIN)
        for name, url in zip(name_list, url_list, strict=True)
    ]


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()[
        :12
    ]


def _text(value: str) -> str:
    return html_to_text(value) if re.search(r"<(p|br|div|a)\b", value, re.I) else value


def read_messages(name: str, rows: Iterable[Sequence[str]]) -> Iterator[Record]:
    """messages.csv: one MessageRecord per message, channel linkedin."""
    for number, row in _dict_rows(rows):
        if not any(row.values()):
            continue
        date_text = row.get("DATE", "")
        occurred = parse_date(date_text)
        if occurred is None:
            yield Skipped(name, number, "DATE", f"'{date_text}' is not a date")
        senders = _people(
            row.get("FROM", ""), row.get("SENDER PROFILE URL", ""), "from"
        )
        body = _text(row.get("CONTENT", ""))
        conversation = row.get("CONVERSATION ID", "")
        yield MessageRecord(
            source_name=name,
            record_number=number,
            external_id=f"linkedin:{conversation}:{date_text}:"
            + _digest(row.get("SENDER PROFILE URL", ""), body),
            channel="linkedin",
            occurred_at=occurred,
            subject=row.get("SUBJECT", ""),
            body=body,
            sender=senders[0] if senders else None,
            recipients=_people(
                row.get("TO", ""), row.get("RECIPIENT PROFILE URLS", ""), "to"
            ),
            thread_id=f"linkedin:{conversation}" if conversation else "",
            extra={k: row[k] for k in ("CONVERSATION TITLE", "FOLDER") if row.get(k)}
            | {"kind": "message"},
        )


def read_invitations(name: str, rows: Iterable[Sequence[str]]) -> Iterator[Record]:
    """Invitations.csv: one MessageRecord per invitation, its message as body."""
    for number, row in _dict_rows(rows):
        if not any(row.values()):
            continue
        sent = row.get("Sent At", "")
        occurred = parse_date(sent)
        if occurred is None:
            yield Skipped(name, number, "Sent At", f"'{sent}' is not a date")
        inviter, invitee = (
            row.get("inviterProfileUrl", ""),
            row.get("inviteeProfileUrl", ""),
        )
        yield MessageRecord(
            source_name=name,
            record_number=number,
            external_id=f"linkedin-invitation:{_digest(inviter, invitee, sent)}",
            channel="linkedin",
            occurred_at=occurred,
            body=row.get("Message", ""),
            sender=Participant("from", inviter, row.get("From", ""), records.LINKEDIN)
            if inviter or row.get("From")
            else None,
            recipients=[
                Participant("to", invitee, row.get("To", ""), records.LINKEDIN)
            ],
            extra={"kind": "invitation", "Direction": row.get("Direction", "")},
        )
