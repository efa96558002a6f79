"""Contact points: emails, phones, web and social addresses of a contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import InvalidValue, normalize_point
from relais.core.errors import InvalidInput

from .search_text import touch
from .source import Source, add_provenance

if TYPE_CHECKING:
    from relais.accounts.models import User


@dataclass(frozen=True)
class PointInput:
    kind: str
    value: str
    label: str = ""
    primary: bool = False


def region_for(contact: Contact | None) -> str:
    """Region in which to read a national phone number: the contact's country, else the default."""
    if contact is not None and len(contact.country) == 2:
        return contact.country.upper()
    return str(settings.RELAIS_DEFAULT_REGION)


def validate_point(point: PointInput, region: str, field: str | None = None) -> str:
    """Normalised value of ``point``, or InvalidInput naming the field."""
    field = field or point.kind
    if point.kind not in ContactPoint.Kind.values:
        raise InvalidInput(
            {
                field: f"Unknown kind '{point.kind}': use one of {', '.join(ContactPoint.Kind.values)}."
            }
        )
    if len(point.value) > 500:
        raise InvalidInput({field: "The value is longer than 500 characters."})
    try:
        normalized = normalize_point(point.kind, point.value, region)
    except InvalidValue as exc:
        raise InvalidInput({field: str(exc)}) from None
    # Normalising may lengthen a value ("https://" prefix, transliteration): the column holds 500.
    if len(normalized) > 500:
        raise InvalidInput(
            {field: "The value is longer than 500 characters once normalised."}
        )
    return normalized


def _clean_label(label: str) -> str:
    return " ".join(label.split()).lower()[:40]


def attach_point(
    *,
    contact: Contact,
    point: PointInput,
    normalized: str,
) -> ContactPoint:
    """Add an already validated point, or return the existing equal one (no provenance: the
    caller records its source record once, with all the points it supplied)."""
    existing = ContactPoint.objects.filter(
        contact=contact, kind=point.kind, normalized_value=normalized
    ).first()
    if existing is None:
        has_primary = ContactPoint.objects.filter(
            contact=contact, kind=point.kind, is_primary=True
        ).exists()
        if point.primary and has_primary:
            ContactPoint.objects.filter(contact=contact, kind=point.kind).update(
                is_primary=False
            )
        existing = ContactPoint.objects.create(
            contact=contact,
            kind=point.kind,
            label=_clean_label(point.label),
            value=point.value.strip(),
            normalized_value=normalized,
            is_primary=point.primary or not has_primary,
        )
    return existing


def add_point(
    *,
    actor: User | None,
    contact: Contact,
    kind: str,
    value: str,
    label: str = "",
    primary: bool = False,
    source: Source,
) -> ContactPoint:
    """Add an email, phone, address or handle to a contact; an equal one already held is reused."""
    ensure_can_write(actor)
    point = PointInput(kind=kind, value=value, label=label, primary=primary)
    normalized = validate_point(point, region_for(contact), field="value")
    with transaction.atomic():
        saved = attach_point(contact=contact, point=point, normalized=normalized)
        add_provenance(source=source, contact=contact, actor=actor, points=[saved])
        record(
            actor=actor,
            action="point.add",
            obj=saved,
            contact_id=contact.pk,
            changes={"kind": kind, "value": saved.value},
        )
        touch(contact)
    return saved


def update_point(
    *,
    actor: User | None,
    point: ContactPoint,
    value: str | None = None,
    label: str | None = None,
    primary: bool | None = None,
    confirmed: bool | None = None,
    invalid: bool | None = None,
) -> ContactPoint:
    ensure_can_write(actor)
    changes: dict[str, list[object]] = {}
    if value is not None and value.strip() != point.value:
        normalized = validate_point(
            PointInput(point.kind, value), region_for(point.contact), field="value"
        )
        clash = ContactPoint.objects.filter(
            contact_id=point.contact_id, kind=point.kind, normalized_value=normalized
        ).exclude(pk=point.pk)
        if clash.exists():
            raise InvalidInput({"value": "This contact already has that value."})
        changes["value"] = [point.value, value.strip()]
        point.value, point.normalized_value = value.strip(), normalized
    if label is not None and _clean_label(label) != point.label:
        changes["label"] = [point.label, _clean_label(label)]
        point.label = _clean_label(label)
    now = timezone.now()
    if confirmed is not None and confirmed != (point.confirmed_at is not None):
        changes["confirmed"] = [not confirmed, confirmed]
        point.confirmed_at = now if confirmed else None
    if invalid is not None and invalid != (point.invalid_since is not None):
        changes["invalid"] = [not invalid, invalid]
        point.invalid_since = now if invalid else None
    with transaction.atomic():
        if primary is not None and primary != point.is_primary:
            changes["primary"] = [point.is_primary, primary]
            if primary:
                ContactPoint.objects.filter(
                    contact_id=point.contact_id, kind=point.kind
                ).update(is_primary=False)
            point.is_primary = primary
        if changes:
            point.save()
            record(
                actor=actor,
                action="point.update",
                obj=point,
                contact_id=point.contact_id,
                changes=changes,
            )
            touch(point.contact)
    return point


def remove_point(*, actor: User | None, point: ContactPoint) -> None:
    ensure_can_write(actor)
    with transaction.atomic():
        contact = point.contact
        record(
            actor=actor,
            action="point.remove",
            obj=point,
            contact_id=contact.pk,
            changes={"kind": point.kind, "value": point.value},
        )
        was_primary, kind = point.is_primary, point.kind
        point.delete()
        if was_primary:
            successor = (
                ContactPoint.objects.filter(contact=contact, kind=kind)
                .order_by("id")
                .first()
            )
            if successor:
                successor.is_primary = True
                successor.save(update_fields=["is_primary"])
        touch(contact)
