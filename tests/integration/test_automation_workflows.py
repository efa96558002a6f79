"""Workflows on a real database and a real SMTP server: the abandoned cart relaunched once,
cancelled by an order, consent honoured, runs in flight unchanged by an edit, leases."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from relais.automation.models import Run, StepRun
from relais.automation.services import events, runs, workflows
from relais.automation.services.mail import send_workflow_mail
from relais.automation.services.recipes import install_abandoned_cart
from relais.outreach.models import Delivery
from relais.outreach.services.templates import create_template

from . import outreach_fixtures

mailbox = outreach_fixtures.mailbox  # the real SMTP server fixture

NAMES = {
    "zoe@example.fr": ("Zoé", "Lefèvre"),
    "paul@example.fr": ("Paul", "Martin-Ndiaye"),
}


def _event(external_id, kind, email, basis="customer", **data):
    first, last = NAMES[email]
    return events.parse_event(
        {
            "id": external_id,
            "type": kind,
            "contact": {
                "email": email,
                "first_name": first,
                "last_name": last,
                "lawful_basis": basis,
            },
            "data": data,
        }
    )


def _due_now() -> None:
    """Time passes: every sleeping run is due."""
    Run.objects.filter(status=Run.Status.WAITING).update(
        wake_at=timezone.now() - dt.timedelta(seconds=1)
    )


@pytest.fixture
def cart_workflow(db, member):
    create_template(
        actor=None,
        name="Panier",
        language="fr",
        subject="Votre panier vous attend",
        body_text="Bonjour {{ first_name }},\n\nvotre panier est toujours là.\n\n{{ sender_name }}",
    )
    return install_abandoned_cart(
        actor=None, wait="2h", template="Panier", call_task_after="2d"
    )


def test_an_unpurchased_cart_gets_one_mail_and_a_purchased_one_none(
    cart_workflow, mailbox
):
    events.record_event(_event("c1", "cart_abandoned", "zoe@example.fr"))
    events.record_event(_event("c2", "cart_abandoned", "paul@example.fr"))
    runs.advance_due()  # both start waiting 2 h
    assert (
        Run.objects.filter(
            status=Run.Status.WAITING, wake_at__gt=timezone.now()
        ).count()
        == 2
    )
    events.record_event(_event("o2", "order_placed", "paul@example.fr"))
    _due_now()
    runs.advance_due()
    runs.advance_due()
    send_workflow_mail()
    assert [m.recipients for m in mailbox.messages] == [["zoe@example.fr"]]
    assert "Bonjour Zoé" in mailbox.messages[0].part("text/plain")
    paul = Run.objects.get(contact__points__value="paul@example.fr")
    assert paul.status == Run.Status.CANCELLED and "order_placed" in paul.reason
    zoe = Run.objects.get(contact__points__value="zoe@example.fr")
    assert zoe.status == Run.Status.WAITING  # now waiting 2 days for the call-back task
    # Later: the call-back task for the owner, and still one mail.
    _due_now()
    runs.advance_due()
    send_workflow_mail()
    zoe.refresh_from_db()
    assert zoe.status == Run.Status.DONE
    assert zoe.contact.tasks.get().title == "Call back about the abandoned cart"
    assert len(mailbox.messages) == 1
    assert [s.kind for s in zoe.step_runs.all()] == [
        "wait",
        "condition",
        "send_template",
        "wait",
        "condition",
        "create_task",
    ]


def test_an_order_after_the_wait_but_before_the_check_stops_the_run(
    cart_workflow, mailbox
):
    events.record_event(_event("c1", "cart_abandoned", "zoe@example.fr"))
    runs.advance_due()
    Run.objects.update(
        cancel_on=[]
    )  # the order arrives when cancelling is no longer possible
    events.record_event(_event("o1", "order_placed", "zoe@example.fr"))
    _due_now()
    runs.advance_due()
    send_workflow_mail()
    run = Run.objects.get()
    assert run.status == Run.Status.STOPPED
    assert mailbox.messages == []


def test_no_lawful_basis_means_no_mail_with_the_reason_kept(cart_workflow, mailbox):
    events.record_event(_event("c1", "cart_abandoned", "zoe@example.fr", basis=""))
    runs.advance_due()
    _due_now()
    runs.advance_due()
    step = StepRun.objects.get(kind="send_template")
    assert step.outcome == "skipped" and "no_lawful_basis" in step.detail
    assert Delivery.objects.count() == 0


def test_a_changed_workflow_does_not_change_runs_in_flight(cart_workflow, mailbox):
    events.record_event(_event("c1", "cart_abandoned", "zoe@example.fr"))
    runs.advance_due()
    definition = workflows.definition_of(cart_workflow)
    definition["steps"] = [{"kind": "add_tag", "tag": "v2"}]
    changed = workflows.save_workflow(
        actor=None, definition=definition, workflow=cart_workflow
    )
    assert changed.version == 2
    events.record_event(_event("c2", "cart_abandoned", "paul@example.fr"))
    _due_now()
    runs.advance_due()
    runs.advance_due()
    first, second = Run.objects.order_by("pk")
    assert first.version == 1 and len(first.steps) == 6
    assert second.version == 2 and second.status == Run.Status.DONE
    assert list(second.contact.tags.values_list("name", flat=True)) == ["v2"]


def test_two_workers_never_hold_the_same_run_and_a_dead_ones_lease_lapses(
    cart_workflow,
):
    events.record_event(_event("c1", "cart_abandoned", "zoe@example.fr"))
    assert runs.claim("a") and runs.claim("b") == []
    later = timezone.now() + runs.LEASE + dt.timedelta(seconds=1)
    assert runs.claim("b", now=later) == [Run.objects.get().pk]


def test_a_wait_for_an_event_ends_when_it_arrives(db, member):
    definition = {
        "name": "Welcome",
        "trigger": {
            "event": "signed_up",
            "conditions": {"plan": {"in": ["pro", "team"]}},
        },
        "steps": [
            {"kind": "wait", "until_event": "activated", "timeout": "3d"},
            {"kind": "add_tag", "tag": "activated"},
        ],
    }
    workflows.save_workflow(actor=None, definition=definition)
    events.record_event(_event("s1", "signed_up", "zoe@example.fr", plan="free"))
    events.record_event(_event("s2", "signed_up", "paul@example.fr", plan="pro"))
    assert Run.objects.count() == 1  # the free plan does not meet the condition
    runs.advance_due()
    events.record_event(_event("a2", "activated", "paul@example.fr"))
    runs.advance_due()
    run = Run.objects.get()
    assert run.status == Run.Status.DONE
    assert run.step_runs.get(position=0).detail == "activated arrived"
    assert json.dumps(workflows.run_record(run))  # the run history is plain JSON


def test_a_broken_definition_is_refused_naming_the_step(db):
    from relais.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        workflows.save_workflow(
            actor=None,
            definition={
                "name": "X",
                "trigger": {"event": "x"},
                "steps": [{"kind": "wait", "for": "soon"}],
            },
        )
    assert "steps.1" in caught.value.errors
