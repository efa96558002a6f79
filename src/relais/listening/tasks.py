"""Listening jobs (Huey, run by ``relais serve`` or ``relais worker``): every minute, poll the
sources whose own interval has come (back-off included), and prune the seen-set once a day."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .services.poll import poll_due
from .services.store import prune_seen

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
@lock_task("relais-listening-poll")
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
def prune_seen_items() -> None:
    prune_seen(settings.RELAIS_SEEN_DAYS)
