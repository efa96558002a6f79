"""The shared timeline and tasks through the service layer."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.contacts import services as contacts
from relais.core.errors import Forbidden, InvalidInput
from relais.timeline import services
from relais.timeline.models import Interaction
from relais.timeline.selectors import (
    last_interaction,
    open_tasks_for,
    tasks_due,
    timeline_for,
)

pytestmark = pytest.mark.django_db


def test_timeline_merges_colleagues_interactions_notes_and_done_tasks(
    make_contact, member, admin
):
    contact = make_contact(first_name="Hélène")
    now = timezone.now()
    call = services.log_interaction(
        actor=member,
        channel="call",
        direction="out",
        contacts=[contact],
        occurred_at=now - dt.timedelta(days=3),
        subject="Premier appel",
    )
    mail = services.log_interaction(
        actor=admin,
        channel="email",
        direction="in",
        contacts=[contact],
        occurred_at=now - dt.timedelta(days=1),
        subject="Re: devis",
    )
    note = contacts.add_note(
        actor=member, contact=contact, body="Intéressée par l'offre annuelle"
    )
    task = services.create_task(actor=admin, title="Envoyer le devis", contact=contact)
    services.complete_task(actor=admin, task=task)
    entries = timeline_for(contact)
    assert [e.item for e in entries] == [task, note, mail, call]
    assert {e.item.author for e in entries if e.kind == "interaction"} == {
        member,
        admin,
    }
    assert last_interaction(contact) == mail


def test_same_external_id_is_logged_once(make_contact):
    contact = make_contact(first_name="A")
    first = services.log_interaction(
        actor=None,
        channel="email",
        direction="in",
        contacts=[contact],
        external_id="<abc@mail>",
    )
    again = services.log_interaction(
        actor=None,
        channel="email",
        direction="in",
        contacts=[contact],
        external_id="<abc@mail>",
    )
    assert first == again and Interaction.objects.count() == 1


def test_interaction_input_is_checked(make_contact):
    contact = make_contact(first_name="A")
    with pytest.raises(InvalidInput) as err:
        services.log_interaction(
            actor=None, channel="pigeon", direction="sideways", contacts=[contact]
        )
    assert set(err.value.errors) == {"channel", "direction"}
    with pytest.raises(InvalidInput):
        services.log_interaction(
            actor=None, channel="call", direction="out", contacts=[]
        )


def test_tasks_due_today_and_overdue(make_contact, member, admin):
    contact = make_contact(first_name="A")
    today = dt.date(2026, 11, 22)
    late = services.create_task(
        actor=member,
        title="Late",
        due_date=today - dt.timedelta(days=2),
        contact=contact,
    )
    due = services.create_task(
        actor=member, title="Today", due_date=today, contact=contact
    )
    services.create_task(
        actor=member, title="Later", due_date=today + dt.timedelta(days=2)
    )
    services.create_task(actor=admin, title="Admin's", due_date=today)
    done = services.create_task(
        actor=member, title="Done", due_date=today - dt.timedelta(days=5)
    )
    services.complete_task(actor=member, task=done)
    overdue, today_tasks = tasks_due(member, today)
    assert list(overdue) == [late] and list(today_tasks) == [due]
    assert len(tasks_due(None, today)[1]) == 2
    assert list(open_tasks_for(contact)) == [late, due]


def test_readonly_cannot_create_tasks_or_interactions(make_contact, reader):
    contact = make_contact(first_name="A")
    with pytest.raises(Forbidden):
        services.create_task(actor=reader, title="x")
    with pytest.raises(Forbidden):
        services.log_interaction(
            actor=reader, channel="call", direction="out", contacts=[contact]
        )
