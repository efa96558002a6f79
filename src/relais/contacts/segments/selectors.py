"""Reads on segments: the contacts a definition selects, and the saved segments.

``segment_contacts`` is the audience of anything that works on a segment (exports, and the
campaigns to come). Every criterion becomes a ``Q`` built on ``EXISTS`` subqueries, so that
``all`` and ``any`` combine them freely and a contact never appears twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from relais.contacts.hooks import interacted
from relais.contacts.models import Contact, ContactPoint, Provenance, Segment
from relais.contacts.normalize import tag_key
from relais.core.errors import NotFound
from relais.core.text import fold

from ..extensions import SEGMENT_FIELDS
from .definition import Criterion, Definition, parse_definition, resolve_day

__all__ = [
    "contacts_matching",
    "get_segment",
    "list_segments",
    "segment_contacts",
]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _tagged(keys: list[str]) -> Exists:
    return Exists(
        Contact.tags.through.objects.filter(
            contact_id=OuterRef("pk"), tag__key__in=keys
        )
    )


def _has_point(kind: str) -> Exists:
    return Exists(ContactPoint.objects.filter(contact_id=OuterRef("pk"), kind=kind))


def _condition(c: Criterion, today: dt.date) -> Q:
    f, op, v = c.field, c.op, c.value
    if f in SEGMENT_FIELDS:
        return SEGMENT_FIELDS[f].condition(op, v)
    if f == "tags":
        keys = [tag_key(t) for t in v]
        if op == "any":
            return Q(_tagged(keys))
        if op == "none":
            return ~Q(_tagged(keys))
        condition = Q()
        for key in keys:
            condition &= Q(_tagged([key]))
        return condition
    if f == "status":
        return Q(status__in=v) if op == "in" else ~Q(status__in=v)
    if f == "owner":
        if op == "unassigned":
            return Q(owner__isnull=True)
        return Q(owner__email__iexact=v) if isinstance(v, str) else Q(owner_id=v)
    if f == "organisation":
        if op == "none":
            return Q(organisation__isnull=True)
        if op == "is":
            return Q(organisation_id=v)
        return Q(organisation__normalized_name__contains=fold(v))
    if f == "title":
        return Q(title="") if op == "empty" else Q(title__icontains=v)
    if f == "city":
        return Q(city__iexact=v) if op == "is" else Q(city__icontains=v)
    if f == "country":
        return Q(country__in=v)
    if f in ("created", "updated"):
        moment = _start_of(resolve_day(v, today))
        column = f"{f}_at__{'gte' if op == 'after' else 'lt'}"
        return Q(**{column: moment})
    if f == "last_interaction":
        if op == "never":
            return ~Q(interacted(None))
        recent = Q(interacted(_start_of(resolve_day(v, today))))
        return recent if op == "since" else ~recent
    if f in ("has_email", "has_phone"):
        present = Q(_has_point(f.removeprefix("has_")))
        return present if v else ~present
    if f == "source":
        if op == "batch":
            return Q(created_by_batch_id=v) | Q(
                Exists(Provenance.objects.filter(contact_id=OuterRef("pk"), batch_id=v))
            )
        return Q(
            Exists(
                Provenance.objects.filter(contact_id=OuterRef("pk"), source_kind__in=v)
            )
        )
    raise AssertionError(f"criterion without evaluation: {f}")  # FIELDS and this agree


def contacts_matching(
    definition: Definition | dict[str, Any], *, today: dt.date | None = None
) -> QuerySet[Contact]:
    """The contacts a definition selects, by name. Archived contacts only when a status
    criterion asks for them."""
    if not isinstance(definition, Definition):
        definition = parse_definition(definition)
    day = today or timezone.localdate()
    conditions = [_condition(c, day) for c in definition.criteria]
    combined = Q()
    for condition in conditions:
        combined = (
            combined | condition if definition.match == "any" else combined & condition
        )
    if definition.match == "any" and not conditions:
        combined = Q()
    qs = Contact.objects.filter(combined)
    wants_archived = any(
        c.field == "status" and c.op == "in" and "archived" in c.value
        for c in definition.criteria
    )
    if not wants_archived:
        qs = qs.exclude(status=Contact.Status.ARCHIVED)
    return qs.order_by("last_name", "first_name", "id")


def segment_contacts(segment: Segment) -> QuerySet[Contact]:
    """The members of a saved segment, now (a segment stores its filter, not its members)."""
    return contacts_matching(segment.definition)


def list_segments() -> QuerySet[Segment]:
    return Segment.objects.select_related("created_by").order_by("name", "id")


def get_segment(segment_id: int) -> Segment:
    try:
        return Segment.objects.select_related("created_by").get(pk=segment_id)
    except (Segment.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No segment with id {segment_id}.") from None
