"""Locks for periodic jobs that a crash cannot leave behind.

Huey's ``lock_task`` writes a key and deletes it when the job returns: a worker killed with
``kill -9`` (or a power cut, an out-of-memory kill) never deletes it, and every later run logs
"unable to acquire lock" until someone clears the queue by hand — campaign sending stopped for
good that way (issue 25). A ``job_lock`` records who holds it and until when:

- the owner: host name, process id and the process's start time (``/proc/<pid>/stat``), so a
  lock whose process is gone on this host is taken over at once, even when a restarted
  container gives the new worker the same pid;
- an expiry (``ttl`` seconds, longer than the job may run): a lock held from another host (a
  second worker machine) is taken over once it has expired.

Use it for every periodic job that must not run twice at once::

    @db_periodic_task(crontab(minute="*"))
    @locked_job("relais-outreach-send", ttl=300)
    def send_queued() -> None: ...

The lock lives in the job queue's own storage (SQLite file or Redis), next to Huey's data, so
every process that shares the queue shares the locks. Taking over a dead lock is "read, check,
pop, put if empty": two processes racing for the same dead lock cannot both win, because the
final put is atomic in both storages.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot ("" when it cannot be read)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[
        19
    ]  # field 22, counted after the command name


def _alive(pid: int, started: str) -> bool:
    if started and Path("/proc").is_dir():
        return _start_time(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _storage() -> Any:
    from huey.contrib.djhuey import HUEY

    return HUEY


def _key(name: str) -> str:
    return f"relais.joblock.{name}"


def _me(ttl: float) -> dict[str, Any]:
    pid = os.getpid()
    return {
        "host": socket.gethostname(),
        "pid": pid,
        "started": _start_time(pid),
        "expires": time.time() + ttl,
    }


def _is_dead(holder: dict[str, Any]) -> bool:
    if float(holder.get("expires", 0)) < time.time():
        return True
    if holder.get("host") != socket.gethostname():
        return False
    return not _alive(int(holder.get("pid", 0)), str(holder.get("started", "")))


def acquire(name: str, ttl: float) -> dict[str, Any] | None:
    """Take the lock ``name`` for ``ttl`` seconds; the holder record, or None when held."""
    huey, key, mine = _storage(), _key(name), _me(ttl)
    value = json.dumps(mine)
    if huey.put_if_empty(key, value):
        return mine
    current = huey.get(key, peek=True)
    try:
        holder = json.loads(current) if current is not None else {}
    except (TypeError, ValueError):
        holder = {}  # a value this module did not write: treat as dead
    if current is not None and not _is_dead(holder):
        return None
    popped = huey.get(key)  # take the dead lock out…
    if (
        popped is not None and popped != current
    ):  # …unless someone took it over meanwhile
        huey.put_if_empty(key, popped)
        return None
    if not huey.put_if_empty(key, value):
        return None
    logger.warning(
        "job lock %s: taken over from a process that is gone (%s)", name, current
    )
    return mine


def release(name: str, mine: dict[str, Any]) -> None:
    huey, key = _storage(), _key(name)
    current = huey.get(key)
    if current is not None and current != json.dumps(mine):
        huey.put_if_empty(key, current)  # not ours any more (expired and taken over)


def holder(name: str) -> dict[str, Any] | None:
    """Who holds the lock ``name`` now (None when free); for checks and tests."""
    current = _storage().get(_key(name), peek=True)
    return json.loads(current) if current is not None else None


@contextmanager
def job_lock(name: str, *, ttl: float) -> Iterator[bool]:
    """Hold ``name`` for the block; yields False (and holds nothing) when another has it."""
    mine = acquire(name, ttl)
    try:
        yield mine is not None
    finally:
        if mine is not None:
            release(name, mine)


# "module.function" of every ``locked_job`` -> its lock's name (the tests go through them all).
LOCKED_JOBS: dict[str, str] = {}


def locked_job(
    name: str, *, ttl: float
) -> Callable[[Callable[P, R]], Callable[P, R | None]]:
    """Run the job only when ``name`` is free; otherwise skip this run (logged)."""

    def decorate(job: Callable[P, R]) -> Callable[P, R | None]:
        LOCKED_JOBS[f"{job.__module__}.{job.__qualname__}"] = name

        @functools.wraps(job)
        def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
            with job_lock(name, ttl=ttl) as held:
                if not held:
                    logger.info("job %s skipped: still running elsewhere", name)
                    return None
                return job(*args, **kwargs)

        return run

    return decorate
