"""Service jobs (Huey, run by ``relais serve`` or ``relais worker``): every five minutes,
record the deadlines missed since the last run (each breach once)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .services.tickets import record_all_breaches

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
@lock_task("relais-service-breaches")
def record_breaches_due() -> None:
    if found := record_all_breaches():
        logger.info("service: %s new breaches recorded", found)
