"""Use cases of the shared memory: logging interactions, and tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact
from relais.contacts.search.index import index_contacts
from relais.core.errors import InvalidInput

from .models import Interaction, Participant, Task

if TYPE_CHECKING:
    from relais.accounts.models import User


def _check_interaction(channel: str, direction: str, subject: str) -> None:
    errors = {}
    if channel not in Interaction.Channel.values:
        errors["channel"] = (
            f"Unknown channel '{channel}': use one of {', '.join(Interaction.Channel.values)}."
        )
    if direction not in Interaction.Direction.values:
        errors["direction"] = (
            "Direction is 'in' (from the contact) or 'out' (to the contact)."
        )
    if len(subject) > 500:
        errors["subject"] = "Longer than 500 characters."
    if errors:
        raise InvalidInput(errors)


def log_interaction(
    *,
    actor: User | None,
    channel: str,
    direction: str,
    contacts: Sequence[Contact] | Mapping[Contact, str],
    occurred_at: dt.datetime | None = None,
    subject: str = "",
    body: str = "",
    author: User | None = None,
    external_id: str = "",
) -> Interaction:
    """Put an exchange on the timeline of each contact; ``contacts`` may map a contact to its role
    (from, to, cc). An ``external_id`` already logged returns the existing interaction."""
    ensure_can_write(actor)
    subject = " ".join(subject.split())
    _check_interaction(channel, direction, subject)
    if not contacts:
        raise InvalidInput(
            {"contacts": "An interaction involves at least one contact."}
        )
    if occurred_at is not None and timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    roles = (
        contacts
        if isinstance(contacts, Mapping)
        else dict.fromkeys(contacts, Participant.Role.PARTICIPANT)
    )
    with transaction.atomic():
        if external_id:
            existing = Interaction.objects.filter(
                external_id=external_id, channel=channel
            ).first()
            if existing is not None:
                return existing
        interaction = Interaction.objects.create(
            channel=channel,
            direction=direction,
            occurred_at=occurred_at or timezone.now(),
            subject=subject,
            body=body,
            author=author if author is not None else actor,
            external_id=external_id[:500],
        )
        Participant.objects.bulk_create(
            [
                Participant(interaction=interaction, contact=c, role=r)
                for c, r in roles.items()
            ]
        )
        for contact in roles:
            record(
                actor=actor,
                action="interaction.add",
                obj=interaction,
                contact_id=contact.pk,
                changes={"channel": channel, "direction": direction},
            )
        if subject:
            index_contacts(c.pk for c in roles)
    return interaction


def update_interaction(
    *, actor: User | None, interaction: Interaction, changes: Mapping[str, Any]
) -> Interaction:
    ensure_can_write(actor)
    allowed = {"channel", "direction", "occurred_at", "subject", "body"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(dict.fromkeys(sorted(unknown), "Unknown field."))
    merged = {f: changes.get(f, getattr(interaction, f)) for f in allowed}
    _check_interaction(merged["channel"], merged["direction"], merged["subject"])
    diff = {
        f: [str(getattr(interaction, f)), str(v)]
        for f, v in changes.items()
        if getattr(interaction, f) != v
    }
    if not diff:
        return interaction
    with transaction.atomic():
        for f in changes:
            setattr(interaction, f, changes[f])
        interaction.save()
        for contact_id in interaction.participants.values_list("contact_id", flat=True):
            record(
                actor=actor,
                action="interaction.update",
                obj=interaction,
                contact_id=contact_id,
                changes={k: v for k, v in diff.items() if k != "body"},
            )
        if "subject" in diff:
            index_contacts(
                interaction.participants.values_list("contact_id", flat=True)
            )
    return interaction


def delete_interaction(*, actor: User | None, interaction: Interaction) -> None:
    ensure_can_write(actor)
    with transaction.atomic():
        contact_ids = list(
            interaction.participants.values_list("contact_id", flat=True)
        )
        for contact_id in contact_ids:
            record(
                actor=actor,
                action="interaction.delete",
                obj=interaction,
                contact_id=contact_id,
            )
        interaction.delete()
        if interaction.subject:
            index_contacts(contact_ids)


def _check_task(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput({"title": "A task needs a title."})
    if len(title) > 300:
        raise InvalidInput({"title": "Longer than 300 characters."})
    return title


def create_task(
    *,
    actor: User | None,
    title: str,
    due_date: dt.date | None = None,
    assignee: User | None = None,
    contact: Contact | None = None,
    details: str = "",
) -> Task:
    ensure_can_write(actor)
    title = _check_task(title)
    with transaction.atomic():
        task = Task.objects.create(
            title=title,
            due_date=due_date,
            assignee=assignee if assignee is not None else actor,
            contact=contact,
            details=details,
            created_by=actor,
        )
        record(
            actor=actor,
            action="task.create",
            obj=task,
            contact_id=contact.pk if contact else None,
            changes={"title": title, "due_date": str(due_date) if due_date else None},
        )
    return task


def update_task(*, actor: User | None, task: Task, changes: Mapping[str, Any]) -> Task:
    """Change a task; ``changes`` may hold title, details, due_date, assignee, contact, done."""
    ensure_can_write(actor)
    allowed = {"title", "details", "due_date", "assignee", "contact", "done"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(dict.fromkeys(sorted(unknown), "Unknown field."))
    values = dict(changes)
    if "title" in values:
        values["title"] = _check_task(values["title"])
    diff = {
        f: [str(getattr(task, f)), str(v)]
        for f, v in values.items()
        if getattr(task, f) != v
    }
    if not diff:
        return task
    with transaction.atomic():
        for f, v in values.items():
            setattr(task, f, v)
        if "done" in diff:
            task.done_at = timezone.now() if task.done else None
        task.save()
        record(
            actor=actor,
            action="task.done"
            if diff.keys() == {"done"} and task.done
            else "task.update",
            obj=task,
            contact_id=task.contact_id,
            changes=diff,
        )
    return task


def complete_task(*, actor: User | None, task: Task) -> Task:
    return update_task(actor=actor, task=task, changes={"done": True})


def delete_task(*, actor: User | None, task: Task) -> None:
    ensure_can_write(actor)
    with transaction.atomic():
        record(actor=actor, action="task.delete", obj=task, contact_id=task.contact_id)
        task.delete()
