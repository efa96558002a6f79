"""Automation jobs (Huey, run by ``relais serve`` or ``relais worker``).

Every minute, one job advances due workflow runs for 55 seconds, polling each second, so a
run wakes within about a second of its time. No Huey lock: two overlapping jobs (or a job
left by a worker killed with ``kill -9``) are safe because runs are claimed with leases in the
database and each step is recorded once (relais.automation.services.runs).
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services.mail import send_workflow_mail
from .services.runs import work


@db_periodic_task(crontab(minute="*"))
def advance_workflows() -> int:
    """Advance due runs and send the mail they queue, for 55 seconds."""
    return work(
        seconds=55, poll=1.0, send=lambda: send_workflow_mail(max_seconds=5)
    ).runs
