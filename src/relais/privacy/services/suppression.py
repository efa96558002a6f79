"""The suppression list: what keeps an erased person from coming back with the next import.

Only a keyed hash (HMAC-SHA256) of each normalised email, phone and LinkedIn profile is kept, never the value:
the list cannot be read back into addresses, but a value seen again hashes to the same
digest. The key is RELAIS_SUPPRESSION_KEY, else one derived from the secret key (so a
changed secret key would forget the list: set RELAIS_SUPPRESSION_KEY to keep it).

``drop_suppressed`` and ``drop_suppressed_messages`` are the import's hooks: one query per
chunk (per 500 values) against the list, in relais.ingest.services._write_chunk.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings

from relais.contacts.normalize import InvalidValue, normalize_point
from relais.privacy.models import SuppressedIdentifier

if TYPE_CHECKING:
    from relais.ingest.facts import PersonFacts
    from relais.ingest.readers import MessageRecord, Participant
    from relais.ingest.report import ImportReport

# Emails and phones, as GDPR practice asks; LinkedIn profiles too, since a LinkedIn export
# identifies people by their profile alone and would otherwise bring them back.
SUPPRESSED_KINDS = ("email", "phone", "linkedin", "email_optout")
# An address whose owner unsubscribed from campaigns: never mailed in bulk again, but unlike an
# erased person's identifiers it does not stop imports (the person still exists and may be a
# customer); only the sending side asks for this kind.
OPTED_OUT_EMAIL = "email_optout"
# The kinds that keep an email address out of campaigns: an erased person's, an unsubscribe.
MAIL_BLOCKING_KINDS = ("email", OPTED_OUT_EMAIL)
REASON = "erased on request: on the suppression list"


def _key() -> bytes:
    explicit = str(getattr(settings, "RELAIS_SUPPRESSION_KEY", "") or "")
    if explicit:
        return explicit.encode()
    return hashlib.sha256(
        b"relais.privacy.suppression:" + settings.SECRET_KEY.encode()
    ).digest()


def digest(kind: str, normalized: str) -> str:
    return hmac.new(_key(), f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()


def suppress(values: Iterable[tuple[str, str]]) -> int:
    """Add (kind, normalised value) pairs to the list; how many were new."""
    rows = {
        digest(kind, value): kind
        for kind, value in values
        if kind in SUPPRESSED_KINDS and value
    }
    known = set(
        SuppressedIdentifier.objects.filter(digest__in=list(rows)).values_list(
            "digest", flat=True
        )
    )
    SuppressedIdentifier.objects.bulk_create(
        [
            SuppressedIdentifier(digest=d, kind=k)
            for d, k in rows.items()
            if d not in known
        ]
    )
    return len(rows) - len(known)


def suppressed_among(values: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (kind, value) pairs of ``values`` that are on the list."""
    wanted = {
        digest(kind, value): (kind, value)
        for kind, value in values
        if kind in SUPPRESSED_KINDS and value
    }
    found: set[tuple[str, str]] = set()
    digests = list(wanted)
    for start in range(0, len(digests), 500):
        for d in SuppressedIdentifier.objects.filter(
            digest__in=digests[start : start + 500]
        ).values_list("digest", flat=True):
            found.add(wanted[d])
    return found


def is_suppressed(kind: str, normalized: str) -> bool:
    return bool(suppressed_among([(kind, normalized)]))


def _skip(report: ImportReport, name: str, number: int) -> None:
    from relais.ingest.readers import Skipped

    report.suppressed += 1
    report.skip(Skipped(name, number, "", REASON))


def drop_suppressed(
    facts: Sequence[PersonFacts], report: ImportReport
) -> list[PersonFacts]:
    """The people of a chunk minus those with an email or phone on the list (reported)."""
    if not SuppressedIdentifier.objects.exists():
        return list(facts)
    hits = suppressed_among((p.kind, p.normalized) for f in facts for p in f.points)
    kept = []
    for item in facts:
        if any((p.kind, p.normalized) in hits for p in item.points):
            _skip(report, item.source_name, item.record_number)
        else:
            kept.append(item)
    return kept


def _identity(participant: Participant) -> tuple[str, str]:
    kind = "linkedin" if participant.kind == "linkedin" else "email"
    try:
        return kind, normalize_point(kind, participant.address)
    except InvalidValue:
        return kind, ""


def drop_suppressed_messages(
    messages: Sequence[MessageRecord], report: ImportReport
) -> list[MessageRecord]:
    """A message from someone on the list is left out (reported); one they only received
    loses them from its recipients, so that they do not come back as a participant."""
    if not messages or not SuppressedIdentifier.objects.exists():
        return list(messages)
    hits = suppressed_among(
        _identity(p)
        for m in messages
        for p in ([m.sender] if m.sender else []) + m.recipients
    )
    if not hits:
        return list(messages)
    kept = []
    for message in messages:
        if message.sender and _identity(message.sender) in hits:
            _skip(report, message.source_name, message.record_number)
            continue
        message.recipients = [p for p in message.recipients if _identity(p) not in hits]
        kept.append(message)
    return kept
