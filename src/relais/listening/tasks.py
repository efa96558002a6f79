"""Listening jobs (Huey, run by ``relais serve`` or ``relais worker``): every minute, poll the
sources whose own interval has come (back-off included), and prune the seen-set once a day.
Both take a ``locked_job`` lock, tied to the living worker: a killed worker never stops polling."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from relais.core.joblock import locked_job

from .services.poll import poll_due
from .services.store import prune_seen

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@locked_job("relais-listening-poll", ttl=900)
def poll_sources_due() -> None:
    report = poll_due()
    if report.new or report.failed:
        logger.info(
            "listening: %s new, %s updated, %s failed",
            report.new,
            report.updated,
            report.failed,
        )


@db_periodic_task(crontab(minute="17", hour="3"))
@locked_job("relais-listening-prune", ttl=3600)
def prune_seen_items() -> None:
    prune_seen(settings.RELAIS_SEEN_DAYS)
