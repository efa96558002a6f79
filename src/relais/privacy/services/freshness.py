"""Confirming what a contact holds, recording signals, and keeping the stored score current.

The formula is ``relais.contacts.freshness`` (pure). Here: what counts as a confirmation
(the import or any source stating the fact — the provenance date —, a reply from the
address, a self-update, a manual "confirm"), what counts as a signal (a point marked
invalid by a hard bounce, an auto-reply saying the person left, a newer signature naming
another employer), and the writes: ``Contact.freshness`` is recomputed in bulk so that lists
filter on it, and a daily ``FreshnessSnapshot`` feeds the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts import freshness as formula
from relais.contacts.models import Contact, ContactPoint, Provenance
from relais.privacy.models import FreshnessSignal, FreshnessSnapshot
from relais.timeline.models import Interaction, Participant

if TYPE_CHECKING:
    from relais.accounts.models import User

# Fields whose confirmation a person's check or self-update records.
KEY_FIELDS = ("first_name", "last_name", "title", "organisation", "city", "country")
_CHUNK = 2000


def _parse(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def last_confirmations(ids: Sequence[int]) -> dict[int, dt.datetime]:
    """When each contact's details were last confirmed, in a fixed number of queries."""
    found: dict[int, dt.datetime] = {}
    for pk, created, confirmed in Contact.objects.filter(pk__in=ids).values_list(
        "pk", "created_at", "fields_confirmed_at"
    ):
        dates = [_parse(v) for v in (confirmed or {}).values()]
        found[pk] = _latest(created, *dates) or created
    sources = (
        Provenance.objects.filter(contact_id__in=ids)
        .values("contact_id")
        .annotate(at=Max("recorded_at"))
    )
    points = (
        ContactPoint.objects.filter(contact_id__in=ids, invalid_since__isnull=True)
        .values("contact_id")
        .annotate(at=Max("confirmed_at"))
    )
    replies = (
        Participant.objects.filter(
            contact_id__in=ids,
            role=Participant.Role.FROM,
            interaction__direction=Interaction.Direction.INBOUND,
        )
        .values("contact_id")
        .annotate(at=Max("interaction__occurred_at"))
    )
    for rows in (sources, points, replies):
        for row in rows:
            if row["at"] is not None and row["contact_id"] in found:
                found[row["contact_id"]] = max(found[row["contact_id"]], row["at"])
    return found


def compute_scores(ids: Sequence[int], now: dt.datetime) -> dict[int, int]:
    confirmed = last_confirmations(ids)
    signals: dict[int, set[str]] = {pk: set() for pk in confirmed}
    for contact_id, kind in FreshnessSignal.objects.filter(
        contact_id__in=ids,
        resolved_at__isnull=True,
        kind__in=[FreshnessSignal.Kind.LEFT, FreshnessSignal.Kind.NEW_EMPLOYER],
    ).values_list("contact_id", "kind"):
        signals[contact_id].add(kind)
    all_bounced: set[int] = set()
    for row in (
        ContactPoint.objects.filter(contact_id__in=ids, kind=ContactPoint.Kind.EMAIL)
        .values("contact_id")
        .annotate(
            total=Count("id"), dead=Count("id", filter=Q(invalid_since__isnull=False))
        )
    ):
        if row["dead"]:
            signals[row["contact_id"]].add("bounce")
            if row["dead"] == row["total"]:
                all_bounced.add(row["contact_id"])
    return {
        pk: formula.score(at, now, signals[pk], all_emails_bounced=pk in all_bounced)
        for pk, at in confirmed.items()
    }


def refresh_freshness(
    contact_ids: Iterable[int] | None = None, *, now: dt.datetime | None = None
) -> int:
    """Recompute and store the score of these contacts (all when None); how many."""
    now = now or timezone.now()
    if contact_ids is None:
        ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(contact_ids))
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        scores = compute_scores(part, now)
        stored = dict(
            Contact.objects.filter(pk__in=part).values_list("pk", "freshness")
        )
        # One UPDATE per distinct new score (at most 101), for the rows that changed: far
        # cheaper than a row-by-row CASE on a large base, where most scores move by a point.
        changed: dict[int, list[int]] = defaultdict(list)
        for pk, value in scores.items():
            if stored.get(pk) != value:
                changed[value].append(pk)
        with transaction.atomic():
            for value, pks in changed.items():
                Contact.objects.filter(pk__in=pks).update(freshness=value)
            Contact.objects.filter(pk__in=part).update(freshness_at=now)
    return len(ids)


def take_snapshot(*, day: dt.date | None = None) -> FreshnessSnapshot:
    """Count active contacts per band for ``day`` (today), replacing that day's row."""
    day = day or timezone.localdate()
    counts = dict.fromkeys(formula.BANDS, 0)
    for value in (
        Contact.objects.exclude(status=Contact.Status.ARCHIVED)
        .values_list("freshness", flat=True)
        .iterator(chunk_size=5000)
    ):
        counts[formula.band(value)] += 1
    snapshot, _created = FreshnessSnapshot.objects.update_or_create(
        day=day, defaults=counts
    )
    return snapshot


def refresh_all() -> FreshnessSnapshot:
    """The nightly job: every score, then today's snapshot."""
    refresh_freshness()
    return take_snapshot()


def record_signal(
    *,
    contact_id: int,
    kind: str,
    occurred_at: dt.datetime,
    detail: str = "",
    point_id: int | None = None,
) -> FreshnessSignal | None:
    """Store a signal once (the same kind and detail for a contact is not repeated)."""
    detail = " ".join(detail.split())[:500]
    if FreshnessSignal.objects.filter(
        contact_id=contact_id, kind=kind, detail=detail, resolved_at__isnull=True
    ).exists():
        return None
    return FreshnessSignal.objects.create(
        contact_id=contact_id,
        kind=kind,
        occurred_at=occurred_at,
        detail=detail,
        point_id=point_id,
    )


def mark_point_invalid(
    *,
    actor: User | None,
    point: ContactPoint,
    at: dt.datetime | None = None,
    reason: str = "hard bounce",
) -> ContactPoint:
    """A delivery to ``point`` failed for good (a hard bounce): the point is marked invalid,
    a signal is kept and the contact's freshness drops. Campaigns call this."""
    ensure_can_write(actor)
    at = at or timezone.now()
    with transaction.atomic():
        if point.invalid_since is None:
            point.invalid_since = at
            point.save(update_fields=["invalid_since"])
        record_signal(
            contact_id=point.contact_id,
            kind=FreshnessSignal.Kind.BOUNCE,
            occurred_at=at,
            detail=reason,
            point_id=point.pk,
        )
        record(
            actor=actor,
            action="point.invalid",
            obj=point,
            contact_id=point.contact_id,
            changes={"reason": reason},
        )
        refresh_freshness([point.contact_id])
    return point


def confirm_contact(
    *,
    actor: User | None,
    contact: Contact,
    fields: Iterable[str] = KEY_FIELDS,
    points: Iterable[ContactPoint] | None = None,
    at: dt.datetime | None = None,
    via: str = "manual",
) -> Contact:
    """Record that the contact's details were checked and are right: the key fields and the
    valid points (all by default) are confirmed now, and open signals are settled."""
    ensure_can_write(actor)
    at = at or timezone.now()
    stamp = at.isoformat()
    with transaction.atomic():
        contact.fields_confirmed_at = {
            **(contact.fields_confirmed_at or {}),
            **dict.fromkeys(fields, stamp),
        }
        Contact.objects.filter(pk=contact.pk).update(
            fields_confirmed_at=contact.fields_confirmed_at
        )
        chosen = (
            ContactPoint.objects.filter(contact=contact, invalid_since__isnull=True)
            if points is None
            else ContactPoint.objects.filter(pk__in=[p.pk for p in points])
        )
        confirmed = chosen.update(confirmed_at=at)
        FreshnessSignal.objects.filter(
            contact=contact, resolved_at__isnull=True
        ).exclude(kind=FreshnessSignal.Kind.BOUNCE).update(resolved_at=at)
        record(
            actor=actor,
            action="contact.confirm",
            obj=contact,
            contact_id=contact.pk,
            changes={"via": via, "fields": sorted(fields), "points": confirmed},
        )
        refresh_freshness([contact.pk], now=max(at, timezone.now()))
    contact.refresh_from_db()
    return contact


def confirm_point(*, actor: User | None, point: ContactPoint) -> ContactPoint:
    """One point checked and right (it works again if it was marked invalid)."""
    ensure_can_write(actor)
    now = timezone.now()
    with transaction.atomic():
        point.confirmed_at, point.invalid_since = now, None
        point.save(update_fields=["confirmed_at", "invalid_since"])
        FreshnessSignal.objects.filter(point=point, resolved_at__isnull=True).update(
            resolved_at=now
        )
        record(
            actor=actor,
            action="point.confirm",
            obj=point,
            contact_id=point.contact_id,
        )
        refresh_freshness([point.contact_id])
    return point
