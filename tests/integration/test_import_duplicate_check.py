"""The duplicate check at the end of an import (issue 3 with the matching issue): inline for a
small import, a background job past RELAIS_IMPORT_INLINE_CHECK_MAX new contacts, and a job
that a restart interrupted runs again without doing anything twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from relais.contacts import services
from relais.contacts.models import Contact
from relais.contacts.services import Source
from relais.ingest.checks import RUNNING, run_queued_check, update_stats
from relais.ingest.models import ImportBatch
from relais.ingest.services import run_import
from relais.ingest.tasks import check_import_duplicates, requeue_import_checks
from relais.matching.selectors import review_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue() -> Iterator[None]:
    """Huey's queue in memory for the test (jobs wait until the test runs them)."""
    storage, immediate = HUEY.storage, HUEY.immediate
    HUEY.storage, HUEY.immediate = MemoryStorage(HUEY.name), False
    try:
        yield
    finally:
        HUEY.storage, HUEY.immediate = storage, immediate


@pytest.fixture
def seb(db, settings) -> Contact:
    settings.RELAIS_MATCHING_AUTO_MERGE = False
    return services.create_contact(
        actor=None,
        source=Source.manual("api"),
        first_name="Sébastien",
        last_name="Roux",
        organisation="Axonaut",
    )


def salon(tmp_path: Path) -> Path:
    csv = tmp_path / "salon.csv"
    csv.write_text(
        "Prénom,Nom,Société,Email\n"
        "Seb,ROUX,Axonaut SAS,seb.roux@gmail.example\n"
        "Nicolas,Petit,Pennylane,nicolas.petit@pennylane.example\n",
        encoding="utf-8",
    )
    return csv


def queued_pairs() -> set[frozenset[int]]:
    return {frozenset((c.left_id, c.right_id)) for c in review_queue()}


def run_waiting_jobs() -> int:
    """What a worker does with the queue (the job's body, in the test's connection)."""
    ran = 0
    while (task := HUEY.dequeue()) is not None:
        assert task.name == "check_import_duplicates"
        check_import_duplicates.call_local(*task.args)
        ran += 1
    return ran


def test_a_small_import_is_checked_inline_and_reports_what_it_found(
    seb, tmp_path, queue
):
    report = run_import([salon(tmp_path)], actor=None)
    new_seb = Contact.objects.get(first_name="Seb")
    assert queued_pairs() == {frozenset((seb.pk, new_seb.pk))}
    assert (report.check_status, report.duplicates_to_review) == ("done", 1)
    stats = ImportBatch.objects.get(pk=report.batch_id).stats
    assert (stats["check_status"], stats["duplicates_to_review"]) == ("done", 1)
    assert HUEY.pending_count() == 0


def test_a_large_import_commits_then_a_worker_checks_it(seb, tmp_path, queue, settings):
    settings.RELAIS_IMPORT_INLINE_CHECK_MAX = 1
    report = run_import([salon(tmp_path)], actor=None)
    # The import is done and committed; its check waits in the queue.
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.status == ImportBatch.Status.DONE
    assert report.check_status == batch.stats["check_status"] == "queued"
    assert report.check_job == batch.stats["check_job"] == HUEY.pending()[0].id
    assert queued_pairs() == set()

    assert run_waiting_jobs() == 1
    new_seb = Contact.objects.get(first_name="Seb")
    assert queued_pairs() == {frozenset((seb.pk, new_seb.pk))}
    stats = ImportBatch.objects.get(pk=report.batch_id).stats
    assert (stats["check_status"], stats["duplicates_to_review"]) == ("done", 1)


def test_a_check_a_restart_interrupted_is_queued_again_and_done_once(
    seb, tmp_path, queue, settings
):
    settings.RELAIS_IMPORT_INLINE_CHECK_MAX = 1
    report = run_import([salon(tmp_path)], actor=None)
    # A worker took the job and was killed while it ran: the queue no longer holds it.
    assert HUEY.dequeue() is not None
    update_stats(report.batch_id, check_status=RUNNING)
    assert requeue_import_checks() == [report.batch_id]
    assert requeue_import_checks() == []  # already waiting: not queued twice
    assert run_waiting_jobs() == 1
    assert len(queued_pairs()) == 1
    # Running the check again (a duplicate job, a retry) changes nothing.
    assert run_queued_check(report.batch_id) == {}
    update_stats(report.batch_id, check_status=RUNNING)
    run_queued_check(report.batch_id)
    assert len(queued_pairs()) == 1
    assert requeue_import_checks() == []


def test_with_jobs_run_immediately_the_queued_check_is_done_on_return(
    seb, tmp_path, settings
):
    settings.RELAIS_IMPORT_INLINE_CHECK_MAX = 1
    immediate = HUEY.immediate
    HUEY.immediate = True
    try:
        report = run_import([salon(tmp_path)], actor=None)
    finally:
        HUEY.immediate = immediate
    assert report.check_job
    assert (report.check_status, report.duplicates_to_review) == ("done", 1)
    assert len(queued_pairs()) == 1


def test_the_check_of_an_undone_batch_does_nothing(seb, tmp_path, queue, settings):
    from relais.ingest.undo import undo_batch

    settings.RELAIS_IMPORT_INLINE_CHECK_MAX = 1
    report = run_import([salon(tmp_path)], actor=None)
    undo_batch(actor=None, batch_id=report.batch_id)
    run_waiting_jobs()
    assert queued_pairs() == set()
    assert requeue_import_checks() == []
