"""Creating, editing and deleting contacts."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput

from .organisations import get_or_create_organisation
from .points import PointInput, attach_point, region_for, validate_point
from .search_text import touch
from .source import Source, add_provenance
from .tags import get_or_create_tag

if TYPE_CHECKING:
    from relais.accounts.models import User

__all__ = [
    "CONTACT_FIELDS",
    "PointInput",
    "Source",
    "create_contact",
    "delete_contact",
    "update_contact",
]

# Plain text fields a caller may set; ``organisation`` (a name) and ``owner`` (a user) are extra.
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "display_name",
    "title",
    "city",
    "country",
    "language",
    "status",
)
_MAX = {
    "first_name": 150,
    "last_name": 150,
    "display_name": 300,
    "title": 300,
    "city": 150,
}


def _clean_fields(values: Mapping[str, Any]) -> dict[str, str]:
    """Trim, check lengths and vocabularies; raise InvalidInput naming each bad field."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, raw in values.items():
        if field not in CONTACT_FIELDS:
            errors[field] = "Unknown field."
            continue
        value = " ".join(str(raw or "").split())
        if field in _MAX and len(value) > _MAX[field]:
            errors[field] = f"Longer than {_MAX[field]} characters."
        elif field == "country" and value and not re.fullmatch(r"[A-Za-z]{2}", value):
            errors[field] = (
                f"'{value}' is not a two-letter country code such as FR or GB."
            )
        elif (
            field == "language"
            and value
            and not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,4})?", value)
        ):
            errors[field] = f"'{value}' is not a language code such as fr or en."
        elif field == "status" and value not in Contact.Status.values:
            errors[field] = (
                f"Unknown status '{value}': use one of {', '.join(Contact.Status.values)}."
            )
        cleaned[field] = (
            value.upper()
            if field == "country"
            else value.lower()
            if field == "language"
            else value
        )
    if errors:
        raise InvalidInput(errors)
    return cleaned


def default_display_name(
    first_name: str, last_name: str, organisation: str = "", email: str = ""
) -> str:
    return " ".join(p for p in (first_name, last_name) if p) or organisation or email


def create_contact(
    *,
    actor: User | None,
    source: Source,
    first_name: str = "",
    last_name: str = "",
    display_name: str = "",
    title: str = "",
    organisation: str = "",
    city: str = "",
    country: str = "",
    language: str = "",
    status: str = Contact.Status.LEAD,
    owner: User | None = None,
    points: Sequence[PointInput] = (),
    tags: Sequence[str] = (),
) -> Contact:
    """Create a contact with its points and tags; every fact is traced to ``source``."""
    ensure_can_write(actor)
    fields = _clean_fields(
        {
            "first_name": first_name,
            "last_name": last_name,
            "display_name": display_name,
            "title": title,
            "city": city,
            "country": country,
            "language": language,
            "status": status,
        }
    )
    organisation = " ".join(organisation.split())
    region = fields["country"] or region_for(None)
    normalized: list[tuple[PointInput, str]] = []
    errors: dict[str, str] = {}
    for point in points:
        if not point.value.strip():
            continue
        try:
            normalized.append((point, validate_point(point, region)))
        except InvalidInput as exc:
            for key, msg in exc.errors.items():
                errors[key] = f"{errors[key]} {msg}" if key in errors else msg
    if len(organisation) > 300:
        errors["organisation"] = "Longer than 300 characters."
    first_email = next((n for p, n in normalized if p.kind == "email"), "")
    if not fields["display_name"]:
        fields["display_name"] = default_display_name(
            fields["first_name"], fields["last_name"], organisation, first_email
        )
    if not fields["display_name"] and not normalized:
        errors["name"] = (
            "Give at least a name, an organisation or a way to reach the person."
        )
    if errors:
        raise InvalidInput(errors)
    if not fields["display_name"]:
        fields["display_name"] = normalized[0][0].value.strip()

    with transaction.atomic():
        contact = Contact.objects.create(
            **fields, organisation=get_or_create_organisation(organisation), owner=owner
        )
        supplied = [f for f, v in fields.items() if v and f != "status"] + (
            ["organisation"] if organisation else []
        )
        attached = [
            attach_point(contact=contact, point=point, normalized=value)
            for point, value in normalized
        ]
        add_provenance(
            source=source,
            contact=contact,
            actor=actor,
            fields=supplied,
            points=attached,
        )
        if tags:
            contact.tags.add(*[get_or_create_tag(t) for t in tags if t.strip()])
        record(
            actor=actor,
            action="contact.create",
            obj=contact,
            contact_id=contact.pk,
            changes={
                "source": str(source.name),
                **{f: fields[f] for f in supplied if f in fields},
            },
        )
        touch(contact)
    return contact


def update_contact(
    *,
    actor: User | None,
    contact: Contact,
    changes: Mapping[str, Any],
    source: Source | None = None,
) -> Contact:
    """Change fields of a contact. ``changes`` may hold CONTACT_FIELDS, ``organisation`` (a name,
    empty to clear) and ``owner`` (a User or None). Only real differences are saved and logged."""
    ensure_can_write(actor)
    plain = {k: v for k, v in changes.items() if k not in ("organisation", "owner")}
    fields = _clean_fields(plain)
    diff: dict[str, list[Any]] = {}
    for field, value in fields.items():
        if getattr(contact, field) != value:
            diff[field] = [getattr(contact, field), value]
    if "display_name" in fields and not fields["display_name"]:
        diff.pop("display_name", None)
    new_org_name: str | None = None
    if "organisation" in changes:
        new_org_name = " ".join(str(changes["organisation"] or "").split())
        if len(new_org_name) > 300:
            raise InvalidInput({"organisation": "Longer than 300 characters."})
        old = contact.organisation.name if contact.organisation else ""
        if old != new_org_name:
            diff["organisation"] = [old, new_org_name]
    if "owner" in changes and changes["owner"] != contact.owner:
        old_owner, new_owner = contact.owner, changes["owner"]
        diff["owner"] = [
            old_owner.email if old_owner else None,
            new_owner.email if new_owner else None,
        ]
    if not diff:
        return contact
    org_name = contact.organisation.name if contact.organisation else ""
    # A display name that was derived from the names follows them; one chosen by hand stays.
    derived = contact.display_name == default_display_name(
        contact.first_name, contact.last_name, org_name
    )
    with transaction.atomic():
        for field in fields:
            if field in diff:
                setattr(contact, field, fields[field])
        if "organisation" in diff:
            contact.organisation = get_or_create_organisation(new_org_name or "")
        if "owner" in diff:
            contact.owner = changes["owner"]
        if not contact.display_name or (derived and "display_name" not in diff):
            contact.display_name = (
                default_display_name(
                    contact.first_name,
                    contact.last_name,
                    contact.organisation.name if contact.organisation else "",
                )
                or contact.display_name
                or org_name
            )
        contact.save()
        if source is not None:
            add_provenance(
                source=source, contact=contact, actor=actor, fields=diff.keys()
            )
        record(
            actor=actor,
            action="contact.update",
            obj=contact,
            contact_id=contact.pk,
            changes=diff,
        )
        touch(contact)
    return contact


def delete_contact(*, actor: User | None, contact: Contact) -> None:
    """Delete a contact and what hangs on it (points, provenance, notes). Logged without details."""
    ensure_can_write(actor)
    with transaction.atomic():
        record(actor=actor, action="contact.delete", obj=contact, contact_id=contact.pk)
        contact.delete()
