"""Writing the demo plan into an empty database, through the same services as any entrypoint.

Users, organisations, contacts (with their import provenance), interactions, notes and tasks
are all created by the service layer, so the audit log and search text are what a real
workspace would hold. Only timestamps are then moved back in time with plain updates —
"created 14 months ago" is not a use case — so that lists and timelines look lived-in.
Everything runs in one transaction: a failure leaves the database empty.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from relais.accounts.models import User
from relais.accounts.services import create_user
from relais.contacts.models import Contact, Note, Organisation, Provenance
from relais.contacts.services import (
    PointInput,
    Source,
    add_note,
    create_contact,
    create_organisation,
)
from relais.ingest.models import ImportBatch
from relais.timeline.models import Task
from relais.timeline.services import complete_task, create_task, log_interaction

from .organisations import ORGANISATIONS
from .plan import DEMO_USERS, DemoPerson, DemoPlan, build_plan
from .showcase import add_showcase

DEMO_EMAIL = DEMO_USERS[0][0]
DEMO_SEED = 20250611
BULK = 200  # rows per UPDATE when moving timestamps back in time


@dataclass(frozen=True)
class DemoResult:
    created: bool
    contacts: int
    organisations: int = 0
    interactions: int = 0
    notes: int = 0
    tasks: int = 0
    seconds: float = 0.0
    password: str | None = None  # the demo login's password, only when just created
    demo_user_exists: bool = False


def _users() -> tuple[list[User], str | None]:
    """The demo team; only the demo login gets a password (hashing one costs ~0.5 s)."""
    users, password = [], None
    for index, (email, first, last, role) in enumerate(DEMO_USERS):
        user = User.objects.filter(email=email).first()
        if user is None:
            secret = secrets.token_urlsafe(12) if index == 0 else None
            user = create_user(
                actor=None,
                email=email,
                password=secret,
                role=role,
                first_name=first,
                last_name=last,
            )
            password = password or secret
        users.append(user)
    return users, password


def _at(now: dt.datetime, days_ago: int, minute: int) -> dt.datetime:
    """A working day ``days_ago`` days before ``now`` at ``minute``, local time, not later than now."""
    day = timezone.localtime(now).date() - dt.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    moment = timezone.make_aware(
        dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
    )
    return min(moment, now - dt.timedelta(minutes=5))


def _source(person: DemoPerson, batches: dict[str, ImportBatch]) -> Source:
    if not person.source:
        return Source.manual("web")
    return Source(
        kind="import",
        name=person.source,
        record=person.record,
        batch=batches[person.source],
    )


def _contacts(plan: DemoPlan, users: list[User], now: dt.datetime) -> list[Contact]:
    importer = users[0]
    batches: dict[str, ImportBatch] = {}
    for name in dict.fromkeys(p.source for p in plan.people if p.source):
        count = sum(1 for p in plan.people if p.source == name)
        batches[name] = ImportBatch.objects.create(
            label=name,
            created_by=importer,
            status=ImportBatch.Status.DONE,
            stats={"records_read": count, "contacts_created": count, "finished": True},
        )
    contacts = []
    for person in plan.people:
        owner = users[person.owner] if person.owner is not None else None
        contact = create_contact(
            actor=owner if not person.source and owner else importer,
            source=_source(person, batches),
            first_name=person.first_name,
            last_name=person.last_name,
            title=person.title,
            organisation=person.organisation,
            city=person.city,
            country=person.country,
            language=person.language,
            status=person.status,
            owner=owner,
            points=[PointInput(p.kind, p.value, p.label) for p in person.points],
            tags=person.tags,
        )
        created = _at(now, person.joined_days_ago, 9 * 60 + (person.record or 0) % 480)
        contact.created_at = contact.updated_at = created
        contacts.append(contact)
    # Back in time, in a few queries: contacts, their provenance, the import runs.
    Contact.objects.bulk_update(contacts, ["created_at", "updated_at"], batch_size=BULK)
    Provenance.objects.update(
        recorded_at=Subquery(
            Contact.objects.filter(pk=OuterRef("contact_id")).values("created_at")[:1]
        )
    )
    for name, batch in batches.items():
        started = min(
            c.created_at
            for c, p in zip(contacts, plan.people, strict=True)
            if p.source == name
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            started_at=started, finished_at=started + dt.timedelta(seconds=40)
        )
    return contacts


def _activity(
    plan: DemoPlan, contacts: list[Contact], users: list[User], now: dt.datetime
) -> None:
    for item in plan.interactions:
        author = users[item.author]
        roles = {
            contacts[i]: "from" if item.direction == "in" else "to" for i in item.people
        }
        log_interaction(
            actor=author,
            channel=item.channel,
            direction=item.direction,
            contacts=roles,
            occurred_at=_at(now, item.days_ago, item.minute),
            subject=item.subject,
            body=item.body,
        )
    notes = []
    for note in plan.notes:
        saved = add_note(
            actor=users[note.author], contact=contacts[note.person], body=note.body
        )
        saved.created_at = saved.updated_at = _at(
            now, note.days_ago, 10 * 60 + note.person % 420
        )
        notes.append(saved)
    Note.objects.bulk_update(notes, ["created_at", "updated_at"], batch_size=BULK)
    today = timezone.localdate(now)
    done = []
    for task in plan.tasks:
        assignee = users[task.assignee]
        due = (
            today + dt.timedelta(days=task.due_in_days)
            if task.due_in_days is not None
            else None
        )
        created = create_task(
            actor=assignee,
            title=task.title,
            due_date=due,
            assignee=assignee,
            contact=contacts[task.person],
        )
        if task.done:
            complete_task(actor=assignee, task=created)
            created.done_at = _at(now, -(task.due_in_days or 0), 17 * 60)
            created.created_at = created.done_at - dt.timedelta(days=7)
            done.append(created)
    Task.objects.bulk_update(done, ["done_at", "created_at"], batch_size=BULK)


def populate_demo(
    *, seed: int = DEMO_SEED, now: dt.datetime | None = None
) -> DemoResult:
    """Fill an empty workspace with the demo; a database holding contacts is left untouched."""
    started = time.perf_counter()
    existing = Contact.objects.count()
    if existing:
        return DemoResult(
            created=False,
            # People, as exports and lists count them: a contact merged into another is not one.
            contacts=Contact.objects.filter(merged_into__isnull=True).count(),
            demo_user_exists=User.objects.filter(email=DEMO_EMAIL).exists(),
        )
    now = now or timezone.now()
    plan = build_plan(seed)
    with transaction.atomic():
        users, password = _users()
        for org in ORGANISATIONS:
            if not Organisation.objects.filter(name=org.full_name).exists():
                create_organisation(
                    actor=users[0],
                    name=org.full_name,
                    website=org.website,
                    domains=[org.domain],
                )
        contacts = _contacts(plan, users, now)
        _activity(plan, contacts, users, now)
        add_showcase(users[0], now)
    return DemoResult(
        created=True,
        # People, as lists and exports count them: the plan's, less the merged pair, plus the
        # authors of the complaints heard (their tickets created them).
        contacts=Contact.objects.filter(merged_into__isnull=True).count(),
        organisations=Organisation.objects.count(),
        interactions=len(plan.interactions),
        notes=len(plan.notes),
        tasks=len(plan.tasks),
        seconds=time.perf_counter() - started,
        password=password,
        demo_user_exists=True,
    )
