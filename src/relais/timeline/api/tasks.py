"""/tasks: things to do, optionally about a contact, assigned to someone of the team."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor, find_user
from relais.contacts import selectors as contact_selectors
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import as_field, responses, sent
from relais.timeline import selectors, services
from relais.timeline.models import Task

from .schemas import TaskIn, TaskOut, TaskPatch, TaskQuery

router = Router(tags=["tasks"])


@router.get("/tasks", response=responses({200: list[TaskOut]}), summary="List tasks")
@paginate(Paging)
def list_tasks(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    """Open tasks first, by due date."""
    return selectors.list_tasks(
        assignee_id=filters.assignee, contact_id=filters.contact, done=filters.done
    )


@router.post("/tasks", response=responses({201: TaskOut}), summary="Create a task")
def create_task(request: HttpRequest, payload: TaskIn) -> Status[Task]:
    contact = None
    if payload.contact is not None:
        with as_field("contact"):
            contact = contact_selectors.get_contact(payload.contact)
    task = services.create_task(
        actor=actor(request),
        title=payload.title,
        details=payload.details,
        due_date=payload.due_date,
        assignee=find_user(payload.assignee, "assignee")
        if payload.assignee is not None
        else None,
        contact=contact,
    )
    return Status(201, task)


@router.get(
    "/tasks/{task_id}", response=responses({200: TaskOut}), summary="Read a task"
)
def get_task(request: HttpRequest, task_id: PathId) -> Task:
    return selectors.get_task(task_id)


@router.patch(
    "/tasks/{task_id}", response=responses({200: TaskOut}), summary="Change a task"
)
def update_task(request: HttpRequest, task_id: PathId, payload: TaskPatch) -> Task:
    """``done: true`` completes the task and puts it on the contact's timeline."""
    changes = sent(payload)
    for text in ("title", "details", "done"):
        if text in changes and changes[text] is None:
            del changes[text]
    if changes.get("assignee") is not None:
        changes["assignee"] = find_user(changes["assignee"], "assignee")
    if changes.get("contact") is not None:
        with as_field("contact"):
            changes["contact"] = contact_selectors.get_contact(changes["contact"])
    return services.update_task(
        actor=actor(request), task=selectors.get_task(task_id), changes=changes
    )


@router.delete(
    "/tasks/{task_id}", response=responses({204: None}), summary="Delete a task"
)
def delete_task(request: HttpRequest, task_id: PathId) -> Status[None]:
    services.delete_task(actor=actor(request), task=selectors.get_task(task_id))
    return Status(204, None)
