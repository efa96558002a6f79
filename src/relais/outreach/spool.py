"""The tracking spool: every open and click appended to a file at once, written to the
database in batches by a background thread.

Writing one row per hit inside the request would put a database commit (and, on SQLite, the
single write lock) on the path of every pixel: a few hundred hits per second at most. Under
``relais serve`` a hit is instead one ``write`` of a JSON line to a spool file opened with
O_APPEND (a few microseconds, no lock held across requests) plus an entry in memory; every
``interval`` seconds (0.1 by default) or ``batch`` hits, the flusher thread swaps to a fresh
file, writes the batch with one ``bulk_create`` and deletes the old file.

**Nothing is lost on a crash.** Once ``write`` returned, the line is in the kernel: a process
killed with ``kill -9`` leaves it in the file (a power cut can still lose the last seconds; the
spool does not fsync). Each process holds an exclusive ``flock`` on its spool files; at start
a spool replays every file no live process holds, then deletes it. Every hit carries a unique
key (``DeliveryEvent.hit_key``), so a file replayed after its batch was committed but before it
was deleted adds nothing twice.

Outside ``relais serve`` (tests, the CLI, another WSGI server that does not start the spool)
``active_spool()`` is None and hits are written at once.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
import uuid
from pathlib import Path

from django.db import close_old_connections, connection

from relais.outreach.services.tracking import Hit, store

log = logging.getLogger(__name__)

_active: HitSpool | None = None


def active_spool() -> HitSpool | None:
    return _active


def _line(hit: Hit) -> bytes:
    return (
        json.dumps(
            [
                hit.kind,
                hit.delivery_id,
                hit.link_index,
                hit.at,
                hit.user_agent,
                hit.reason,
                hit.key,
            ],
            separators=(",", ":"),
        ).encode()
        + b"\n"
    )


def _parse(raw: bytes) -> Hit | None:
    try:
        kind, delivery_id, index, at, agent, reason, key = json.loads(raw)
    except (ValueError, TypeError):
        return None  # a line cut short by the crash itself
    if kind not in ("open", "click"):
        return None
    return Hit(kind, int(delivery_id), index, float(at), str(agent), str(reason), key)


class _File:
    def __init__(self, directory: Path) -> None:
        self.path = directory / f"hits-{os.getpid()}-{uuid.uuid4().hex}.jsonl"
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.hits: list[Hit] = []

    def close(self) -> None:
        os.close(self.fd)  # releases the lock


class HitSpool:
    """Append hits to a file, write them to the database in batches from a thread."""

    def __init__(
        self, directory: Path, *, interval: float = 0.1, batch: int = 2000
    ) -> None:
        self.directory = directory
        self.interval = interval
        self.batch = batch
        self._lock = threading.Lock()
        self._current: _File | None = None
        self._ready: list[_File] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._flushing = threading.Lock()

    # -- in the request ---------------------------------------------------------------------
    def append(self, hit: Hit) -> None:
        line = _line(hit)
        with self._lock:
            current = self._current
            if current is None:
                current = self._current = _File(self.directory)
            os.write(current.fd, line)
            current.hits.append(hit)
            full = len(current.hits) >= self.batch
        if full:
            self._wake.set()

    # -- in the background ------------------------------------------------------------------
    def _rotate(self) -> None:
        with self._lock:
            if self._current is not None and self._current.hits:
                self._ready.append(self._current)
                self._current = None

    def flush(self) -> int:
        """Write every hit appended so far; returns how many were written."""
        with self._flushing:
            self._rotate()
            written = 0
            while self._ready:
                spool_file = self._ready[0]
                store(spool_file.hits)
                written += len(spool_file.hits)
                spool_file.path.unlink(missing_ok=True)
                spool_file.close()
                self._ready.pop(0)
            return written

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # the database is away: keep the files, try again
                log.exception("tracking spool: cannot write hits yet")
                close_old_connections()
                time.sleep(1)
        connection.close()

    def replay(self) -> int:
        """Write the hits of spool files no live process holds (left by a crash)."""
        written = 0
        for path in sorted(self.directory.glob("hits-*.jsonl")):
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a running process's file
                with os.fdopen(os.dup(fd), "rb") as handle:
                    hits = [h for raw in handle if (h := _parse(raw)) is not None]
                for start in range(0, len(hits), self.batch):
                    store(hits[start : start + self.batch])
                written += len(hits)
                path.unlink(missing_ok=True)
            finally:
                os.close(fd)
        return written

    def start(self) -> None:
        global _active
        self.directory.mkdir(parents=True, exist_ok=True)
        replayed = self.replay()
        if replayed:
            log.warning(
                "tracking spool: %d hits replayed from a previous run", replayed
            )
        self._thread = threading.Thread(
            target=self._run, name="tracking-spool", daemon=True
        )
        self._thread.start()
        _active = self

    def stop(self) -> None:
        """Stop taking hits in memory and write what is left (on shutdown)."""
        global _active
        if _active is self:
            _active = None
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        try:
            self.flush()
        finally:
            connection.close()


def start_spool() -> HitSpool:
    """Start the spool of this process (``relais serve``), in RELAIS_DATA_DIR/tracking-spool."""
    from django.conf import settings

    spool = HitSpool(
        Path(settings.RELAIS_TRACKING_SPOOL_DIR),
        interval=settings.RELAIS_TRACKING_FLUSH_MS / 1000,
    )
    spool.start()
    return spool
