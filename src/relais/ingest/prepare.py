"""Reading and normalising, ahead of the writer: in the importing process or in a second one.

Reading a record, fingerprinting it and checking/normalising it (facts.py) is about half the
CPU of an import and needs no database; writing is the other half and needs one connection.
So a large import reads in a child process that hands ready chunks to the writer through a
bounded queue (two chunks ahead at most: memory stays flat), and the two halves run on two
cores. Small imports, IMAP mailboxes (a password prompt, a network session) and machines with
one core read in the importing process: same code, same chunks, same results.

A chunk is the list of what the stream gave, one entry per stream item (the batch's resume
position counts them): a person comes as ``Prepared`` (its fingerprint, its facts and the
values it skipped, reported only if the record is written), anything else as it was read.
If the importing process dies (``kill -9``), the child notices its parent is gone and ends.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

from .facts import PersonFacts, person_facts, record_fingerprint
from .readers import MessageRecord, PersonRecord, Skipped

# Below this many records (estimated), a second process costs more than it saves.
PARALLEL_FROM = 20_000
_AHEAD = 2  # chunks read ahead of the writer
_POLL = 1.0  # seconds between two checks that the importing process is alive


@dataclass(slots=True)
class Prepared:
    """A person record, read and normalised: what the writer needs of it."""

    fingerprint: str
    facts: PersonFacts | None  # None: nothing to keep (reported in ``skipped``)
    skipped: list[Skipped]
    record_number: int


@dataclass(slots=True)
class PreparedMessage:
    """A message record and its fingerprint (its people are matched by the writer)."""

    record: MessageRecord
    fingerprint: str


def prepare(item: Any) -> Any:
    """One stream item as the writer takes it."""
    if isinstance(item, PersonRecord):
        skipped: list[Skipped] = []
        print_ = record_fingerprint(item)
        facts = person_facts(item, skipped)
        if facts is not None:
            facts.fingerprint = print_
        return Prepared(print_, facts, skipped, item.record_number)
    if isinstance(item, MessageRecord):
        return PreparedMessage(item, record_fingerprint(item))
    return item


def chunked(
    items: Iterator[Any], chunk_size: int, skip: int = 0
) -> Iterator[list[Any]]:
    """Prepared chunks of ``chunk_size`` records (plus the other items in between), after
    leaving out the first ``skip`` items (written by an earlier run of the batch)."""
    for _ in range(skip):
        if next(items, None) is None:
            return
    chunk: list[Any] = []
    size = 0
    for item in items:
        ready = prepare(item)
        chunk.append(ready)
        if isinstance(ready, Prepared | PreparedMessage):
            size += 1
        if size >= chunk_size:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _read_ahead(
    stream: Callable[[], Iterator[Any]],
    chunk_size: int,
    skip: int,
    out: Any,
    parent: int,
) -> None:
    """The child: put prepared chunks on ``out``, then None; ("error", text) on a failure."""

    def put(value: Any) -> bool:
        while True:
            try:
                out.put(value, timeout=_POLL)
                return True
            except queue.Full:
                if os.getppid() != parent:
                    # Nobody will read what is buffered: exit without waiting to flush it.
                    out.cancel_join_thread()
                    return False

    try:
        for chunk in chunked(stream(), chunk_size, skip):
            if not put(chunk):
                return
        put(None)
    except BaseException:  # reported to the importing process, which raises it
        put(("error", traceback.format_exc()))


class ReaderFailed(RuntimeError):
    """The reading process failed; the message holds its traceback."""


def prepared_chunks(
    stream: Callable[[], Iterator[Any]],
    chunk_size: int,
    skip: int = 0,
    *,
    parallel: bool = False,
) -> Generator[list[Any], None, None]:
    """The import's chunks, read in a second process when ``parallel``."""
    if not parallel:
        yield from chunked(stream(), chunk_size, skip)
        return
    context = multiprocessing.get_context("fork")
    out = context.Queue(maxsize=_AHEAD)
    child = context.Process(
        target=_read_ahead,
        args=(stream, chunk_size, skip, out, os.getpid()),
        daemon=True,
    )
    child.start()
    try:
        while True:
            try:
                chunk = out.get(timeout=_POLL)
            except queue.Empty:
                if not child.is_alive() and out.empty():
                    raise ReaderFailed(
                        f"The reading process ended unexpectedly (exit code {child.exitcode})."
                    ) from None
                continue
            if chunk is None:
                break
            if isinstance(chunk, tuple):
                raise ReaderFailed(chunk[1])
            yield chunk
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        out.close()
        out.join_thread()


def can_read_apart(paths: list[str], estimate: int | None) -> bool:
    """Whether a second process pays: many records, local files, more than one core."""
    if (os.cpu_count() or 1) < 2 or estimate is None or estimate < PARALLEL_FROM:
        return False
    return not any("://" in str(p) for p in paths)
