"""Creating and changing workflows; a change applies to runs started afterwards only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.automation.models import Run, Workflow
from relais.core.errors import InvalidInput, NotFound

from .definition import check_definition

if TYPE_CHECKING:
    from relais.accounts.models import User


def get_workflow(ref: str | int) -> Workflow:
    """A workflow by id or name."""
    text = str(ref).strip()
    found = (
        Workflow.objects.filter(pk=int(text)).first()
        if text.isdigit()
        else Workflow.objects.filter(name=text).first()
    )
    if found is None:
        raise NotFound(f"No workflow '{text}'.")
    return found


def definition_of(workflow: Workflow) -> dict[str, Any]:
    """The workflow as JSON, the shape ``save_workflow`` takes."""
    return {
        "id": workflow.pk,
        "name": workflow.name,
        "active": workflow.active,
        "version": workflow.version,
        "trigger": {"event": workflow.trigger_type, "conditions": workflow.conditions},
        "cancel_on": workflow.cancel_on,
        "steps": workflow.steps,
    }


def save_workflow(
    *,
    actor: User | None,
    definition: object,
    workflow: Workflow | None = None,
    active: bool | None = None,
) -> Workflow:
    """Create a workflow, or change ``workflow`` (its version goes up; runs in flight keep
    the steps they started with)."""
    ensure_can_write(actor)
    values = check_definition(definition)
    with transaction.atomic():
        clash = Workflow.objects.filter(name=values["name"])
        if workflow is not None:
            clash = clash.exclude(pk=workflow.pk)
        if clash.exists():
            raise InvalidInput({"name": f"A workflow named '{values['name']}' exists."})
        if workflow is None:
            workflow = Workflow(created_by=actor)
        else:
            workflow.version += 1
        for key, value in values.items():
            setattr(workflow, key, value)
        if active is not None:
            workflow.active = active
        workflow.save()
        record(
            actor=actor,
            action="workflow.save",
            obj=workflow,
            changes={"version": workflow.version, "active": workflow.active},
        )
    return workflow


def set_active(*, actor: User | None, workflow: Workflow, active: bool) -> Workflow:
    ensure_can_write(actor)
    with transaction.atomic():
        workflow.active = active
        workflow.save(update_fields=["active", "updated_at"])
        record(
            actor=actor,
            action="workflow.active",
            obj=workflow,
            changes={"active": active},
        )
    return workflow


def runs_for_contact(contact_id: int) -> list[Run]:
    """The run history of one contact, newest first, with their completed steps."""
    return list(
        Run.objects.filter(contact_id=contact_id)
        .select_related("workflow")
        .prefetch_related("step_runs")
    )


def run_record(run: Run) -> dict[str, Any]:
    """One run as JSON: its status, where it is, and each step done."""
    return {
        "id": run.pk,
        "workflow": run.workflow.name,
        "version": run.version,
        "status": run.status,
        "position": run.position,
        "wake_at": run.wake_at.isoformat() if run.wake_at else None,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "reason": run.reason,
        "steps": [
            {
                "position": s.position,
                "kind": s.kind,
                "outcome": s.outcome,
                "detail": s.detail,
                "done_at": s.done_at.isoformat(),
            }
            for s in run.step_runs.all()
        ],
    }
