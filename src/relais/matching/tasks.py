"""The background job behind the "Find duplicates" button: a dedupe run, as ``relais dedupe``."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from relais.accounts.models import User
from relais.matching.services import run_dedupe

logger = logging.getLogger(__name__)


@db_task()
def find_duplicates(user_id: int | None) -> str:
    """Run dedupe as ``user_id`` (automatic merges per RELAIS_MATCHING_AUTO_MERGE)."""
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    summary = run_dedupe(actor=actor)
    logger.info("Duplicate search: %s", summary.line())
    return summary.line()
