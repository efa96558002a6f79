"""Use cases on segments: save, change and delete a named filter (with the audit trail)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import ProtectedError

from relais.accounts.models import User as UserModel
from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Segment
from relais.core.errors import InvalidInput

from .definition import Definition, parse_definition

if TYPE_CHECKING:
    from relais.accounts.models import User


def _clean_name(name: str, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput({"name": "Give the segment a name."})
    if len(name) > 200:
        raise InvalidInput({"name": "Longer than 200 characters."})
    taken = Segment.objects.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise InvalidInput({"name": f"A segment named '{name}' already exists."})
    return name


def _check_references(definition: Definition) -> None:
    """An owner that does not exist is a mistake worth reporting at once."""
    for i, c in enumerate(definition.criteria):
        if c.field == "owner" and c.op == "is":
            users = UserModel.objects.all()
            exists = (
                users.filter(email__iexact=c.value)
                if isinstance(c.value, str)
                else users.filter(pk=c.value)
            ).exists()
            if not exists:
                raise InvalidInput(
                    {f"definition.criteria.{i}.value": f"No user {c.value}."}
                )


def _clean_definition(data: Any) -> dict[str, Any]:
    definition = parse_definition(data)
    _check_references(definition)
    return definition.to_json()


def create_segment(
    *,
    actor: User | None,
    name: str,
    definition: Mapping[str, Any],
    description: str = "",
) -> Segment:
    """Save a named filter; ``definition`` is checked (see ``segments.definition``)."""
    ensure_can_write(actor)
    clean = _clean_definition(dict(definition))
    with transaction.atomic():
        segment = Segment.objects.create(
            name=_clean_name(name),
            description=(description or "").strip()[:2000],
            definition=clean,
            created_by=actor,
        )
        record(
            actor=actor,
            action="segment.create",
            obj=segment,
            changes={"definition": clean},
        )
    return segment


def update_segment(
    *, actor: User | None, segment: Segment, changes: Mapping[str, Any]
) -> Segment:
    """Change ``name``, ``description`` or ``definition``; other keys are refused."""
    ensure_can_write(actor)
    unknown = set(changes) - {"name", "description", "definition"}
    if unknown:
        raise InvalidInput(dict.fromkeys(sorted(unknown), "Unknown field."))
    diff: dict[str, Any] = {}
    if "name" in changes:
        name = _clean_name(changes["name"], exclude=segment.pk)
        if name != segment.name:
            diff["name"] = [segment.name, name]
            segment.name = name
    if "description" in changes:
        description = (changes["description"] or "").strip()[:2000]
        if description != segment.description:
            diff["description"] = [segment.description, description]
            segment.description = description
    if "definition" in changes:
        clean = _clean_definition(changes["definition"])
        if clean != segment.definition:
            diff["definition"] = [segment.definition, clean]
            segment.definition = clean
    if diff:
        with transaction.atomic():
            segment.save()
            record(actor=actor, action="segment.update", obj=segment, changes=diff)
    return segment


def delete_segment(*, actor: User | None, segment: Segment) -> None:
    """Forget the filter; the contacts it selected are untouched.

    A segment a campaign sends to is refused (``InvalidInput`` naming the campaigns): the
    campaign's audience would be lost.
    """
    ensure_can_write(actor)
    try:
        with transaction.atomic():
            record(actor=actor, action="segment.delete", obj=segment)
            segment.delete()
    except ProtectedError as exc:
        users = sorted(
            {f"{obj._meta.verbose_name} “{obj}”" for obj in exc.protected_objects}
        )
        raise InvalidInput(
            {
                "segment": f"Used by {', '.join(users[:5])}"
                + (f" and {len(users) - 5} more" if len(users) > 5 else "")
                + ": delete those first, or keep the segment."
            }
        ) from None
