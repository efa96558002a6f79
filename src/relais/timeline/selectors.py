"""Reads on the timeline: a contact's history across channels and colleagues, tasks due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from relais.accounts.models import User
from relais.contacts.models import Contact, Note
from relais.core.errors import NotFound

from .models import Interaction, Task


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


@dataclass(frozen=True)
class Colleague:
    """Someone of the team who talked with the contact, and when last."""

    user: User
    exchanges: int
    last_at: dt.datetime


@dataclass(frozen=True)
class Pickup:
    """Where things stand with a contact, for whoever picks the conversation up.

    ``recent`` are the latest exchanges on every channel, newest first; ``last`` is the newest
    one, and ``we_spoke_last`` says whether it went out from us (None without any exchange).
    ``awaiting_reply`` is that last exchange when it came in from the contact: nobody answered
    it yet. ``open_tasks`` are the pending tasks by due date, ``overdue`` the late ones.
    """

    recent: list[Interaction]
    total: int
    colleagues: list[Colleague]
    open_tasks: list[Task]
    overdue: list[Task]
    last_note: Note | None
    today: dt.date

    @property
    def last(self) -> Interaction | None:
        return self.recent[0] if self.recent else None

    @property
    def we_spoke_last(self) -> bool | None:
        last = self.last
        return (
            None if last is None else last.direction == Interaction.Direction.OUTBOUND
        )

    @property
    def awaiting_reply(self) -> Interaction | None:
        return self.last if self.we_spoke_last is False else None


def pickup_for(
    contact: Contact, *, limit: int = 5, today: dt.date | None = None
) -> Pickup:
    """The "pick up where we left off" summary of ``contact`` (see ``Pickup``)."""
    today = today or timezone.localdate()
    exchanges = Interaction.objects.filter(participants__contact=contact)
    recent = list(
        exchanges.select_related("author").order_by("-occurred_at", "-id")[:limit]
    )
    per_author = list(
        exchanges.filter(author__isnull=False)
        .values("author")
        .annotate(n=Count("id"), last=Max("occurred_at"))
        .order_by("-last")[:6]
    )
    users = User.objects.in_bulk([row["author"] for row in per_author])
    colleagues = [
        Colleague(users[row["author"]], row["n"], row["last"])
        for row in per_author
        if row["author"] in users
    ]
    open_tasks = list(open_tasks_for(contact))
    return Pickup(
        recent=recent,
        total=exchanges.count() if len(recent) == limit else len(recent),
        colleagues=colleagues,
        open_tasks=open_tasks,
        overdue=[
            t for t in open_tasks if t.due_date is not None and t.due_date < today
        ],
        last_note=Note.objects.filter(contact=contact)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first(),
        today=today,
    )
