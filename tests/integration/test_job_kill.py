"""Periodic jobs start again after their worker is killed with ``kill -9`` (issue 25).

Huey's own ``lock_task`` left its key behind when the worker died, and campaign sending
stopped for good ("unable to acquire lock relais-outreach-send"). Every periodic job now takes
a ``relais.core.joblock`` lock that names its process and expires.

- A real ``relais worker`` is killed while it sends a campaign (sequences advance in the same
  job) to a slow SMTP server; a new worker, given the job at its next period, sends the rest:
  every message once.
- For every other periodic job's lock: a process holding it is killed with ``kill -9``; the
  lock is taken over at once, while a living holder's lock is respected.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from .cli_workspace import workspace
from .test_outreach_kill import MESSAGE_ID, ROOT, _free_port, _python

COUNT = 30
LOCK_KEY = "%lock.relais-outreach-send"  # Huey's lock_task key before, joblock's now


class SlowSink:
    """Takes 0.2 s per message, so that the send job is still running when it is killed."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        await asyncio.sleep(0.2)  # before the message: a kill here leaves it unsent
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        found = MESSAGE_ID.search(envelope.content)
        self.ids.append(found.group(1).decode() if found else "?")
        return "250 OK"


ENQUEUE = (
    "import django; django.setup();"
    "from relais.outreach.tasks import send_queued; send_queued()"
)
START = (
    "import django; django.setup();"
    "from relais.outreach.models import Campaign;"
    "from relais.outreach.services.campaigns import start_campaign;"
    "start_campaign(actor=None, campaign=Campaign.objects.get(pk=1))"
)


def _lock_held(data_dir: Path) -> bool:
    with sqlite3.connect(data_dir / "jobs.sqlite3") as db:
        return bool(
            db.execute(
                "select count(*) from kv where key like ?", (LOCK_KEY,)
            ).fetchone()[0]
        )


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(
    bool(os.environ.get("RELAIS_REDIS_URL")), reason="reads the SQLite job queue"
)
def test_sending_resumes_after_the_worker_is_killed_during_a_send(tmp_path):
    sink = SlowSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with workspace(tmp_path) as ws:
            ws.env.update(
                RELAIS_SMTP_HOST="127.0.0.1",
                RELAIS_SMTP_PORT=str(port),
                RELAIS_SMTP_STARTTLS="0",
                RELAIS_MAIL_FROM="news@relais.test",
                RELAIS_SEND_RATE_PER_HOUR="0",
                PYTHONPATH=str(ROOT),
            )
            segment = subprocess.run(
                [sys.executable, "-m", "tests.integration.outreach_seed", str(COUNT)],
                env=ws.env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            made = ws.run(
                "template",
                "create",
                "--name",
                "K",
                "--subject",
                "Bonjour",
                "--text",
                "Bonjour {{ first_name }}",
            )
            assert made.returncode == 0, made.stderr
            made = ws.run(
                "campaign", "create", "--name", "K", "--segment", segment, "--step", "1"
            )
            assert made.returncode == 0, made.stderr
            _python(ws, START)

            first = ws.popen("worker", "--workers", "1")
            _python(ws, ENQUEUE)  # what the scheduler does every minute
            assert _wait(lambda: len(sink.ids) >= 3, 60), first.stderr
            assert _lock_held(ws.data_dir)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
            assert len(sink.ids) < COUNT, "the job ended before the kill: slow it down"
            assert _lock_held(ws.data_dir)  # left behind by the dead worker

            second = ws.popen("worker", "--workers", "1")
            try:
                started = time.monotonic()
                _python(ws, ENQUEUE)  # the next period
                assert _wait(lambda: len(set(sink.ids)) >= COUNT, 60), (
                    f"{len(sink.ids)} of {COUNT} sent after the restart"
                )
                assert time.monotonic() - started < 60  # within the job's period
            finally:
                second.send_signal(signal.SIGTERM)
                _, stderr = second.communicate(timeout=30)
            assert "unable to acquire lock" not in stderr
            assert len(sink.ids) == len(set(sink.ids)) == COUNT  # each message once
    finally:
        controller.stop()


HOLD = (
    "import django, sys, time; django.setup();"
    "from relais.core.joblock import job_lock;"
    "lock = job_lock(sys.argv[1], ttl=3600); held = lock.__enter__();"
    "print('held' if held else 'busy', flush=True); time.sleep(600)"
)


def _periodic_locks() -> dict[str, str]:
    """Every periodic job Huey knows, with the name of the lock it takes."""
    from relais.cli.worker import _huey
    from relais.core.joblock import LOCKED_JOBS

    return {
        task.__name__: LOCKED_JOBS.get(f"{task.__module__}.{task.__name__}", "")
        for task in _huey()._registry._periodic_tasks
    }


# Jobs that need no lock because they hold no state outside the database: each unit of work is
# claimed with an expiring lease and recorded once, so overlapping or killed runs are safe (and
# several workers share the work). Each is kill-tested on its own.
LEASE_BASED = {
    "advance_workflows": "tests/integration/test_automation_kill.py",
}


def test_every_periodic_job_takes_a_lock_that_outlives_no_process():
    locks = _periodic_locks()
    assert len(locks) >= 4, locks  # sending, bounces, digests, freshness
    unlocked = [job for job, lock in locks.items() if not lock]
    assert sorted(unlocked) == sorted(LEASE_BASED), unlocked


@pytest.mark.django_db
@pytest.mark.parametrize("job", sorted(set(_periodic_locks()) - set(LEASE_BASED)))
def test_a_lock_whose_holder_was_killed_is_taken_over_at_once(job):
    from relais.core.joblock import acquire, holder, release

    name = _periodic_locks()[job]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relais.settings",
        "PYTHONPATH": str(ROOT),
    }
    holding = subprocess.Popen(
        [sys.executable, "-c", HOLD, name], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holding.stdout.readline().strip() == "held"
        assert holder(name)["pid"] == holding.pid
        assert acquire(name, 60) is None  # a living holder is respected
    finally:
        os.kill(holding.pid, signal.SIGKILL)
        holding.wait(10)
    mine = acquire(name, 60)  # the holder is gone: no waiting for the hour it asked for
    assert mine is not None and holder(name)["pid"] == os.getpid()
    release(name, mine)
    assert holder(name) is None


@pytest.mark.django_db
def test_a_lock_from_another_host_is_taken_over_once_expired():
    import json

    from huey.contrib.djhuey import HUEY

    from relais.core.joblock import acquire, release

    name = "relais-outreach-send"
    other = {"host": "elsewhere", "pid": 1, "started": "1", "expires": time.time() + 60}
    HUEY.put_if_empty(f"relais.joblock.{name}", json.dumps(other))
    try:
        assert acquire(name, 60) is None  # another machine's worker may be running it
        HUEY.delete(f"relais.joblock.{name}")
        HUEY.put_if_empty(
            f"relais.joblock.{name}", json.dumps({**other, "expires": time.time() - 1})
        )
        mine = acquire(name, 60)
        assert mine is not None
        release(name, mine)
    finally:
        HUEY.delete(f"relais.joblock.{name}")


def test_the_lock_record_names_a_living_process():
    from relais.core.joblock import _alive, _start_time

    me = os.getpid()
    assert re.fullmatch(r"\d+", _start_time(me))
    assert _alive(me, _start_time(me))
    assert not _alive(me, str(int(_start_time(me)) + 1))  # same pid, another process
