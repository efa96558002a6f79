"""The duplicate check at the end of an import: inline for a small import, a job for a large one.

Every import ends by checking the contacts it created against the base (matching issue). For a
few thousand contacts that takes seconds and its result belongs in the report. For a large
import it is a batch duplicate search of the whole base (Splink on DuckDB), which takes
minutes and gigabytes: past ``RELAIS_IMPORT_INLINE_CHECK_MAX`` new contacts the import commits
without it and queues it as a background job (``relais serve`` or ``relais worker`` runs it;
with RELAIS_JOBS_IMMEDIATE it runs at once). The batch's stats say where the check stands
(``check_status``: queued, running, done, failed) so that the report, the CLI and the web page
can tell.

The job only re-runs ``check_import_batch``, which is idempotent (a pair already queued is
updated, merged contacts are archived and leave the check), so running it twice is harmless: a
check that a restart interrupted is queued again when a worker starts
(``requeue_unfinished_checks``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from relais.matching.hints import check_import_batch as check_quietly
from relais.matching.services import check_import_batch

from .models import ImportBatch

if TYPE_CHECKING:
    from relais.accounts.models import User

    from .report import ImportReport

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def update_stats(batch_id: int, **values: Any) -> None:
    """Set some keys of a batch's stats, leaving the others as another process wrote them."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            return
        batch.stats = {**(batch.stats or {}), **values}
        batch.save(update_fields=["stats"])


def queues_check(new_contacts: int) -> bool:
    """Whether the duplicate check of this many new contacts runs as a background job."""
    return new_contacts > int(settings.RELAIS_IMPORT_INLINE_CHECK_MAX)


def check_after_import(
    *, actor: User | None, batch_id: int, report: ImportReport
) -> None:
    """Check the batch's new contacts for duplicates, or queue the check; note it in the
    report and the batch's stats. Called once the import has committed."""
    if report.check_status == QUEUED:
        from .tasks import check_import_duplicates

        # The stats said "queued" in the import's last transaction: a crash before this line
        # leaves a check that the next worker start queues (requeue_unfinished_checks).
        try:
            job = check_import_duplicates(batch_id)
        except Exception:  # the queue is down: the import is done all the same
            logger.exception(
                "Could not queue the duplicate check of batch %s", batch_id
            )
            return
        report.check_job = str(job.id)
        update_stats(batch_id, check_job=report.check_job)
        done = ImportBatch.objects.filter(pk=batch_id).values_list("stats", flat=True)
        stats = done.first() or {}
        if stats.get("check_status") in (DONE, FAILED):  # jobs run immediately
            report.check_status = stats["check_status"]
            report.duplicates_merged = stats.get("duplicates_merged", 0)
            report.duplicates_to_review = stats.get("duplicates_to_review", 0)
        return
    outcome = check_quietly(actor=actor, batch_id=batch_id)
    report.check_status = DONE
    report.duplicates_merged, report.duplicates_to_review = (
        outcome.merged,
        outcome.queued,
    )
    update_stats(
        batch_id,
        check_status=DONE,
        duplicates_merged=outcome.merged,
        duplicates_to_review=outcome.queued,
    )


def run_queued_check(batch_id: int) -> dict[str, int]:
    """The background duplicate check of an import batch (the job's body).

    A batch already checked, or undone, is left alone; anything else re-runs the check.
    """
    batch = ImportBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None or batch.status == ImportBatch.Status.UNDONE:
        return {}
    if (batch.stats or {}).get("check_status") == DONE:
        return {}
    update_stats(batch_id, check_status=RUNNING)
    try:
        outcome = check_import_batch(actor=batch.created_by, batch_id=batch_id)
    except Exception:
        logger.exception("Duplicate check failed for import batch %s", batch_id)
        update_stats(batch_id, check_status=FAILED)
        raise
    result = {
        "duplicates_merged": outcome.merged,
        "duplicates_to_review": outcome.queued,
    }
    update_stats(batch_id, check_status=DONE, **result)
    return result


def requeue_unfinished_checks(pending_batches: set[int]) -> list[int]:
    """Queue again the checks that were queued or running when the workers stopped.

    ``pending_batches``: the batches whose check job is still waiting in the queue (those
    are left as they are). Returns the batches queued again.
    """
    from .tasks import check_import_duplicates

    unfinished = ImportBatch.objects.filter(
        stats__check_status__in=[QUEUED, RUNNING]
    ).exclude(status=ImportBatch.Status.UNDONE)
    again = []
    for batch_id in unfinished.values_list("pk", flat=True):
        if batch_id in pending_batches:
            continue
        update_stats(batch_id, check_status=QUEUED)
        job = check_import_duplicates(batch_id)
        update_stats(batch_id, check_job=str(job.id))
        again.append(batch_id)
    return again
