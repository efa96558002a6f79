"""Applying a whole contact form at once: fields, the emails and phones it lists, tags.

The web edit page sends everything a person sees on the form in one request. Doing the
several changes here keeps them all-or-nothing (one bad phone number saves nothing) and keeps
the view a plain call. Each change still goes through the single-purpose services, so
provenance and the audit log are the same as for any other entrypoint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.contacts.models import Contact, ContactPoint
from relais.core.errors import InvalidInput

from .contacts import update_contact
from .points import (
    PointInput,
    add_point,
    region_for,
    remove_point,
    update_point,
    validate_point,
)
from .source import Source
from .tags import set_tags

if TYPE_CHECKING:
    from relais.accounts.models import User

__all__ = ["PointEdit", "edit_contact"]


@dataclass(frozen=True)
class PointEdit:
    """One row of a form: ``id`` names an existing point to keep (maybe changed); None adds one."""

    kind: str
    value: str
    label: str = ""
    id: int | None = None


def _merge(errors: dict[str, str], new: Mapping[str, str], field: str) -> None:
    for msg in new.values():
        errors[field] = f"{errors[field]} {msg}" if field in errors else msg


def edit_contact(
    *,
    actor: User | None,
    contact: Contact,
    changes: Mapping[str, Any],
    points: Sequence[PointEdit],
    source: Source,
    kinds: Sequence[str] = (ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE),
    tags: Sequence[str] | None = None,
) -> Contact:
    """Change fields (as ``update_contact``), make the contact's points of ``kinds`` exactly
    ``points`` and, unless ``tags`` is None, its tags exactly ``tags``. Errors on points are
    reported under the point's kind (``email``, ``phone``)."""
    ensure_can_write(actor)
    country = str(changes.get("country", contact.country) or "").strip()
    region = country.upper() if len(country) == 2 else region_for(None)
    existing = {
        p.pk: p for p in ContactPoint.objects.filter(contact=contact, kind__in=kinds)
    }
    wanted = [p for p in points if p.value.strip()]
    errors: dict[str, str] = {}
    for row in wanted:
        if row.kind not in kinds:
            errors[row.kind] = f"This form does not change points of kind '{row.kind}'."
            continue
        try:
            validate_point(PointInput(row.kind, row.value, row.label), region)
        except InvalidInput as exc:
            _merge(errors, exc.errors, row.kind)
    if errors:
        raise InvalidInput(errors)

    with transaction.atomic():
        update_contact(actor=actor, contact=contact, changes=changes, source=source)
        keep = {row.id for row in wanted if row.id in existing}
        for pk, point in existing.items():
            if pk not in keep:
                remove_point(actor=actor, point=point)
        for row in wanted:
            try:
                if row.id in existing:
                    update_point(
                        actor=actor,
                        point=existing[row.id],
                        value=row.value,
                        label=row.label,
                    )
                else:
                    add_point(
                        actor=actor,
                        contact=contact,
                        kind=row.kind,
                        value=row.value,
                        label=row.label,
                        source=source,
                    )
            except InvalidInput as exc:
                raise InvalidInput({row.kind: " ".join(exc.errors.values())}) from None
        if tags is not None:
            set_tags(actor=actor, contact=contact, names=tags)
    return contact
