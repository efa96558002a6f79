"""The import pipeline: files, folders and zips in; contacts, provenance and timeline out.

``run_import`` is the one way in for the CLI (``relais import``) and the web upload job. It
streams records from the readers (``relais.ingest.readers``), checks and normalises them
(facts.py), and writes them chunk by chunk (writer.py, messages.py). docs/import.md says what
users see; the decisions that make it safe are these:

- **Idempotent.** Each source record written leaves an ``ImportedRecord`` with a fingerprint
  of its source, number and content, in the same transaction as what it wrote. A record whose
  fingerprint is known is not written again: importing a file twice adds nothing, importing an
  updated file writes only the records that changed (and they update their contacts).
- **All or nothing per chunk, resumable.** Each chunk of ``chunk_size`` records is one
  transaction, which also saves the batch's progress (its position in the stream). An import
  killed at any point leaves whole chunks only; running the same command again (same paths,
  same files, same mapping: ``sources_key``) resumes that batch from its position.
- **Bad input is reported, never fatal.** Values that fail normalisation are reported as
  skipped fields and the rest of the record is kept; a source that cannot be read is one line
  in ``file_errors`` and the others are imported.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record as audit
from relais.contacts.search.index import index_contacts
from relais.core.bulk import db_json, insert_rows
from relais.core.errors import InvalidInput
from relais.core.text import fold
from relais.matching.engine import refresh_keys_for_batch

from . import hooks
from .attachments import keep_attachment
from .checks import QUEUED, check_after_import, queues_check
from .models import ImportBatch, ImportedRecord
from .prepare import (
    Prepared,
    PreparedMessage,
    can_read_apart,
    prepare,
    prepared_chunks,
)
from .readers import (
    MappingError,
    ReadError,
    Record,
    Skipped,
    UnrecognisedFile,
    columns_of,
    read_path,
)
from .readers.mapping import parse_target
from .report import ImportReport
from .writer import Outcome, PeopleWriter, chunks

if TYPE_CHECKING:
    from relais.accounts.models import User

Progress = Callable[[ImportReport], None]
CHUNK_SIZE = 5000
# A running batch whose process is on another machine counts as abandoned after this long
# without progress (on this machine, a dead process id tells at once).
STALE_AFTER = 600
# SQLite page cache of an importing connection, in KiB (the default is 2 MiB).
IMPORT_CACHE_KIB = 256 * 1024
# Allocations between two runs of the cycle collector while importing (Python's default: 700).
GC_THRESHOLD = 100_000


@dataclass(frozen=True)
class FileError:
    """A path given to the import that could not be read at all."""

    message: str


Item = Record | FileError


class _DryRun(Exception):
    pass


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for root, _dirs, names in sorted(os.walk(path)):
            for name in sorted(names):
                yield Path(root) / name
    elif path.exists():
        yield path


def sources_key(paths: Sequence[str | Path], overrides: Mapping[str, str]) -> str:
    """Identity of an import request: the paths, every file's size and date, the mapping."""
    parts: list[Any] = [sorted(overrides.items())]
    for raw in paths:
        path = Path(raw).resolve()
        parts.append(str(path))
        for file in _files(path):
            stat = file.stat()
            parts.append((str(file), stat.st_size, stat.st_mtime_ns))
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def estimate_records(paths: Sequence[str | Path]) -> int | None:
    """A quick count of records for a progress bar's ETA: lines of CSV, cards, mbox messages.

    None when some file (a workbook, a zip) cannot be counted cheaply.
    """
    total = 0
    for raw in paths:
        for file in _files(Path(raw)):
            with file.open("rb") as stream:
                head = stream.read(4)
                if head.startswith(b"PK"):
                    return None
                stream.seek(0)
                counts = {b"\n": 0, b"BEGIN:VCARD": 0, b"\nFrom ": 0}
                tail = b""
                while block := stream.read(1 << 20):
                    data = tail + block
                    for needle in counts:
                        counts[needle] += data.count(needle) - tail.count(needle)
                    tail = block[-16:]
            if counts[b"BEGIN:VCARD"]:
                total += counts[b"BEGIN:VCARD"]
            elif head.startswith(b"From "):
                total += counts[b"\nFrom "] + 1
            else:
                total += max(counts[b"\n"] - 1, 1)
    return total


@dataclass(frozen=True)
class _Reading:
    """How the sources of one import are read."""

    overrides: Mapping[str, str]
    imap_password: Callable[[], str] | None = None
    # False once the overrides were checked against all the sources together.
    strict_overrides: bool = True
    # Read and normalise in a second process (prepare.py); None: when it pays.
    parallel: bool | None = None


def _reading(
    paths: Sequence[str | Path],
    overrides: Mapping[str, str],
    imap_password: Callable[[], str] | None,
) -> _Reading:
    """With several sources, an override applies to the tables that have its column, and is
    an error only when none has it (a single table keeps the readers' strict check)."""
    if not overrides or len(paths) < 2:
        return _Reading(overrides, imap_password)
    known = set().union(*(columns_of(p) for p in paths))
    missing = [column for column in overrides if fold(column) not in known]
    if missing:
        names = ", ".join(f"'{column}'" for column in missing)
        raise InvalidInput({"map": f"No column {names} in any table of this import."})
    return _Reading(overrides, imap_password, strict_overrides=False)


def _stream(
    paths: Sequence[str | Path], reading: _Reading, workspace_emails: Sequence[str]
) -> Iterator[Item]:
    for path in paths:
        try:
            yield from read_path(
                path,
                workspace_emails=workspace_emails,
                mapping_overrides=reading.overrides,
                password=reading.imap_password,
                strict_overrides=reading.strict_overrides,
            )
        except (UnrecognisedFile, ReadError, MappingError) as exc:
            yield FileError(exc.message)


def _alive(batch: ImportBatch) -> bool:
    """Whether the process that runs ``batch`` may still be at work."""
    stats = batch.stats or {}
    pid, host = stats.get("pid"), stats.get("host")
    if pid and host == socket.gethostname():
        if pid == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    beat = stats.get("heartbeat")
    if not beat:
        return False
    age = timezone.now().timestamp() - float(beat)
    return age < STALE_AFTER


def _claim(batch: ImportBatch) -> None:
    batch.stats = {
        **(batch.stats or {}),
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "heartbeat": timezone.now().timestamp(),
    }


def _open_batch(key: str, label: str, actor: User | None) -> tuple[ImportBatch, bool]:
    """The unfinished batch for the same request (resumed), else a new one."""
    with transaction.atomic():
        unfinished = (
            ImportBatch.objects.select_for_update()
            .filter(
                sources_key=key,
                status__in=[ImportBatch.Status.RUNNING, ImportBatch.Status.FAILED],
            )
            .order_by("-id")
            .first()
        )
        if unfinished is not None and (unfinished.stats or {}).get("finished"):
            # It ran to its end and read nothing (failed, not crashed): nothing to resume.
            unfinished = None
        if unfinished is not None and not _alive(unfinished):
            unfinished.status = ImportBatch.Status.RUNNING
            _claim(unfinished)
            unfinished.save(update_fields=["status", "stats"])
            return unfinished, True
        batch = ImportBatch(label=label[:300], created_by=actor, sources_key=key)
        _claim(batch)
        batch.save()
        return batch, False


def run_import(
    paths: Sequence[str | Path],
    *,
    actor: User | None = None,
    mapping_overrides: Mapping[str, str] | None = None,
    dry_run: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
    label: str = "",
    imap_password: Callable[[], str] | None = None,
    parallel: bool | None = None,
) -> ImportReport:
    """Import files, folders and zips; returns the report (also kept in the batch's stats).

    ``batch``: a batch opened beforehand (the upload job); otherwise an unfinished batch for
    the same request is resumed or a new one is opened. ``dry_run`` does everything in a
    transaction that is rolled back: the report is exact, nothing is kept.
    ``imap_password`` is asked for an IMAP mailbox when RELAIS_IMAP_PASSWORD is not set.
    ``parallel``: read and normalise in a second process (None: for large local files).
    """
    ensure_can_write(actor)
    overrides = dict(mapping_overrides or {})
    for target in overrides.values():
        parse_target(target)  # an unknown field is an error before anything is read
    from relais.accounts.models import User

    users = {u.email.strip().lower(): u for u in User.objects.all()}
    label = label or ", ".join(Path(p).name for p in paths)
    key = sources_key(paths, overrides)
    reading = replace(_reading(paths, overrides, imap_password), parallel=parallel)
    if dry_run:
        report = ImportReport(dry_run=True)
        try:
            with transaction.atomic():
                scratch = ImportBatch.objects.create(
                    label=label[:300], created_by=actor
                )
                _run(
                    paths,
                    reading,
                    users,
                    scratch,
                    actor,
                    report,
                    chunk_size,
                    progress,
                )
                raise _DryRun
        except _DryRun:
            pass
        return report
    resumed = False
    if batch is None:
        batch, resumed = _open_batch(key, label, actor)
    elif not batch.sources_key:
        batch.sources_key = key
        batch.save(update_fields=["sources_key"])
    stats = batch.stats or {}
    report = ImportReport.from_stats(stats) if stats.get("position") else ImportReport()
    report.batch_id, report.resumed = batch.pk, resumed
    if report.total_estimate is None:
        report.total_estimate = estimate_records(paths)
    try:
        _run(paths, reading, users, batch, actor, report, chunk_size, progress)
    except BaseException:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, finished_at=timezone.now()
        )
        raise
    refresh_keys_for_batch(batch.pk)  # the duplicate check's index, once per batch
    if queues_check(report.contacts_created):
        report.check_status = QUEUED  # committed with the batch: a crash cannot lose it
    with transaction.atomic():
        # Nothing read (a missing, empty, binary or header-only file): a failed import, not
        # a "done" one with nothing in it and an Undo button.
        read = report.records_read or report.interactions_added
        batch.status = ImportBatch.Status.DONE if read else ImportBatch.Status.FAILED
        batch.finished_at = timezone.now()
        batch.stats = {**batch.stats, **report.as_stats(), "finished": True}
        batch.save(update_fields=["status", "finished_at", "stats"])
        audit(
            actor=actor,
            action="import.run",
            obj=batch,
            changes={
                k: v
                for k, v in report.as_stats().items()
                if isinstance(v, int) and not isinstance(v, bool)
            },
        )
    check_after_import(actor=actor, batch_id=batch.pk, report=report)
    return report


def import_records(
    records: Sequence[Record], *, actor: User | None, label: str
) -> ImportReport:
    """Import records made elsewhere (a business card confirmed on the phone) through the
    same steps as a file: normalisation, suppression, matching, provenance, the duplicate
    check; one batch, which ``undo_batch`` undoes like any other."""
    ensure_can_write(actor)
    from relais.accounts.models import User

    users = {u.email.strip().lower(): u for u in User.objects.all()}
    batch = ImportBatch.objects.create(label=label[:300], created_by=actor)
    report = ImportReport(batch_id=batch.pk)
    writer = PeopleWriter(batch, actor)
    _commit([prepare(r) for r in records], 0, writer, users, batch, report)
    refresh_keys_for_batch(batch.pk)
    with transaction.atomic():
        batch.status = ImportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.stats = {**batch.stats, **report.as_stats(), "finished": True}
        batch.save(update_fields=["status", "finished_at", "stats"])
        audit(actor=actor, action="import.run", obj=batch, changes={
            k: v for k, v in report.as_stats().items()
            if isinstance(v, int) and not isinstance(v, bool)
        })  # fmt: skip
    check_after_import(actor=actor, batch_id=batch.pk, report=report)
    return report


def _run(
    paths: Sequence[str | Path],
    reading: _Reading,
    users: dict[str, User],
    batch: ImportBatch,
    actor: User | None,
    report: ImportReport,
    chunk_size: int,
    progress: Progress | None,
) -> None:
    with _import_cache(), _few_collections():
        _run_stream(paths, reading, users, batch, actor, report, chunk_size, progress)


@contextmanager
def _few_collections() -> Iterator[None]:
    """An import makes millions of short-lived objects that hold no cycles (reference counting
    frees them); the cycle collector, run every 700 allocations, would scan the whole heap
    over and over. Collect rarely, and never rescan what existed before the import."""
    threshold = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def _import_cache() -> Iterator[None]:
    """On SQLite, a larger page cache for this connection while it imports (the indexes of
    a big base stay in memory), and no memory-mapped reads: the map (1 GiB, set for
    searches) would otherwise bring every page the import touches into the process, up to
    a gigabyte more resident memory on a large base, where the capped page cache holds what
    it needs. Durability unchanged."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA mmap_size")
        mmap_size = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        cursor.execute("PRAGMA mmap_size = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")
            cursor.execute(f"PRAGMA mmap_size = {mmap_size}")


def _run_stream(
    paths: Sequence[str | Path],
    reading: _Reading,
    users: dict[str, User],
    batch: ImportBatch,
    actor: User | None,
    report: ImportReport,
    chunk_size: int,
    progress: Progress | None,
) -> None:
    writer = PeopleWriter(batch, actor)
    position = int((batch.stats or {}).get("position", 0))
    workspace = list(users)
    parallel = reading.parallel
    if parallel is None:
        parallel = can_read_apart([str(p) for p in paths], report.total_estimate)
    with closing(
        prepared_chunks(
            lambda: _stream(paths, reading, workspace),
            chunk_size,
            position,  # a resumed batch: these were written by the earlier run
            parallel=parallel,
        )
    ) as ready:
        for chunk in ready:
            position = _commit(chunk, position, writer, users, batch, report)
            if progress:
                progress(report)
    if progress:
        progress(report)


def _commit(
    chunk: list[Any],
    position: int,
    writer: PeopleWriter,
    users: dict[str, User],
    batch: ImportBatch,
    report: ImportReport,
) -> int:
    """Write one chunk and the batch's progress in one transaction; the new position."""
    with transaction.atomic():
        _write_chunk(chunk, writer, users, batch, report)
        position += len(chunk)
        _claim(batch)
        batch.stats = {**batch.stats, **report.as_stats(), "position": position}
        batch.save(update_fields=["stats"])
    return position


def _known(prints: list[str]) -> set[str]:
    """The fingerprints among ``prints`` already written (by any batch)."""
    known: set[str] = set()
    table = ImportedRecord._meta.db_table
    with connection.cursor() as cursor:
        for part in chunks(prints):
            cursor.execute(
                f'SELECT "fingerprint" FROM "{table}" WHERE "fingerprint" IN '  # noqa: S608
                f"({', '.join(['%s'] * len(part))})",
                part,
            )
            known.update(row[0] for row in cursor.fetchall())
    return known


def _write_chunk(
    chunk: list[Any],
    writer: PeopleWriter,
    users: dict[str, User],
    batch: ImportBatch,
    report: ImportReport,
) -> None:
    """Write a prepared chunk (prepare.py): the records not written before, and the report."""
    skipped: list[Skipped] = []
    people: list[Prepared] = []
    messages: list[PreparedMessage] = []
    for item in chunk:
        if isinstance(item, FileError):
            report.file_errors.append(item.message)
        elif isinstance(item, Skipped):
            skipped.append(item)
            if not item.field and item.record_number:
                report.records_read += 1
        elif isinstance(item, Prepared):
            report.records_read += 1
            people.append(item)
        else:
            report.records_read += 1
            messages.append(item)
    known = _known([p.fingerprint for p in people] + [m.fingerprint for m in messages])
    imported: list[tuple[str, int | None, dict[str, str]]] = []
    indexed: set[int | None] = set()

    facts = []
    for person in people:
        if person.fingerprint in known:
            report.unchanged += 1
            continue
        skipped.extend(person.skipped)
        if person.facts is not None:
            facts.append(person.facts)
    facts = hooks.filter_people(facts, report)  # privacy: erased people stay erased
    for found, outcome in zip(facts, writer.write(facts), strict=True):
        _count(report, outcome)
        imported.append((found.fingerprint, outcome.contact_id, outcome.filled))
        if found.attachment is not None:  # a card's photo, kept with its contact
            keep_attachment(outcome.contact_id, found.attachment, batch)

    if messages:
        from .messages import write_messages

        fresh = [m for m in messages if m.fingerprint not in known]
        report.unchanged += len(messages) - len(fresh)
        kept = {id(r) for r in hooks.filter_messages([m.record for m in fresh], report)}
        fresh = [m for m in fresh if id(m.record) in kept]  # privacy, as for people
        results = write_messages([m.record for m in fresh], writer, users, skipped)
        for message, result in zip(fresh, results, strict=True):
            if result is None:
                continue
            for outcome in result.outcomes:
                if outcome.created:
                    report.contacts_created += 1
                elif outcome.changed:
                    report.contacts_updated += 1
            if result.interaction_id is not None:
                report.interactions_added += 1
            elif not any(o.created or o.changed for o in result.outcomes):
                report.unchanged += 1
            imported.append((message.fingerprint, result.contact_id, result.filled))
            indexed.update(o.contact_id for o in result.outcomes)
        # privacy's freshness: replies, "has left" auto-replies, new employers
        hooks.messages_imported([m.record for m in fresh])
    # The chunk's contacts, in bulk, once: the search index follows the import.
    index_contacts(indexed | {contact_id for _, contact_id, _ in imported})
    insert_rows(
        ImportedRecord,
        ("fingerprint", "batch_id", "contact_id", "filled"),
        [
            (print_, batch.pk, contact_id, db_json(filled) if filled else None)
            for print_, contact_id, filled in imported
        ],
    )
    for item in skipped:
        report.skip(item)


def _count(report: ImportReport, outcome: Outcome) -> None:
    if outcome.created:
        report.contacts_created += 1
    elif outcome.changed:
        report.contacts_updated += 1
    else:
        report.unchanged += 1
