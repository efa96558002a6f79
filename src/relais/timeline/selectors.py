"""Reads on the timeline: a contact's history across channels and colleagues, tasks due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from relais.contacts.models import Contact, Note
from relais.core.errors import NotFound

from .models import Interaction, Task

if TYPE_CHECKING:
    from relais.accounts.models import User


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a contact's timeline: an interaction, a note, or a completed task."""

    kind: str  # "interaction", "note" or "task"
    at: dt.datetime
    item: Interaction | Note | Task


def timeline_for(contact: Contact, limit: int = 200) -> list[TimelineEntry]:
    """Newest first: interactions, notes and completed tasks of the contact, whoever wrote them."""
    interactions = (
        Interaction.objects.filter(participants__contact=contact)
        .select_related("author")
        .prefetch_related("participants")
        .order_by("-occurred_at")[:limit]
    )
    notes = (
        Note.objects.filter(contact=contact)
        .select_related("author")
        .order_by("-created_at")[:limit]
    )
    done = (
        Task.objects.filter(contact=contact, done=True)
        .select_related("assignee")
        .order_by("-done_at")[:limit]
    )
    entries = [TimelineEntry("interaction", i.occurred_at, i) for i in interactions]
    entries += [TimelineEntry("note", n.created_at, n) for n in notes]
    entries += [TimelineEntry("task", t.done_at or t.updated_at, t) for t in done]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def timeline_size(contact: Contact) -> int:
    """How many entries the full timeline of ``contact`` holds (what ``timeline_for`` pages through)."""
    return (
        Interaction.objects.filter(participants__contact=contact).count()
        + Note.objects.filter(contact=contact).count()
        + Task.objects.filter(contact=contact, done=True).count()
    )


def open_tasks_for(contact: Contact) -> QuerySet[Task]:
    return (
        Task.objects.filter(contact=contact, done=False)
        .select_related("assignee")
        .order_by("due_date", "id")
    )


def tasks_due(
    user: User | None = None, today: dt.date | None = None
) -> tuple[QuerySet[Task], QuerySet[Task]]:
    """(overdue, due today) open tasks, for one assignee or for everyone."""
    today = today or timezone.localdate()
    qs = Task.objects.filter(done=False).select_related("contact", "assignee")
    if user is not None:
        qs = qs.filter(assignee=user)
    return qs.filter(due_date__lt=today).order_by("due_date", "id"), qs.filter(
        due_date=today
    ).order_by("id")


def list_tasks(
    *,
    assignee_id: int | None = None,
    contact_id: int | None = None,
    done: bool | None = None,
) -> QuerySet[Task]:
    qs = Task.objects.select_related("contact", "assignee")
    if assignee_id is not None:
        qs = qs.filter(assignee_id=assignee_id)
    if contact_id is not None:
        qs = qs.filter(contact_id=contact_id)
    if done is not None:
        qs = qs.filter(done=done)
    return qs.order_by("done", "due_date", "id")


def list_interactions(
    *, contact_id: int | None = None, channel: str = ""
) -> QuerySet[Interaction]:
    qs = Interaction.objects.select_related("author").prefetch_related("participants")
    if contact_id is not None:
        qs = qs.filter(participants__contact_id=contact_id)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-occurred_at", "-id")


def get_task(task_id: int) -> Task:
    try:
        return Task.objects.select_related("contact", "assignee").get(pk=task_id)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No task with id {task_id}.") from None


def get_interaction(interaction_id: int) -> Interaction:
    try:
        return Interaction.objects.get(pk=interaction_id)
    except (Interaction.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No interaction with id {interaction_id}.") from None


def last_interaction(contact: Contact) -> Interaction | None:
    return (
        Interaction.objects.filter(Q(participants__contact=contact))
        .select_related("author")
        .order_by("-occurred_at")
        .first()
    )
