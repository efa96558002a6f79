"""Handover: when someone leaves, their contacts and open tasks go to a colleague in one step.

Contacts belong to the company, not to a salesperson: a departing user's contacts (as owner)
and open tasks (as assignee) are reassigned together, in one transaction, with one audit entry
summarising the counts on the departing user and one per contact and task (so each contact's
history of changes shows who follows it now, and since when). Interactions and notes keep
their author: history is not rewritten. Optionally the departing user is deactivated in the
same step (they can no longer sign in, and their API tokens stop working).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from relais.accounts.models import Role, User
from relais.accounts.services import ensure_admin
from relais.audit.models import AuditEntry
from relais.audit.services import record
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput
from relais.timeline.models import Task


@dataclass(frozen=True)
class HandoverResult:
    departing: User
    successor: User
    contacts: int
    tasks: int
    deactivated: bool


def _check(
    departing: User, successor: User, deactivate: bool, actor: User | None
) -> None:
    errors = {}
    if departing.pk == successor.pk:
        errors["to"] = "Choose someone other than the departing user."
    elif not successor.is_active:
        errors["to"] = f"{successor.email} is deactivated: choose an active user."
    elif successor.role == Role.READONLY:
        errors["to"] = (
            f"{successor.email} is read-only and could not follow these contacts up."
        )
    if deactivate and actor is not None and actor.pk == departing.pk:
        errors["deactivate"] = "You cannot deactivate yourself."
    if (
        deactivate
        and departing.role == Role.ADMIN
        and not User.objects.filter(role=Role.ADMIN, is_active=True)
        .exclude(pk=departing.pk)
        .exists()
    ):
        errors["deactivate"] = f"{departing.email} is the last active admin."
    if errors:
        raise InvalidInput(errors)


def _per_object(
    actor: User | None,
    action: str,
    field: str,
    rows: Sequence[tuple[int, str, int | None]],
    departing: User,
    successor: User,
    model: str,
) -> list[AuditEntry]:
    label = actor.email if actor is not None else "system"
    return [
        AuditEntry(
            actor=actor,
            actor_label=label,
            action=action,
            object_type=model,
            object_id=str(pk),
            object_repr=text[:300],
            contact_id=contact_id,
            changes={field: [departing.email, successor.email], "handover": True},
        )
        for pk, text, contact_id in rows
    ]


def hand_over(
    *, actor: User | None, departing: User, successor: User, deactivate: bool = False
) -> HandoverResult:
    """Give ``successor`` every contact ``departing`` owns and every open task assigned to
    them; admins only. Done tasks and interactions keep their people."""
    ensure_admin(actor)
    _check(departing, successor, deactivate, actor)
    now = timezone.now()
    with transaction.atomic():
        # Read then update with the same filter, in one transaction: the rows logged are the
        # rows changed (no id list, which could exceed a database's parameter limit).
        contacts = Contact.objects.filter(owner=departing)
        contact_rows: list[tuple[int, str, int | None]] = [
            (pk, name, pk) for pk, name in contacts.values_list("pk", "display_name")
        ]
        tasks = Task.objects.filter(assignee=departing, done=False)
        task_rows = list(tasks.values_list("pk", "title", "contact_id"))
        contacts.update(owner=successor, updated_at=now)
        tasks.update(assignee=successor, updated_at=now)
        if deactivate:
            departing.is_active = False
            departing.save(update_fields=["is_active"])
        AuditEntry.objects.bulk_create(
            _per_object(
                actor,
                "contact.handover",
                "owner",
                contact_rows,
                departing,
                successor,
                "contact",
            )
            + _per_object(
                actor,
                "task.handover",
                "assignee",
                task_rows,
                departing,
                successor,
                "task",
            ),
            batch_size=500,
        )
        record(
            actor=actor,
            action="user.handover",
            obj=departing,
            changes={
                "to": successor.email,
                "contacts": len(contact_rows),
                "tasks": len(task_rows),
                "deactivated": deactivate,
            },
        )
    return HandoverResult(
        departing, successor, len(contact_rows), len(task_rows), deactivate
    )
