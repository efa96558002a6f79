"""The nightly profile refresh (Huey periodic task, run by ``relais serve`` or ``relais
worker``): new messages move text-based estimates, and exports and segments read the stored
copy."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from relais.core.joblock import locked_job

from .stored import refresh_all


@db_periodic_task(crontab(hour="4", minute="15"))
@locked_job("relais-nightly-profiles", ttl=3600)
def nightly_profiles() -> None:
    refresh_all()
