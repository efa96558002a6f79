"""Checking one contact against the base as it arrives, without re-running the batch.

Candidates come from two indexes: the blocking keys of ``MatchKey`` (the same keys the batch
blocks on) and the contact points' ``(kind, normalized_value)`` index for strong identifiers.
The few candidates are then scored in Python with the model's parameters, so the answer is the
one the batch would give for that pair.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet

from relais.contacts.models import Contact, ContactPoint
from relais.core.bulk import insert_rows

from ..features import Features, features_of
from ..models import MatchKey
from ..models.keys import KEY_LENGTH
from ..scoring import evidence_for, levels_of, score_pair
from .identifiers import PROOF_KINDS, clearly_different, identifier_values, is_shared
from .records import load_records
from .types import MatchRecord, ScoredPair

# A key held by more contacts than this is too common to point at anyone (a very frequent
# name with no other detail): its candidates are skipped rather than read by the thousand.
MAX_PER_KEY = 300
MAX_CANDIDATES = 400
# Candidates found by blocking keys that are scored (identifier holders always are).
MAX_SCORED = 60
# Contacts whose keys are rewritten together (one transaction each).
KEYS_CHUNK = 2000


def keys_for(f: Features) -> set[str]:
    """The blocking keys of one contact, as stored in ``MatchKey``."""
    keys = {
        f"n:{f.name_key}" if f.name_key else "",
        f"t:{f.tokens_key}" if f.tokens_key else "",
        f"i:{f.initial_key}" if f.initial_key else "",
        f"p:{f.prefix_key}" if f.prefix_key else "",
        f"lo:{f.last}|{f.org}" if f.last and f.org else "",
        f"fo:{f.first}|{f.org}" if f.first and f.org else "",
    }
    keys.update(f"e:{local}" for local in f.email_locals or ())
    keys.discard("")
    if f.last:
        keys.add(SURNAME + f.last)
    return {k[:KEY_LENGTH] for k in keys}


# The surname alone: never looked up for candidates (far too common), only counted for how
# rare a surname is (``model.surname_adjustment``).
SURNAME = "l:"
_TOTAL_TTL = 600.0
_total: tuple[float, int] = (0.0, 0)


def surname_frequency(last: str | None) -> float | None:
    """Share of indexed contacts bearing this surname (None when it is not indexed, e.g. a
    base whose keys predate the surname key: then no adjustment is made)."""
    global _total  # noqa: PLW0603 - a cached count, refreshed every few minutes
    if not last:
        return None
    bearing = MatchKey.objects.filter(key=(SURNAME + last)[:KEY_LENGTH]).count()
    if not bearing:
        return None
    now = time.monotonic()
    if now - _total[0] > _TOTAL_TTL or _total[1] < bearing:
        _total = (now, _surname_keys().count())
    return bearing / max(_total[1], bearing)


def _surname_keys() -> QuerySet[MatchKey]:
    """Every surname key. SQLite compares text byte by byte, so a range reads the index
    (its LIKE, case-insensitive, would scan the table); PostgreSQL's collations may ignore
    punctuation in ranges, so there it is a prefix match."""
    if connection.vendor == "sqlite":
        return MatchKey.objects.filter(key__gte=SURNAME, key__lt=SURNAME[:-1] + ";")
    return MatchKey.objects.filter(key__startswith=SURNAME)


def refresh_keys(contact_ids: Iterable[int]) -> None:
    """Rewrite the keys of these contacts (those deleted or archived simply lose theirs).

    Set-wise, a chunk of contacts at a time (memory stays flat for a million): per chunk one
    read of the contacts and one of their points, one DELETE and one multi-row INSERT.
    """
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), KEYS_CHUNK):
        part = ids[start : start + KEYS_CHUNK]
        # load_records(ids) reads archived contacts too: they must leave the index (merges).
        active = set(
            Contact.objects.filter(pk__in=part)
            .exclude(status=Contact.Status.ARCHIVED)
            .values_list("pk", flat=True)
        )
        # The keys read names, organisations and email local parts, never phones.
        rows = [
            (record.id, key)
            for record in load_records(sorted(active), mobiles=False)
            for key in keys_for(features_of(record))
        ]
        with transaction.atomic():
            MatchKey.objects.filter(contact_id__in=part)._raw_delete(
                MatchKey.objects.db
            )
            # Plain rows, not bulk_create: model instances cost more than the insert itself.
            insert_rows(MatchKey, ("contact_id", "key"), rows)


def _candidate_ids(record: MatchRecord, f: Features) -> set[int]:
    ids: set[int] = set()
    keys = sorted(k for k in keys_for(f) if not k.startswith(SURNAME))
    if keys:
        # One query; the per-key cap keeps a very common key from flooding the answer.
        rows = MatchKey.objects.filter(key__in=keys).values_list("key", "contact_id")[
            : MAX_PER_KEY * len(keys)
        ]
        per_key: dict[str, list[int]] = {}
        for key, contact_id in rows:
            per_key.setdefault(key, []).append(contact_id)
        hits: Counter[int] = Counter()
        for members in per_key.values():
            if len(members) <= MAX_PER_KEY:
                hits.update(members)
        # Those sharing the most keys first: a duplicate shares several, a namesake one.
        ids.update(contact_id for contact_id, _ in hits.most_common(MAX_SCORED))
    emails = {e.strip().lower() for e in record.emails if e.strip()}
    phones = set(record.phones) | set(record.mobiles)
    wanted = [("email", v) for v in emails] + [("phone", v) for v in phones]
    if record.linkedin:
        wanted.append(("linkedin", record.linkedin.strip().lower()))
    for kind in ("email", "phone", "linkedin"):
        values = [v for k, v in wanted if k == kind]
        if values:
            ids.update(
                ContactPoint.objects.filter(
                    kind=kind, normalized_value__in=values
                ).values_list("contact_id", flat=True)[:MAX_CANDIDATES]
            )
    ids.discard(record.id)
    return ids


def find_matches_for(
    record: MatchRecord, *, min_probability: float = 0.5, limit: int = 5
) -> list[ScoredPair]:
    """The best existing contacts matching ``record`` (which may be unsaved: id 0), best first."""
    f = features_of(record)
    ids = _candidate_ids(record, f)
    if not ids:
        return []
    candidates = [
        c for c in load_records(sorted(ids)[:MAX_CANDIDATES]) if c.id != record.id
    ]
    features = {c.id: features_of(c) for c in candidates}
    # Which of the record's identifiers several distinct people hold among these candidates.
    holders: dict[tuple[str, str], list[Features]] = {}
    for fc in features.values():
        for key in identifier_values(fc):
            holders.setdefault(key, []).append(fc)
    shared_emails: set[str] = set()
    shared_phones: set[str] = set()
    proof: set[int] = set()
    for key in identifier_values(f):
        group = holders.get(key)
        if not group:
            continue
        if is_shared([f, *group]):
            if key[0] == "email":
                shared_emails.add(key[1])
            elif key[0] in ("mobile", "phone"):
                shared_phones.add(key[1])
        elif key[0] in PROOF_KINDS:
            proof.update(c.unique_id for c in group)
    if shared_emails or shared_phones:
        f = features_of(
            record, shared_emails=shared_emails, shared_phones=shared_phones
        )
        features = {
            c.id: features_of(
                c, shared_emails=shared_emails, shared_phones=shared_phones
            )
            for c in candidates
        }
    out: list[ScoredPair] = []
    frequency: float | None = None
    if any(features[c.id].last == f.last for c in candidates if c.id not in proof):
        frequency = surname_frequency(f.last)
    for candidate in candidates:
        fc = features[candidate.id]
        if candidate.id in proof:
            out.append(_decided(record, candidate, f, fc))
            continue
        pair = score_pair(record, candidate, f, fc, surname_frequency=frequency)
        if pair.probability >= min_probability:
            out.append(pair)
    out.sort(key=lambda p: -p.probability)
    return out[:limit]


def _decided(
    record: MatchRecord, candidate: MatchRecord, f: Features, fc: Features
) -> ScoredPair:
    if candidate.id < record.id:
        record, candidate, f, fc = candidate, record, fc, f
    return ScoredPair(
        record.id,
        candidate.id,
        1.0,
        "identifier",
        evidence_for(levels_of(f, fc), record, candidate, f, fc),
    )


def different_people(
    pairs: Iterable[tuple[int, int]], *, below: float
) -> set[frozenset[int]]:
    """The pairs of saved contacts that are clearly two people: scored below ``below`` and
    with something that cannot be one person's — names that clearly differ (nicknames,
    initials, typos and swapped names do not), two different mobile numbers, two different
    LinkedIn profiles. A low score alone is no proof: a sparse record scores low against
    its own person's other records."""
    wanted = [tuple(p) for p in pairs]
    ids = sorted({i for p in wanted for i in p})
    features = {r.id: (r, features_of(r)) for r in load_records(ids)}
    out: set[frozenset[int]] = set()
    for a, b in wanted:
        if a not in features or b not in features:
            continue
        (ra, fa), (rb, fb) = features[a], features[b]
        shared = set(identifier_values(fa)) & set(identifier_values(fb))
        if any(kind in PROOF_KINDS for kind, _ in shared):
            continue
        apart = (
            clearly_different(fa, fb)
            or bool(fa.mobiles and fb.mobiles and not set(fa.mobiles) & set(fb.mobiles))
            or bool(fa.linkedin and fb.linkedin and fa.linkedin != fb.linkedin)
        )
        if apart and score_pair(ra, rb, fa, fb).probability < below:
            out.add(frozenset((a, b)))
    return out
