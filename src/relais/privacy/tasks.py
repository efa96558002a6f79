"""The nightly freshness job (Huey periodic task, run by ``relais serve`` or ``relais worker``):
every score recomputed, so that time decays them, then the day's snapshot for the dashboard."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from relais.core.joblock import locked_job

from .services.freshness import refresh_all


@db_periodic_task(crontab(hour="3", minute="30"))
@locked_job("relais-nightly-freshness", ttl=3600)
def nightly_freshness() -> None:
    refresh_all()
