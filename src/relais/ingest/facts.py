"""From what a reader says to what the base can hold: checked, normalised facts about a person.

A reader's ``PersonRecord`` keeps values as written. Before anything is written, each record
becomes ``PersonFacts``: contact fields checked against their columns, the country as an ISO
code, every contact point normalised (E.164 phones in the record's country, lower-case
emails, canonical LinkedIn URLs), fields without a column of their own set aside as
``details`` for the provenance row. A value that fails is reported as a skipped field
(``Skipped`` with the field) and the rest of the record is kept.

The fingerprint is what makes importing idempotent: the same source record (source name,
record number and content) is written once, whatever the number of runs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings

from relais.contacts.models import ContactPoint
from relais.contacts.normalize import (
    InvalidValue,
    is_shared_address,
    normalize_point,
    tag_key,
)

from .countries import country_code
from .readers import MessageRecord, Participant, PersonRecord, Skipped
from .readers.names import split_full_name
from .readers.records import Attachment

# Contact columns a record may fill, with their length.
COLUMNS = {
    "first_name": 150,
    "last_name": 150,
    "display_name": 300,
    "title": 300,
    "city": 150,
    "country": 2,
    "language": 8,
}
# Reader fields with no column: kept in the provenance row's ``details``.
DETAIL_FIELDS = (
    "middle_name",
    "nickname",
    "civility",
    "department",
    "address",
    "postal_code",
    "birthday",
)
MAX_NOTE = 20_000

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,4})?")
_KINDS = frozenset(ContactPoint.Kind.values)


class PointFact(NamedTuple):
    """A normalised contact point (a tuple: cheap to pickle to the writer, see prepare.py)."""

    kind: str
    value: str
    normalized: str
    label: str
    primary: bool


@dataclass
class PersonFacts:
    """One record's facts about one person, ready to be matched and written."""

    source_name: str
    record_number: int
    fields: dict[str, str] = field(default_factory=dict)
    organisation: str = ""
    points: list[PointFact] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str = ""
    details: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""
    # Known contact (a message's sender enriched by its signature): no matching.
    contact_id: int | None = None
    # A participant of a message: its address identifies it even when shared.
    participant: bool = False
    # Provenance's kind when not a plain import ("card"), and a file to keep (a card photo).
    source_kind: str = ""
    attachment: Attachment | None = None

    def identifiers(self) -> list[tuple[str, str]]:
        """(kind, normalised value) that identify the person: emails, LinkedIn profiles, phones.

        Phones only decide a match when one side says mobile (see writer.py).
        """
        found = []
        for p in self.points:
            if p.kind == ContactPoint.Kind.EMAIL:
                if self.participant or not is_shared_address(p.normalized):
                    found.append((p.kind, p.normalized))
            elif p.kind == ContactPoint.Kind.PHONE or (
                p.kind == ContactPoint.Kind.LINKEDIN and "/in/" in p.normalized
            ):
                found.append((p.kind, p.normalized))
        return found


def fingerprint(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def record_fingerprint(record: PersonRecord | MessageRecord) -> str:
    """The identity of a source record: where it is and what it says."""
    if isinstance(record, MessageRecord):
        return fingerprint(
            record.source_name, record.record_number, record.channel, record.external_id
        )
    return fingerprint(
        record.source_name,
        record.record_number,
        sorted(record.fields.items()),
        [(p.kind, p.value, p.label, p.primary) for p in record.points],
        record.tags,
        sorted(record.extra.items()),
    )


def _clean(value: str) -> str:
    return " ".join(value.split())


def person_facts(
    record: PersonRecord, skipped: list[Skipped], *, source_name: str = ""
) -> PersonFacts | None:
    """Check and normalise a record; problems go to ``skipped``. None: nothing to keep."""
    name = source_name or record.source_name
    number = record.record_number
    facts = PersonFacts(name, number)
    facts.source_kind, facts.attachment = record.source_kind, record.attachment

    def skip(field_name: str, reason: str) -> None:
        skipped.append(Skipped(name, number, field_name, reason))

    for key, raw in record.fields.items():
        value = raw.strip() if key == "note" else _clean(raw)
        if not value:
            continue
        if key == "note":
            if len(value) > MAX_NOTE:
                skip("note", f"longer than {MAX_NOTE} characters")
            else:
                facts.note = value
        elif key == "organisation":
            if len(value) > 300:
                skip("organisation", "longer than 300 characters")
            else:
                facts.organisation = value
        elif key == "country":
            code = country_code(value)
            if code is None:
                skip(
                    "country",
                    f"'{value}' is not a country Relais knows; kept in details",
                )
                facts.details["country"] = value
            else:
                facts.fields["country"] = code
        elif key == "language":
            if _LANGUAGE.fullmatch(value):
                facts.fields["language"] = value.lower()
            else:
                skip("language", f"'{value}' is not a language code; kept in details")
                facts.details["language"] = value
        elif key in COLUMNS:
            if len(value) > COLUMNS[key]:
                skip(key, f"longer than {COLUMNS[key]} characters; kept in details")
                facts.details[key] = value
            else:
                facts.fields[key] = value
        else:
            facts.details[key] = value
    for key, raw in record.extra.items():
        if value := raw.strip():
            facts.details.setdefault(key, value)

    region = facts.fields.get("country") or str(settings.RELAIS_DEFAULT_REGION)
    seen: set[tuple[str, str]] = set()
    # Points the source marks primary first, so that they become the contact's primary.
    for point in sorted(record.points, key=lambda p: not p.primary):
        value = point.value.strip()
        if not value:
            continue
        label = f"{point.kind} ({point.label})" if point.label else point.kind
        if point.kind not in _KINDS:
            skip(label, f"unknown kind of contact point '{point.kind}'")
            continue
        if len(value) > 500:
            skip(label, "longer than 500 characters")
            continue
        try:
            normalized = normalize_point(point.kind, value, region)
        except InvalidValue as exc:
            skip(label, str(exc))
            continue
        if len(normalized) > 500 or (point.kind, normalized) in seen:
            continue
        seen.add((point.kind, normalized))
        facts.points.append(
            PointFact(
                point.kind,
                value,
                normalized,
                " ".join(point.label.split()).lower()[:40],
                point.primary,
            )
        )

    tag_keys: set[str] = set()
    for raw in record.tags:
        tag = _clean(raw).lstrip("#")
        if not tag:
            continue
        if len(tag) > 80:
            skip("tags", f"'{tag[:20]}…' is longer than 80 characters")
        elif (key := tag_key(tag)) not in tag_keys:
            tag_keys.add(key)
            facts.tags.append(tag)

    if not facts.fields.get("display_name"):
        first_email = next(
            (p.normalized for p in facts.points if p.kind == "email"), ""
        )
        shown = " ".join(
            v
            for v in (facts.fields.get("first_name"), facts.fields.get("last_name"))
            if v
        )
        shown = shown or facts.organisation or first_email
        if not shown and facts.points:
            shown = facts.points[0].value
        if not shown:
            skip("", "no name, organisation or way to reach the person")
            return None
        facts.fields["display_name"] = shown[:300]
    return facts


def participant_facts(
    participant: Participant, source_name: str, number: int, skipped: list[Skipped]
) -> PersonFacts | None:
    """Someone in a message, known by their address (email or LinkedIn URL) and name."""
    kind = (
        ContactPoint.Kind.LINKEDIN
        if participant.kind == ContactPoint.Kind.LINKEDIN
        else ContactPoint.Kind.EMAIL
    )
    try:
        normalized = normalize_point(kind, participant.address)
    except InvalidValue as exc:
        skipped.append(Skipped(source_name, number, participant.role, str(exc)))
        return None
    facts = PersonFacts(source_name, number, participant=True)
    facts.points.append(
        PointFact(kind, participant.address.strip(), normalized, "", False)
    )
    name = _clean(participant.name)
    if name and "@" not in name:
        _civility, first, last = split_full_name(name)
        if first:
            facts.fields["first_name"] = first[:150]
        if last:
            facts.fields["last_name"] = last[:150]
        facts.fields["display_name"] = (
            " ".join(v for v in (first, last) if v) or name
        )[:300]
    else:
        facts.fields["display_name"] = normalized[:300]
    return facts
