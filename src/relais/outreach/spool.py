"""The tracking spool: every open and click appended to a file at once, written to the
database in batches by a separate flusher.

Writing one row per hit inside the request would put a database commit (and, on SQLite, the
single write lock) on the path of every pixel. Under ``relais serve`` a hit is instead one
``write`` of a JSON line to a spool file opened with O_APPEND (a few microseconds, no database).
Every ``interval`` seconds (RELAIS_TRACKING_FLUSH_MS, 100 ms) the server closes its file and
opens a new one; the **flusher** — a child process of ``relais serve``, so that its Python work
never holds the server's GIL — writes each closed file with one multi-row INSERT and deletes it.

**Nothing is lost on a crash.** Once ``write`` returned, the line is in the kernel: a server
killed with ``kill -9`` leaves it in the file (a power cut can still lose the last seconds; the
spool does not fsync). The file being written is held with an exclusive ``flock``; the flusher
takes only files nobody holds — closed ones, and those a dead process left — so the next start
(or the flusher of another server sharing the folder) writes whatever a crash left behind. The
flusher itself stops when the server's end of its stdin pipe closes, after a last pass. Every
hit carries a unique key (``DeliveryEvent.hit_key``): a file written but not yet deleted when a
flusher died adds nothing twice when it is read again.

Outside ``relais serve`` (tests, the CLI, another WSGI server that does not start the spool)
``active_spool()`` is None and hits are written at once.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

from django.db import close_old_connections, connection

from relais.outreach.services.tracking import Hit, store

log = logging.getLogger(__name__)

_active: HitSpool | None = None


def active_spool() -> HitSpool | None:
    return _active


def _line(hit: Hit) -> bytes:
    fields = [
        hit.kind,
        hit.delivery_id,
        hit.link_index,
        hit.at,
        hit.user_agent,
        hit.reason,
        hit.key,
    ]
    return json.dumps(fields, separators=(",", ":")).encode() + b"\n"


def _parse(raw: bytes) -> Hit | None:
    try:
        kind, delivery_id, index, at, agent, reason, key = json.loads(raw)
    except (ValueError, TypeError):
        return None  # a line cut short by the crash itself
    if kind not in ("open", "click"):
        return None
    return Hit(kind, int(delivery_id), index, float(at), str(agent), str(reason), key)


def _open_locked(directory: Path) -> tuple[int, Path]:
    """A new spool file, locked before it gets the name flushers look for."""
    name = f"{os.getpid()}-{uuid.uuid4().hex}.jsonl"
    temporary = directory / f".tmp-{name}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    path = directory / f"hits-{name}"
    os.rename(temporary, path)
    return fd, path


def write_spooled(directory: Path, *, batch: int = 2000) -> int:
    """Write the hits of every spool file nobody holds, then delete the file; how many."""
    written = 0
    for path in sorted(directory.glob("hits-*.jsonl")):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # being written, or being flushed by another flusher
            if not path.exists():
                continue  # flushed by another flusher between glob and lock
            with os.fdopen(os.dup(fd), "rb") as handle:
                hits = [h for raw in handle if (h := _parse(raw)) is not None]
            for start in range(0, len(hits), batch):
                store(hits[start : start + batch])
            written += len(hits)
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)
    return written


class HitSpool:
    """Append hits to a spool file; a flusher (thread or child process) writes them."""

    def __init__(
        self, directory: Path, *, interval: float = 0.1, process: bool = False
    ) -> None:
        self.directory = directory
        self.interval = interval
        self.process = process
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._dirty = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._child: subprocess.Popen[bytes] | None = None

    # -- in the request ---------------------------------------------------------------------
    def append(self, hit: Hit) -> None:
        line = _line(hit)
        with self._lock:
            if self._fd is None:
                self._fd, _ = _open_locked(self.directory)
            os.write(self._fd, line)
            self._dirty = True

    # -- rotation and flushing --------------------------------------------------------------
    def rotate(self) -> None:
        """Close the current file (releasing its lock): the flusher may take it."""
        with self._lock:
            if self._fd is not None and self._dirty:
                os.close(self._fd)
                self._fd, self._dirty = None, False

    def flush(self) -> int:
        """Rotate, then write every closed file from this process (tests, shutdown)."""
        self.rotate()
        return write_spooled(self.directory)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.rotate()
            if self.process:
                continue
            try:
                write_spooled(self.directory)
            except Exception:  # the database is away: the files wait for the next pass
                log.exception("tracking spool: cannot write hits yet")
                close_old_connections()
        if not self.process:
            connection.close()

    def start(self) -> None:
        global _active
        self.directory.mkdir(parents=True, exist_ok=True)
        replayed = write_spooled(self.directory)
        if replayed:
            log.warning(
                "tracking spool: %d hits replayed from a previous run", replayed
            )
        if self.process:
            self._child = subprocess.Popen(
                [sys.executable, "-m", "relais.outreach.spool_flusher"],
                stdin=subprocess.PIPE,
                env={
                    **os.environ,
                    "RELAIS_TRACKING_SPOOL_DIR": str(self.directory),
                    "RELAIS_TRACKING_FLUSH_MS": str(round(self.interval * 1000)),
                },
            )
        self._thread = threading.Thread(
            target=self._run, name="tracking-spool", daemon=True
        )
        self._thread.start()
        _active = self

    def stop(self) -> None:
        """Stop taking hits and write what is left (on shutdown)."""
        global _active
        if _active is self:
            _active = None
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.rotate()
        if self._child is not None:
            if self._child.stdin is not None:
                self._child.stdin.close()  # the flusher makes a last pass and exits
            try:
                self._child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._child.kill()
        try:
            write_spooled(self.directory)
        finally:
            connection.close()


def start_spool() -> HitSpool:
    """Start the spool of ``relais serve``: files in RELAIS_TRACKING_SPOOL_DIR, written by a
    flusher child process every RELAIS_TRACKING_FLUSH_MS."""
    from django.conf import settings

    spool = HitSpool(
        Path(settings.RELAIS_TRACKING_SPOOL_DIR),
        interval=settings.RELAIS_TRACKING_FLUSH_MS / 1000,
        process=True,
    )
    spool.start()
    return spool
