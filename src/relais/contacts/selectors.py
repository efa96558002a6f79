"""Reads on contacts: filtered lists, one contact with everything on it, the export record.

``contact_record`` is the stable JSONL export contract (docs/export.md): the CLI, the API
and every export format build on it, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from relais.contacts import freshness as formula
from relais.contacts.normalize import tag_key
from relais.core.errors import InvalidInput, NotFound
from relais.core.text import fold

from .extensions import RECORD_FIELDS
from .models import (
    Contact,
    ContactPoint,
    LawfulBasis,
    Note,
    Organisation,
    Provenance,
    Tag,
)
from .search import search_contacts


@dataclass(frozen=True)
class ContactFilter:
    q: str = ""
    status: str = ""
    tag: str = ""
    owner_id: int | None = None
    unassigned: bool = False
    organisation_id: int | None = None
    include_archived: bool = False
    # Privacy filters (freshness_q, lawful_basis_q below): a freshness band ("stale" is the
    # "probably stale" segment) and a lawful basis ("none": nothing recorded).
    freshness: str = ""
    lawful_basis: str = ""


FRESHNESS_FILTERS = ("fresh", "ageing", "stale", "unknown")
NO_BASIS = "none"  # the lawful-basis filter value for "nothing recorded"


def freshness_q(band: str) -> Q:
    """Contacts in a freshness band; 'stale' is the "probably stale" segment."""
    if band == "fresh":
        return Q(freshness__gte=formula.FRESH)
    if band == "ageing":
        return Q(freshness__gte=formula.STALE, freshness__lt=formula.FRESH)
    if band == "stale":
        return Q(freshness__lt=formula.STALE)
    if band == "unknown":
        return Q(freshness__isnull=True)
    raise InvalidInput(
        {
            "freshness": f"Unknown band '{band}': use one of {', '.join(FRESHNESS_FILTERS)}."
        }
    )


def lawful_basis_q(basis: str) -> Q:
    if basis == NO_BASIS:
        return Q(lawful_basis="")
    if basis not in LawfulBasis.values:
        raise InvalidInput(
            {
                "lawful_basis": f"Unknown lawful basis '{basis}': use one of "
                f"{', '.join([*LawfulBasis.values, NO_BASIS])}."
            }
        )
    return Q(lawful_basis=basis)


def with_details(qs: QuerySet[Contact]) -> QuerySet[Contact]:
    """Prefetch what a contact record shows, in a fixed number of queries."""
    related = [n for f in RECORD_FIELDS.values() for n in f.select_related]
    return qs.select_related("organisation", "owner", *related).prefetch_related(
        Prefetch(
            "points",
            queryset=ContactPoint.objects.order_by("kind", "-is_primary", "id"),
        ),
        "tags",
        Prefetch(
            "provenance",
            queryset=Provenance.objects.select_related("batch", "recorded_by").order_by(
                "recorded_at", "id"
            ),
        ),
    )


def list_contacts(filters: ContactFilter | None = None) -> QuerySet[Contact]:
    """Contacts matching ``filters``: by relevance when there is a query (see
    ``relais.contacts.search``), else by name; archived ones only when asked for."""
    f = filters or ContactFilter()
    qs = Contact.objects.all()
    if not f.include_archived and f.status != Contact.Status.ARCHIVED:
        qs = qs.exclude(status=Contact.Status.ARCHIVED)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.tag:
        qs = qs.filter(tags__key=tag_key(f.tag))
    if f.owner_id is not None:
        qs = qs.filter(owner_id=f.owner_id)
    if f.unassigned:
        qs = qs.filter(owner__isnull=True)
    if f.organisation_id is not None:
        qs = qs.filter(organisation_id=f.organisation_id)
    if f.freshness or f.lawful_basis:
        if f.freshness:
            qs = qs.filter(freshness_q(f.freshness))
        if f.lawful_basis:
            qs = qs.filter(lawful_basis_q(f.lawful_basis))
    if f.q.strip():
        return search_contacts(qs, f.q)
    return qs.order_by("last_name", "first_name", "id")


def get_contact(contact_id: int) -> Contact:
    try:
        return with_details(Contact.objects.all()).get(pk=contact_id)
    except (Contact.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No contact with id {contact_id}.") from None


def list_tags() -> QuerySet[Tag]:
    """Every tag of the workspace, by name (for filters and pickers)."""
    return Tag.objects.order_by("name")


def get_organisation(organisation_id: int) -> Organisation:
    try:
        return Organisation.objects.get(pk=organisation_id)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No organisation with id {organisation_id}.") from None


def get_point(point_id: int) -> ContactPoint:
    try:
        return ContactPoint.objects.select_related("contact").get(pk=point_id)
    except (ContactPoint.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No contact point with id {point_id}.") from None


def get_tag(tag_id: int) -> Tag:
    try:
        return Tag.objects.get(pk=tag_id)
    except (Tag.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No tag with id {tag_id}.") from None


def get_note(note_id: int) -> Note:
    try:
        return Note.objects.select_related("author", "contact").get(pk=note_id)
    except (Note.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No note with id {note_id}.") from None


def list_notes(contact: Contact) -> QuerySet[Note]:
    """The contact's notes, newest first."""
    return (
        Note.objects.filter(contact=contact)
        .select_related("author")
        .order_by("-created_at", "-id")
    )


def list_points(contact: Contact) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(contact=contact).order_by(
        "kind", "-is_primary", "id"
    )


def find_tags(q: str = "") -> QuerySet[Tag]:
    """Tags whose name contains ``q``, by name, each with its number of contacts (``contact_count``)."""
    qs = Tag.objects.annotate(contact_count=Count("contacts"))
    if q.strip():
        qs = qs.filter(key__contains=fold(q))
    return qs.order_by("name", "id")


def find_organisations(q: str = "") -> QuerySet[Organisation]:
    """Organisations whose name holds every word of ``q``, by name, each with ``contact_count``."""
    qs = Organisation.objects.annotate(contact_count=Count("contacts"))
    for word in fold(q).split():
        qs = qs.filter(normalized_name__contains=word)
    return qs.order_by("name", "id")


def supplied(
    row: Provenance, kinds: Mapping[int, str]
) -> tuple[list[str], list[int]] | None:
    """What one provenance row still vouches for: (fields, ids of points that exist).

    ``kinds`` maps the contact's point ids to their kinds. The kinds of the row's points
    count as supplied fields ("email", "phone"); a point deleted since is ignored, and a row
    left with no field and no point vouches for nothing (None). See services/source.py.
    """
    points = [i for i in row.points or () if i in kinds]
    # The row's own fields, then its points' kinds: the order a person reads them in.
    fields = list(dict.fromkeys([*(row.fields or ()), *(kinds[i] for i in points)]))
    if not fields:
        return None
    return fields, points


def point_kinds(contact: Contact) -> dict[int, str]:
    """The contact's point ids and kinds (from the prefetched points when there are)."""
    return {p.pk: p.kind for p in contact.points.all()}


def provenance_entries(contact: Contact) -> list[dict[str, Any]]:
    """One entry per source record behind the contact, with the fields and points it supplied."""
    entries: dict[tuple[Any, ...], dict[str, Any]] = {}
    kinds = point_kinds(contact)
    for p in contact.provenance.all():
        found = supplied(p, kinds)
        if found is None:
            continue
        fields, points = found
        key = (p.source_kind, p.source_name, p.record_number, p.batch_id)
        entry = entries.setdefault(
            key,
            {
                "file": p.source_name,
                "record": p.record_number,
                "kind": p.source_kind,
                "batch": p.batch_id,
                "fields": [],
                "points": [],
                "details": {},
                "at": p.recorded_at.isoformat(),
            },
        )
        entry["fields"] = sorted(set(entry["fields"]) | set(fields))
        entry["details"].update(p.details or {})
        for point_id in points:
            if point_id not in entry["points"]:
                entry["points"].append(point_id)
    return list(entries.values())


def contact_record(contact: Contact) -> dict[str, Any]:
    """The export contract: one JSON object per contact. Fields are only ever added."""
    points = list(contact.points.all())

    def values(*kinds: str) -> list[str]:
        return [p.normalized_value for p in points if p.kind in kinds]

    return {
        "id": contact.pk,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "display_name": contact.display_name,
        "organization": contact.organisation.name if contact.organisation else "",
        "title": contact.title,
        "emails": values(ContactPoint.Kind.EMAIL),
        "phones": values(ContactPoint.Kind.PHONE),
        "urls": values(
            ContactPoint.Kind.URL,
            ContactPoint.Kind.LINKEDIN,
            ContactPoint.Kind.FACEBOOK,
        ),
        "handles": [
            {"kind": p.kind, "value": p.normalized_value}
            for p in points
            if p.kind
            in (
                ContactPoint.Kind.TWITTER,
                ContactPoint.Kind.MASTODON,
                ContactPoint.Kind.OTHER,
            )
        ],
        "points": [
            {
                "id": p.pk,
                "kind": p.kind,
                "label": p.label,
                "value": p.value,
                "normalized": p.normalized_value,
                "primary": p.is_primary,
                "confirmed_at": p.confirmed_at.isoformat() if p.confirmed_at else None,
                "invalid_since": p.invalid_since.isoformat()
                if p.invalid_since
                else None,
            }
            for p in points
        ],
        "city": contact.city,
        "country": contact.country,
        "language": contact.language,
        "tags": sorted(t.name for t in contact.tags.all()),
        "status": contact.status,
        "owner": contact.owner.email if contact.owner else None,
        "provenance": provenance_entries(contact),
        # Added by the privacy issue: why the contact is held, and how fresh the details are.
        "lawful_basis": contact.lawful_basis or None,
        "freshness": contact.freshness,
        "created_at": contact.created_at.isoformat(),
        "updated_at": contact.updated_at.isoformat(),
        # Fields registered by upper areas (extensions.py), e.g. "profile".
        **{name: field.value(contact) for name, field in RECORD_FIELDS.items()},
    }
