"""Two contacts that are one person, with everything a contact can hold, and a full dump.

``dump`` reads every row about a contact straight from the database (fields, points,
provenance, notes, tasks, tags, interactions and their participants, audit links), so that
"merge then undo gives the identical state" compares everything, not a summary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from relais.audit.models import AuditEntry
from relais.contacts import services
from relais.contacts.models import Contact, ContactPoint, Note, Provenance
from relais.contacts.services import PointInput, Source
from relais.matching.engine import Evidence, MatchRecord, ScoredPair
from relais.timeline import services as timeline
from relais.timeline.models import Participant, Task


def _rows(qs: Any) -> list[dict[str, Any]]:
    return sorted(
        ({k: v for k, v in row.items()} for row in qs.values()), key=lambda r: r["id"]
    )


def dump(contact_id: int) -> dict[str, Any]:
    contact = Contact.objects.filter(pk=contact_id).values().get()
    return {
        "contact": contact,
        "points": _rows(ContactPoint.objects.filter(contact_id=contact_id)),
        "provenance": _rows(Provenance.objects.filter(contact_id=contact_id)),
        "notes": _rows(Note.objects.filter(contact_id=contact_id)),
        "tasks": _rows(Task.objects.filter(contact_id=contact_id)),
        "tags": sorted(
            Contact.tags.through.objects.filter(contact_id=contact_id).values_list(
                "id", "tag_id"
            )
        ),
        "participations": _rows(Participant.objects.filter(contact_id=contact_id)),
        "audit": sorted(
            AuditEntry.objects.filter(contact_id=contact_id).values_list(
                "id", flat=True
            )
        ),
    }


def frederic_pair(member: Any) -> tuple[Contact, Contact]:
    """Frédéric Canevet (older, manual, at Sellsy) and "Fred CANEVET" (imported, newer job)."""
    fred = services.create_contact(
        actor=member,
        source=Source.manual("web"),
        first_name="Frédéric",
        last_name="Canevet",
        title="Responsable marketing",
        organisation="Sellsy",
        city="La Rochelle",
        points=[
            PointInput("email", "frederic.canevet@sellsy.example", "work"),
            PointInput("phone", "06 12 34 56 78", "mobile"),
            PointInput("email", "fcanevet@gmail.example", "home"),
        ],
        tags=["VIP", "Salon 2024"],
    )
    services.add_note(actor=member, contact=fred, body="Rencontré au salon de Nantes.")
    timeline.create_task(
        actor=member, title="Relancer Frédéric", contact=fred, assignee=member
    )
    other = services.create_contact(
        actor=None,
        source=Source("import", "contacts-2025.csv", record=12),
        first_name="Fred",
        last_name="CANEVET",
        title="Head of Growth",
        organisation="Axonaut",
        country="FR",
        points=[
            PointInput("email", "fred@axonaut.example", "work"),
            PointInput("phone", "+33 6 12 34 56 78", ""),
            PointInput("email", "FCanevet@gmail.example", ""),
        ],
        tags=["vip", "Newsletter"],
    )
    services.add_note(actor=None, contact=other, body="Imported note: prefers email.")
    timeline.create_task(actor=None, title="Send the deck", contact=other)
    shared = timeline.log_interaction(
        actor=member,
        channel="meeting",
        direction="out",
        contacts=[fred, other],
        occurred_at=timezone.now() - dt.timedelta(days=3),
        subject="Démo Relais",
    )
    assert shared.participants.count() == 2
    timeline.log_interaction(
        actor=member,
        channel="email",
        direction="in",
        contacts={other: "from"},
        occurred_at=timezone.now() - dt.timedelta(days=1),
        subject="Re: proposition",
    )
    return Contact.objects.get(pk=fred.pk), Contact.objects.get(pk=other.pk)


def pair(a: Contact, b: Contact, p: float, by: str = "model") -> ScoredPair:
    left, right = sorted((a.pk, b.pk))
    return ScoredPair(
        left,
        right,
        p,
        by,  # type: ignore[arg-type]
        (
            Evidence(
                "first_name",
                "close",
                3.5,
                "“%(a)s” is a nickname of “%(b)s”",
                {"a": "Fred", "b": "Frédéric"},
            ),
        ),
    )


@pytest.fixture
def scored(fake_engine):
    """Make the engine answer ``pairs`` (set by the test) for a batch run."""
    answer: list[ScoredPair] = []

    def load_records(ids=None):
        qs = Contact.objects.filter(merged_into__isnull=True)
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        for c in qs:
            yield MatchRecord(id=c.pk, first_name=c.first_name, last_name=c.last_name)

    fake_engine.load_records = load_records
    fake_engine.pairs = answer
    fake_engine.refresh_keys = lambda ids: None
    return answer
