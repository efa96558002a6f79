"""Checking new contacts against the base as they arrive, without a full run.

- ``draft_record`` and ``possible_duplicates``: the "this looks like Frédéric Canevet at
  Sellsy — open it?" hint of the contact form (as the person types, and once saved) and the
  ``possible_duplicates`` of the API's create response.
- ``check_new_contacts``: contacts that arrived in an import batch, checked when the batch
  ends; their pairs are queued or merged per the settings. A very large batch is checked by
  one batch run instead of one look-up per contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings

from relais.contacts.models import Contact
from relais.contacts.normalize import InvalidValue, normalize_email, normalize_phone
from relais.matching import engine
from relais.matching.engine import MatchRecord, ScoredPair

from .pairs import PairOutcome, handle_pairs, thresholds

if TYPE_CHECKING:
    from relais.accounts.models import User

# One look-up per new contact costs a few milliseconds; one batch scoring of the whole base
# costs about 0.2 ms per contact in it. Past this many new contacts, and past one new contact
# for every BASE_PER_NEW already there, the batch run is the cheaper way.
BATCH_CHECK_ABOVE = 500
BASE_PER_NEW = 50


@dataclass(frozen=True)
class PossibleDuplicate:
    contact: Contact
    probability: float


def draft_record(
    *,
    first_name: str = "",
    last_name: str = "",
    organisation: str = "",
    title: str = "",
    city: str = "",
    country: str = "",
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
) -> MatchRecord:
    """A contact being typed (not saved: id 0) as the engine reads contacts."""
    region = (
        country.upper() if len(country) == 2 else str(settings.RELAIS_DEFAULT_REGION)
    )
    clean_emails, clean_phones = [], []
    for value in emails:
        try:
            clean_emails.append(normalize_email(value))
        except InvalidValue:
            continue
    for value in phones:
        try:
            clean_phones.append(normalize_phone(value, region))
        except InvalidValue:
            continue
    return MatchRecord(
        id=0,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        organisation=organisation.strip(),
        title=title.strip(),
        city=city.strip(),
        country=country.strip().upper(),
        emails=tuple(clean_emails),
        phones=tuple(clean_phones),
    )


def _has_something(record: MatchRecord) -> bool:
    return bool(
        (record.first_name or record.last_name) or record.emails or record.phones
    )


def possible_duplicates(
    record: MatchRecord, *, limit: int = 3, exclude: Iterable[int] = ()
) -> list[PossibleDuplicate]:
    """Active contacts that may be the same person as ``record``, most likely first."""
    if not _has_something(record):
        return []
    review_threshold, _ = thresholds()
    pairs = engine.find_matches_for(
        record, min_probability=review_threshold, limit=limit + 1
    )
    skip = {record.id, *exclude} - {0}
    best: dict[int, float] = {}
    for pair in pairs:
        other = pair.right_id if pair.left_id == record.id else pair.left_id
        if other in skip or other == 0:
            continue
        best[other] = max(best.get(other, 0.0), pair.probability)
    contacts = (
        Contact.objects.filter(pk__in=best, merged_into__isnull=True)
        .exclude(status=Contact.Status.ARCHIVED)
        .select_related("organisation")
    )
    found = [PossibleDuplicate(c, best[c.pk]) for c in contacts]
    found.sort(key=lambda d: (-d.probability, d.contact.pk))
    return found[:limit]


def duplicates_of(contact: Contact, limit: int = 3) -> list[PossibleDuplicate]:
    """``possible_duplicates`` of a saved contact."""
    record = next(iter(engine.load_records([contact.pk])), None)
    return [] if record is None else possible_duplicates(record, limit=limit)


def check_new_contacts(
    *, actor: User | None, contact_ids: Sequence[int], auto: bool | None = None
) -> PairOutcome:
    """Find the duplicates of newly arrived contacts; queue or merge them per the settings."""
    from .dedupe import run_dedupe

    if not contact_ids:
        return PairOutcome()
    if auto is None:
        auto = bool(settings.RELAIS_MATCHING_AUTO_MERGE)
    if len(contact_ids) > BATCH_CHECK_ABOVE:
        base = Contact.objects.filter(merged_into__isnull=True).count()
        if len(contact_ids) * BASE_PER_NEW > base:
            return run_dedupe(actor=actor, auto=auto).outcome
    review_threshold, auto_threshold = thresholds()
    pairs: list[ScoredPair] = []
    for record in engine.load_records(contact_ids):
        pairs.extend(
            p
            for p in engine.find_matches_for(
                record, min_probability=min(review_threshold, auto_threshold), limit=5
            )
            if p.left_id != p.right_id and 0 not in (p.left_id, p.right_id)
        )
    return handle_pairs(
        actor=actor,
        pairs=pairs,
        auto=auto,
        review_threshold=review_threshold,
        auto_threshold=auto_threshold,
    )


def check_import_batch(*, actor: User | None, batch_id: int) -> PairOutcome:
    """``check_new_contacts`` for the contacts an import batch created."""
    ids = list(
        Contact.objects.filter(created_by_batch_id=batch_id).values_list(
            "pk", flat=True
        )
    )
    return check_new_contacts(actor=actor, contact_ids=ids)
