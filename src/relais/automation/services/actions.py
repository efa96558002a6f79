"""What each step does to one run, inside the transaction that records it done.

Every action writes only to the database (a queued delivery, a task, a tag, a field), so the
step's work and its ``StepRun`` commit together or not at all. Mail leaves through the
outreach sender afterwards, which hands each delivery to SMTP exactly once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from relais.automation.models import Event, Run
from relais.contacts.models import Contact
from relais.contacts.services import add_tags, update_contact
from relais.core.errors import RelaisError
from relais.outreach.models import Delivery, Template
from relais.outreach.services import check
from relais.outreach.services.one_to_one import queue_rendered
from relais.outreach.services.recipients import resolve
from relais.outreach.services.render import TemplateProblem, render_message
from relais.privacy.services.consent import can_contact
from relais.timeline.services import create_task

from .definition import parse_duration


class StepFailed(RelaisError):
    """A step that cannot be done (a template deleted, a field refused): the run stops."""


@dataclass
class Outcome:
    outcome: str  # done, skipped, stopped
    detail: str = ""
    skip: int = 0  # further steps to skip (a condition's else)
    delivery: Delivery | None = None


def _owner(run: Run) -> Any:
    contact = run.contact
    return contact.owner if contact.owner_id else run.workflow.created_by


def send_template(run: Run, step: dict[str, Any]) -> Outcome:
    template = Template.objects.filter(name=step["template"]).first()
    if template is None:
        raise StepFailed(f"No template named '{step['template']}'.")
    contact = Contact.objects.select_related("organisation", "owner").get(
        pk=run.contact_id
    )
    recipient = resolve([contact], step.get("purpose", "marketing"))[0]
    if recipient.skip_reason:
        return Outcome("skipped", f"not sent: {recipient.skip_reason}")
    sender = _owner(run)
    try:
        rendered = render_message(
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
            contact=contact,
            sender=sender,
            email=recipient.email,
        )
    except TemplateProblem as exc:
        raise StepFailed(f"template '{template.name}': {exc.message}") from None
    findings = check.check_message(
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        bulk=False,
        contact=contact,
        sender=sender,
        has_unsubscribe=False,
    )
    if check.blocks(findings):
        return Outcome(
            "skipped", f"not sent: message check ({findings[0].message})"[:500]
        )
    delivery = queue_rendered(
        contact=contact, sender=sender, to_email=recipient.email, rendered=rendered
    )
    return Outcome("done", f"mail queued to {recipient.email}", delivery=delivery)


def condition(run: Run, step: dict[str, Any]) -> Outcome:
    contact = run.contact
    if "no_event" in step:
        since = run.event.occurred_at if run.event is not None else run.started_at
        happened = Event.objects.filter(
            contact_id=run.contact_id, type=step["no_event"], occurred_at__gte=since
        ).exists()
        held, what = not happened, f"no {step['no_event']} since the start"
    elif "consent" in step:
        held, what = (
            can_contact(contact, step["consent"]),
            f"may receive {step['consent']}",
        )
    elif "has_tag" in step:
        held = contact.tags.filter(name=step["has_tag"]).exists()
        what = f"tagged {step['has_tag']}"
    else:
        value = getattr(contact, step["field"], None)
        held = str(value or "") == str(step.get("equals") or "")
        what = f"{step['field']} is '{step.get('equals')}'"
    if held:
        return Outcome("done", f"yes: {what}")
    otherwise = step.get("else", "stop")
    if otherwise == "stop":
        return Outcome("stopped", f"no: {what}")
    return Outcome(
        "done", f"no: {what}; {otherwise} step(s) skipped", skip=int(otherwise)
    )


def new_task(run: Run, step: dict[str, Any]) -> Outcome:
    due: dt.date | None = None
    if "due_in" in step:
        due = (timezone.localtime() + parse_duration(step["due_in"])).date()
    owner = _owner(run)
    task = create_task(
        actor=None,
        title=str(step["title"])[:300],
        details=str(step.get("details", "")),
        due_date=due,
        assignee=owner,
        contact=run.contact,
    )
    return Outcome("done", f"task {task.pk} for {owner.email if owner else 'nobody'}")


def tag(run: Run, step: dict[str, Any]) -> Outcome:
    add_tags(actor=None, contact=run.contact, names=[str(step["tag"])])
    return Outcome("done", f"tagged {step['tag']}")


def set_field(run: Run, step: dict[str, Any]) -> Outcome:
    update_contact(
        actor=None, contact=run.contact, changes={step["field"]: step.get("value", "")}
    )
    return Outcome("done", f"{step['field']} set")


ACTIONS = {
    "send_template": send_template,
    "condition": condition,
    "create_task": new_task,
    "add_tag": tag,
    "set_field": set_field,
}

__all__ = ["ACTIONS", "Outcome", "StepFailed", "settings"]
