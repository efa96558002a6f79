"""Service jobs (Huey, run by ``relais serve`` or ``relais worker``): every five minutes,
record the deadlines missed since the last run (each breach once)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from relais.core.joblock import locked_job

from .services.tickets import record_all_breaches

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
@locked_job("relais-service-breaches", ttl=900)
def record_breaches_due() -> None:
    if found := record_all_breaches():
        logger.info("service: %s new breaches recorded", found)
