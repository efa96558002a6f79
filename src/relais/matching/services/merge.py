"""Merging two contacts into one: the survivor keeps everything, the other is archived.

``merge_contacts`` carries every row that points at the merged contact (see ``carry``),
chooses each field's value (see ``survivorship``), archives the merged contact with
``merged_into`` set, writes a ``Merge`` record holding the operation log that makes the merge
undoable exactly (``undo.undo_merge``), and audit entries on both contacts. Once committed,
the matching engine is told both contacts changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q

from relais.accounts.services import ensure_can_write
from relais.audit.models import AuditEntry
from relais.audit.services import record
from relais.contacts.models import Contact, ContactPoint, Provenance
from relais.contacts.services.contacts import default_display_name
from relais.contacts.services.search_text import touch
from relais.core.errors import InvalidInput
from relais.matching import engine
from relais.matching.models import MatchCandidate, Merge

from . import survivorship as sv
from .carry import Carrier, contact_relations, encode, row_dict

if TYPE_CHECKING:
    from relais.accounts.models import User

FORMER = "former"


def richness(contact: Contact) -> tuple[int, int]:
    """How much a contact holds (points, notes, tasks, interactions, sources), and -id (older)."""
    counts = Contact.objects.filter(pk=contact.pk).aggregate(
        points=Count("points", distinct=True),
        notes=Count("notes", distinct=True),
        tasks=Count("tasks", distinct=True),
        talks=Count("participations", distinct=True),
        sources=Count("provenance", distinct=True),
    )
    return (sum(v or 0 for v in counts.values()), -contact.pk)


def default_survivor(a: Contact, b: Contact) -> tuple[Contact, Contact]:
    """(survivor, merged): the richer contact survives; between equals, the older one."""
    return (a, b) if richness(a) >= richness(b) else (b, a)


def _org_key(contact: Contact) -> str:
    return contact.organisation.normalized_name if contact.organisation else ""


def _choose_fields(
    survivor: Contact, merged: Contact, name_votes: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """The survivor's new field values (attnames), per ``survivorship``."""
    prov_s = list(Provenance.objects.filter(contact=survivor))
    prov_m = list(Provenance.objects.filter(contact=merged))
    values: dict[str, Any] = {}
    values["first_name"], values["last_name"] = sv.names(
        (survivor.first_name, survivor.last_name),
        (merged.first_name, merged.last_name),
        name_votes,
    )
    values["title"] = sv.trusted_value(
        survivor.title,
        sv.field_trust(prov_s, "title", survivor.updated_at),
        merged.title,
        sv.field_trust(prov_m, "title", merged.updated_at),
    )
    org_s = survivor.organisation.name if survivor.organisation else ""
    org_m = merged.organisation.name if merged.organisation else ""
    winner = sv.trusted_value(
        org_s,
        sv.field_trust(prov_s, "organisation", survivor.updated_at),
        org_m,
        sv.field_trust(prov_m, "organisation", merged.updated_at),
    )
    values["organisation_id"] = (
        survivor.organisation_id
        if winner == org_s and org_s
        else merged.organisation_id
        if org_m
        else survivor.organisation_id
    )
    for name in ("city", "country", "language", "owner_id"):
        values[name] = getattr(survivor, name) or getattr(merged, name)
    values["status"] = sv.furthest_status(survivor.status, merged.status)
    derived = survivor.display_name == default_display_name(
        survivor.first_name, survivor.last_name, org_s
    )
    if derived or not survivor.display_name:
        winner_org = (
            org_s if values["organisation_id"] == survivor.organisation_id else org_m
        )
        values["display_name"] = (
            default_display_name(values["first_name"], values["last_name"], winner_org)
            or survivor.display_name
            or merged.display_name
        )
    return values


def _label_former(
    carrier: Carrier, survivor: Contact, merged: Contact, organisation_id: int | None
) -> None:
    """Work emails of the contact whose organisation lost get the label "former"."""
    for contact in (survivor, merged):
        if (
            contact.organisation_id is None
            or organisation_id is None
            or _org_key(contact) == _org_key_of(organisation_id)
        ):
            continue
        domains = {d.lower() for d in (contact.organisation.domains or [])}  # type: ignore[union-attr]
        for point in ContactPoint.objects.filter(
            pk__in=_points_from(carrier, contact, survivor),
            kind=ContactPoint.Kind.EMAIL,
        ):
            domain = point.normalized_value.rpartition("@")[2]
            employer = domain in domains if domains else sv.is_work_address(domain)
            if employer and point.label in ("", "work"):
                carrier.update(point, label=FORMER, is_primary=False)


def _org_key_of(organisation_id: int) -> str:
    from relais.contacts.models import Organisation

    return (
        Organisation.objects.filter(pk=organisation_id)
        .values_list("normalized_name", flat=True)
        .first()
        or ""
    )


def _points_from(carrier: Carrier, contact: Contact, survivor: Contact) -> list[int]:
    """The ids of the points that were ``contact``'s before the merge (now on the survivor)."""
    if contact.pk == survivor.pk:
        moved = set(carrier.moved.get("contacts.contactpoint", []))
        return list(
            ContactPoint.objects.filter(contact=survivor)
            .exclude(pk__in=moved)
            .values_list("pk", flat=True)
        )
    return carrier.moved.get("contacts.contactpoint", [])


def _one_primary_per_kind(carrier: Carrier, survivor: Contact) -> None:
    seen: set[str] = set()
    for point in ContactPoint.objects.filter(contact=survivor).order_by(
        "kind", "-is_primary", "id"
    ):
        if point.kind in seen:
            if point.is_primary:
                carrier.update(point, is_primary=False)
        else:
            seen.add(point.kind)
            if not point.is_primary and point.label != FORMER:
                carrier.update(point, is_primary=True)


def merge_contacts(
    *,
    actor: User | None,
    survivor: Contact,
    merged: Contact,
    reason: str = Merge.Reason.MANUAL,
    probability: float | None = None,
    name_votes: Mapping[str, int] | None = None,
) -> Merge:
    """Merge ``merged`` into ``survivor`` (see the module docstring); returns the Merge.
    ``name_votes``: how many records of a cluster being merged write each spelling of a
    name (``survivorship.name_votes``), to choose between a name and its typo."""
    ensure_can_write(actor)
    if survivor.pk == merged.pk:
        raise InvalidInput({"contacts": "A contact cannot be merged with itself."})
    with transaction.atomic():
        locked = Contact.objects.select_for_update(of=("self",)).select_related(
            "organisation"
        )
        survivor, merged = locked.get(pk=survivor.pk), locked.get(pk=merged.pk)
        for contact in (survivor, merged):
            if contact.merged_into_id is not None:
                raise InvalidInput(
                    {
                        "contacts": f"{contact.display_name} was already merged into "
                        f"another contact (id {contact.merged_into_id})."
                    }
                )
        survivor_before, merged_before = row_dict(survivor), row_dict(merged)
        values = _choose_fields(survivor, merged, name_votes)
        carrier = Carrier()
        for fk in contact_relations():
            carrier.carry(fk, merged.pk, survivor.pk)
        _label_former(carrier, survivor, merged, values["organisation_id"])
        _one_primary_per_kind(carrier, survivor)

        changed = {k: v for k, v in values.items() if getattr(survivor, k) != v}
        if changed:
            Contact.objects.filter(pk=survivor.pk).update(**changed)
            for name, value in changed.items():
                setattr(survivor, name, value)
        Contact.objects.filter(pk=merged.pk).update(
            status=Contact.Status.ARCHIVED, merged_into=survivor
        )
        audit_ids = list(
            AuditEntry.objects.filter(contact_id=merged.pk).values_list("pk", flat=True)
        )
        AuditEntry.objects.filter(pk__in=audit_ids).update(contact_id=survivor.pk)

        merge = Merge.objects.create(
            survivor=survivor,
            merged=merged,
            survivor_name=survivor.display_name[:300],
            merged_name=merged.display_name[:300],
            reason=reason,
            probability=probability,
            actor=actor,
            actor_label=actor.email if actor is not None else "system",
        )
        if changed:
            provenance = Provenance.objects.create(
                contact=survivor,
                source_kind=Provenance.SourceKind.MERGE,
                source_name=f"merge {merge.pk}: {merged.display_name}"[:500],
                fields=sorted(k.removesuffix("_id") for k in changed),
                recorded_by=actor,
            )
            carrier.created(provenance)
        touch(survivor)
        merge.changes = {
            "version": 1,
            "survivor_before": survivor_before,
            "merged_before": merged_before,
            "survivor_fields": encode(changed),
            "survivor_updated_at": encode(survivor.updated_at),
            "audit_entries": audit_ids,
            "ops": carrier.ops,
            "left_behind": carrier.left_behind,
        }
        merge.save(update_fields=["changes"])
        _follow_candidates(survivor.pk, merged.pk, merge, actor)
        summary = {
            "survivor": survivor.pk,
            "merged": merged.pk,
            "why": merge.why,
            "fields": sorted(changed),
            "moved": {k: len(v) for k, v in carrier.moved.items()},
        }
        record(
            actor=actor,
            action="contact.merge",
            obj=merge,
            contact_id=survivor.pk,
            changes=summary,
        )
        record(
            actor=actor,
            action="contact.merged_into",
            obj=merged,
            contact_id=merged.pk,
            changes=summary,
        )
        ids = [survivor.pk, merged.pk]
        transaction.on_commit(lambda: engine.refresh_keys(ids))
    return merge


def _follow_candidates(
    survivor_id: int, merged_id: int, merge: Merge, actor: User | None
) -> None:
    """The merged pair is decided; other pending pairs naming the merged contact now name
    the survivor (or go, when the survivor already has that pair)."""
    left, right = sorted((survivor_id, merged_id))
    MatchCandidate.objects.filter(left_id=left, right_id=right).update(
        status=MatchCandidate.Status.MERGED,
        merge=merge,
        reviewer=actor,
        decided_at=merge.at,
    )
    pending = MatchCandidate.objects.filter(status=MatchCandidate.Status.PENDING)
    for candidate in pending.filter(Q(left_id=merged_id) | Q(right_id=merged_id)):
        other = (
            candidate.right_id if candidate.left_id == merged_id else candidate.left_id
        )
        left, right = sorted((other, survivor_id))
        if (
            MatchCandidate.objects.filter(left_id=left, right_id=right)
            .exclude(pk=candidate.pk)
            .exists()
        ):
            candidate.delete()
        else:
            MatchCandidate.objects.filter(pk=candidate.pk).update(
                left_id=left, right_id=right
            )
