"""The worker side of workflows: waking due runs, one step per transaction, under a lease.

- **Claim.** A worker takes due runs (``waiting``, ``wake_at`` passed, no live lease) by a
  conditional UPDATE that writes its name and a lease; a run whose worker died is free again
  when the lease ends (``LEASE``). Two workers never hold the same run.
- **Exactly once.** Each step runs in one transaction with its ``StepRun`` (unique per run and
  position) and the run's new position, and only while the lease is still this worker's. A
  worker killed by ``kill -9`` loses at most the step it was in, uncommitted: the next worker
  does it again from the start, and nothing of the lost attempt remains.
- **Waiting is a row.** A wait step sets ``wake_at`` (and ``waiting_for`` for a wait on an
  event) and releases the run; thousands waiting cost one indexed column each.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relais.automation.models import Event, Run, StepRun

from .actions import ACTIONS, Outcome, StepFailed
from .definition import parse_duration

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(seconds=30)
CLAIM_SIZE = 200


def worker_name() -> str:
    return f"{socket.gethostname()[:16]}-{os.getpid()}-{secrets.token_hex(4)}"


def _free(now: dt.datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def claim(
    worker: str, *, now: dt.datetime | None = None, limit: int = CLAIM_SIZE
) -> list[int]:
    """Take up to ``limit`` due runs for ``worker``; returns their ids."""
    now = now or timezone.now()
    due = Run.objects.filter(status=Run.Status.WAITING, wake_at__lte=now).filter(
        _free(now)
    )
    ids = list(due.order_by("wake_at").values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    Run.objects.filter(pk__in=ids, status=Run.Status.WAITING).filter(_free(now)).update(
        lease_owner=worker, lease_until=now + LEASE
    )
    return list(
        Run.objects.filter(pk__in=ids, lease_owner=worker).values_list("pk", flat=True)
    )


def _finish(run: Run, status: str, reason: str, now: dt.datetime) -> None:
    run.status, run.reason, run.finished_at = status, reason[:300], now
    run.wake_at, run.waiting_for = None, ""


def _wait(run: Run, step: dict, now: dt.datetime) -> Outcome | None:
    """Start the wait (None: the run sleeps) or, when it is over, its outcome."""
    if run.wait_started_at is None:
        run.wait_started_at = now
        if "until_event" in step:
            run.waiting_for = step["until_event"]
            run.wake_at = now + parse_duration(step["timeout"])
        else:
            run.wake_at = now + parse_duration(step["for"])
        return None
    if run.wake_at is not None and run.wake_at > now:
        return None  # woken early by an event it does not wait for: sleep on
    detail = "waited"
    if run.waiting_for:
        arrived = Event.objects.filter(
            contact_id=run.contact_id,
            type=run.waiting_for,
            received_at__gte=run.wait_started_at,
        ).exists()
        detail = f"{run.waiting_for} arrived" if arrived else "timed out"
    run.wait_started_at, run.waiting_for = None, ""
    return Outcome("done", detail)


def _step(run_id: int, worker: str) -> bool:
    """Do the run's next step in one transaction; False when the run sleeps, ends or is lost."""
    with transaction.atomic():
        run = (
            Run.objects.select_for_update(of=("self",))
            .select_related("contact", "workflow", "event")
            .filter(pk=run_id, lease_owner=worker, status=Run.Status.WAITING)
            .first()
        )
        now = timezone.now()
        if run is None or run.lease_until is None or run.lease_until < now:
            return False  # cancelled meanwhile, or the lease was lost
        if run.position >= len(run.steps):
            _finish(run, Run.Status.DONE, "", now)
            run.save()
            return False
        step = run.steps[run.position]
        if StepRun.objects.filter(run=run, position=run.position).exists():
            run.position += (
                1  # recorded already (cannot happen with the lease; kept safe)
            )
            run.save(update_fields=["position"])
            return True
        if step["kind"] == "wait":
            outcome = _wait(run, step, now)
            if outcome is None:
                run.save()
                return False
        else:
            try:
                with transaction.atomic():
                    outcome = ACTIONS[step["kind"]](run, step)
            except StepFailed as exc:
                outcome = Outcome("failed", exc.message)
        StepRun.objects.create(
            run=run,
            position=run.position,
            kind=step["kind"],
            outcome=outcome.outcome,
            detail=outcome.detail[:500],
            delivery=outcome.delivery,
            done_at=now,
        )
        run.position += 1 + outcome.skip
        run.wake_at = now
        if outcome.outcome == "stopped":
            _finish(run, Run.Status.STOPPED, outcome.detail, now)
        elif outcome.outcome == "failed":
            _finish(run, Run.Status.FAILED, outcome.detail, now)
        elif run.position >= len(run.steps):
            _finish(run, Run.Status.DONE, "", now)
        run.save()
        return run.status == Run.Status.WAITING


def _release(run_id: int, worker: str) -> None:
    Run.objects.filter(pk=run_id, lease_owner=worker).update(
        lease_owner="", lease_until=None
    )


def advance(run_id: int, worker: str) -> None:
    """Run the steps of one claimed run until it sleeps or ends, then release it."""
    try:
        while _step(run_id, worker):
            pass
    finally:
        _release(run_id, worker)


def advance_due(worker: str | None = None, *, limit: int = CLAIM_SIZE) -> int:
    """Claim and advance the runs due now; returns how many were taken."""
    worker = worker or worker_name()
    ids = claim(worker, limit=limit)
    for run_id in ids:
        try:
            advance(run_id, worker)
        except Exception:  # one broken run must not stop the others; its lease lapses
            logger.exception("workflow run %s", run_id)
    return len(ids)


@dataclass
class WorkReport:
    runs: int = 0
    loops: int = 0


def work(
    *,
    seconds: float | None = None,
    poll: float = 1.0,
    send: Callable[[], object] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> WorkReport:
    """Advance due runs until ``seconds`` have passed (forever if None), polling every
    ``poll`` seconds when nothing is due; ``send`` is called after each round."""
    worker = worker_name()
    report = WorkReport()
    started = clock()
    while seconds is None or clock() - started < seconds:
        taken = advance_due(worker)
        report.runs += taken
        report.loops += 1
        if send is not None:
            send()
        if taken < CLAIM_SIZE:
            time.sleep(poll)
    return report
