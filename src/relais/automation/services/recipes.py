"""Ready-made workflows: the abandoned cart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relais.automation.models import Workflow
from relais.core.errors import InvalidInput
from relais.outreach.models import Template

from .definition import parse_duration
from .workflows import save_workflow

if TYPE_CHECKING:
    from relais.accounts.models import User


def abandoned_cart_definition(
    *,
    wait: str,
    template: str,
    call_task_after: str | None = None,
    purpose: str = "marketing",
    name: str = "Abandoned cart",
) -> dict[str, Any]:
    """On ``cart_abandoned``: wait; unless the contact placed an order since, send the
    template (under the owner's name, with consent and the message check); optionally, later,
    a call-back task for the owner. An ``order_placed`` cancels a waiting run."""
    steps: list[dict[str, Any]] = [
        {"kind": "wait", "for": wait},
        {"kind": "condition", "no_event": "order_placed", "else": "stop"},
        {"kind": "send_template", "template": template, "purpose": purpose},
    ]
    if call_task_after:
        steps += [
            {"kind": "wait", "for": call_task_after},
            {"kind": "condition", "no_event": "order_placed", "else": "stop"},
            {"kind": "create_task", "title": "Call back about the abandoned cart"},
        ]
    return {
        "name": name,
        "trigger": {"event": "cart_abandoned", "conditions": {}},
        "cancel_on": ["order_placed"],
        "steps": steps,
    }


def install_abandoned_cart(
    *,
    actor: User | None,
    wait: str,
    template: str,
    call_task_after: str | None = None,
    purpose: str = "marketing",
) -> Workflow:
    """Create (or update) the abandoned-cart workflow."""
    errors = {}
    for key, value in (("wait", wait), ("call_task_after", call_task_after)):
        if value is not None:
            try:
                parse_duration(value)
            except ValueError as exc:
                errors[key] = str(exc)
    if not Template.objects.filter(name=template).exists():
        errors["template"] = f"No template named '{template}'."
    if errors:
        raise InvalidInput(errors)
    definition = abandoned_cart_definition(
        wait=wait, template=template, call_task_after=call_task_after, purpose=purpose
    )
    existing = Workflow.objects.filter(name=definition["name"]).first()
    return save_workflow(actor=actor, definition=definition, workflow=existing)
