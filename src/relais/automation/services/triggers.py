"""What an arriving event does to workflows, inside the transaction that stores it.

It starts a run of each active workflow it triggers (one per workflow and event: the unique
constraint makes a second start impossible), cancels the waiting runs of that contact that
the event type cancels, and wakes the runs of that contact waiting for it. Starting a run
only writes its row, due now: the worker does the steps.
"""

from __future__ import annotations

from django.utils import timezone

from relais.automation.models import Event, Run, Workflow

from .definition import matches


def on_event(event: Event) -> None:
    if event.contact_id is None:
        return
    now = timezone.now()
    waiting = Run.objects.filter(contact_id=event.contact_id, status=Run.Status.WAITING)
    cancelled = [
        pk
        for pk, cancel_on in waiting.values_list("pk", "cancel_on")
        if event.type in (cancel_on or [])
    ]
    if cancelled:
        Run.objects.filter(pk__in=cancelled, status=Run.Status.WAITING).update(
            status=Run.Status.CANCELLED,
            finished_at=now,
            reason=f"cancelled by {event.type} ({event.external_id})"[:300],
            wake_at=None,
        )
    waiting.filter(waiting_for=event.type).update(wake_at=now)
    starts = [
        Run(
            workflow=workflow,
            version=workflow.version,
            contact_id=event.contact_id,
            event=event,
            steps=workflow.steps,
            cancel_on=workflow.cancel_on,
            wake_at=now,
            started_at=now,
        )
        for workflow in Workflow.objects.filter(active=True, trigger_type=event.type)
        if matches(workflow.conditions or {}, event.data or {})
    ]
    Run.objects.bulk_create(starts)
