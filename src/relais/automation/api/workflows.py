"""/workflows: the JSON of each workflow, and a contact's run history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from relais.accounts.api_auth import actor
from relais.automation.services import workflows
from relais.core.api_fields import PathId
from relais.core.api_support import responses

router = Router(tags=["workflows"])


@router.get(
    "/workflows",
    response=responses({200: list[dict[str, Any]]}),
    summary="List workflows",
)
def list_workflows(request: HttpRequest) -> Any:
    from relais.automation.models import Workflow

    return [workflows.definition_of(w) for w in Workflow.objects.all()]


@router.post(
    "/workflows", response=responses({201: dict[str, Any]}), summary="Create a workflow"
)
def create_workflow(request: HttpRequest, payload: dict[str, Any]) -> Any:
    """The body is the workflow's JSON (see docs/automation.md)."""
    created = workflows.save_workflow(actor=actor(request), definition=payload)
    return Status(201, workflows.definition_of(created))


@router.get(
    "/workflows/{workflow_id}",
    response=responses({200: dict[str, Any]}),
    summary="Read a workflow",
)
def get_workflow(request: HttpRequest, workflow_id: PathId) -> Any:
    return workflows.definition_of(workflows.get_workflow(workflow_id))


@router.put(
    "/workflows/{workflow_id}",
    response=responses({200: dict[str, Any]}),
    summary="Change a workflow",
)
def change_workflow(
    request: HttpRequest, workflow_id: PathId, payload: dict[str, Any]
) -> Any:
    """Runs in flight keep the steps they started with."""
    found = workflows.get_workflow(workflow_id)
    changed = workflows.save_workflow(
        actor=actor(request), definition=payload, workflow=found
    )
    return workflows.definition_of(changed)


@router.get(
    "/contacts/{contact_id}/runs",
    response=responses({200: list[dict[str, Any]]}),
    summary="A contact's workflow runs",
)
def contact_runs(request: HttpRequest, contact_id: PathId) -> Any:
    return [workflows.run_record(run) for run in workflows.runs_for_contact(contact_id)]
