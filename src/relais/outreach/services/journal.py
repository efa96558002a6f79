"""The send journal: what makes a sender killed with ``kill -9`` resume without duplicates.

Each sender run owns one append-only file ``RELAIS_DATA_DIR/outreach/journal-<claim>.log``,
locked with ``flock`` for as long as the run lives (the kernel drops the lock when the process
dies, however it dies). When a message is on the wire but for the ``.`` that ends it, the run
appends the delivery id with one ``os.write`` and only then sends the dot; if the server
refuses the message after all, a ``-id`` line retracts it. The bytes are in the kernel's page
cache when the call returns, so they survive the process being killed (not a power cut: see
docs). Once a batch's statuses are committed the journal is truncated.

On start, a run takes over every journal whose lock it can get (its owner is dead): the
owner's ``sending`` rows listed in the journal (and not retracted) reached the server whole
and become ``sent``; the others never had their final dot sent — a server must discard a
message whose connection closes before the dot (RFC 5321 §4.1.1.4) — and go back to
``queued``. So a kill can never make a message go out twice. What remains of RFC 1047's
window: a kill between the journal write and the dot (a few microseconds, the server has
nothing yet) leaves a message marked sent that never left, and a kill after the dot but
before a refusal arrives leaves a refused message marked sent; both lean to "at most once",
which for mail to people is the side to err on.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PREFIX, SUFFIX = "journal-", ".log"


def journal_dir() -> Path:
    path = Path(settings.DATA_DIR) / "outreach"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Journal:
    """This run's journal: created, locked, then made visible (rename), so that no other run
    ever sees it unlocked while we live."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or journal_dir()
        self.claim = uuid.uuid4().hex[:16]
        temporary = self.directory / f".tmp-{self.claim}"
        self.fd = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600
        )
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        self.path = self.directory / f"{PREFIX}{self.claim}{SUFFIX}"
        os.rename(temporary, self.path)

    def record(self, delivery_id: int) -> None:
        """Note that ``delivery_id`` is about to be accepted: written just before the final dot
        of the message goes on the wire (one write, no buffering)."""
        os.write(self.fd, b"%d\n" % delivery_id)

    def retract(self, delivery_id: int) -> None:
        """The server refused ``delivery_id`` after all (or the connection broke): not sent."""
        os.write(self.fd, b"-%d\n" % delivery_id)

    def clear(self) -> None:
        """Forget what is committed now."""
        os.ftruncate(self.fd, 0)

    def close(self, *, settled: bool = True) -> None:
        """Release the journal; ``settled=False`` (the run stopped mid-batch) keeps the file
        for the next run to reconcile."""
        try:
            if settled:
                self.path.unlink(missing_ok=True)
        finally:
            os.close(self.fd)


@dataclass
class DeadJournal:
    claim: str
    sent_ids: set[int]
    path: Path
    fd: int

    def discard(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self.fd)


def _read_ids(fd: int) -> set[int]:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    ids: set[int] = set()
    for line in b"".join(chunks).splitlines():
        line = line.strip()  # a line cut short by a kill has no newline but is whole
        if line.isdigit():
            ids.add(int(line))
        elif line.startswith(b"-") and line[1:].isdigit():
            ids.discard(int(line[1:]))
    return ids


def live_claims(directory: Path | None = None) -> set[str]:
    """Claims of the journals present (alive or not yet taken over)."""
    directory = directory or journal_dir()
    return {
        p.name[len(PREFIX) : -len(SUFFIX)] for p in directory.glob(f"{PREFIX}*{SUFFIX}")
    }


def dead_journals(directory: Path | None = None) -> Iterator[DeadJournal]:
    """Journals whose owner is gone, each locked by us until ``discard``."""
    directory = directory or journal_dir()
    for path in sorted(directory.glob(f"{PREFIX}*{SUFFIX}")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue  # taken over by another run meanwhile
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        claim = path.name[len(PREFIX) : -len(SUFFIX)]
        yield DeadJournal(claim, _read_ids(fd), path, fd)
