"""Exactly once across kill -9: ``relais campaign send`` is killed with SIGKILL at random
moments while it hands 400 messages to a real SMTP server (aiosmtpd), then run again until
the campaign is done. Every message must have reached the server exactly once (by
Message-ID), and the database must say so too (statuses, one timeline entry per message)."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from .cli_workspace import workspace

ROOT = Path(__file__).resolve().parents[2]
COUNT = 400
MESSAGE_ID = re.compile(rb"^Message-ID: <([^>]+)>", re.MULTILINE | re.IGNORECASE)


class Sink:
    """Counts every Message-ID the server accepts."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.ids.append(found.group(1).decode() if found else "?")
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.ids)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _python(ws, code: str) -> str:
    env = {**ws.env, "DJANGO_SETTINGS_MODULE": "relais.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.parametrize("seed", [7])
def test_a_campaign_killed_at_random_moments_sends_each_message_once(tmp_path, seed):
    rng = random.Random(seed)
    sink = Sink()
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
                RELAIS_SEND_RATE_PER_SECOND="250",
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
            created = ws.run(
                "template",
                "create",
                "--name",
                "Kill",
                "--subject",
                "Bonjour {{ first_name }}",
                "--text",
                "Bonjour {{ first_name }}, https://example.org/{{ last_name }}",
            )
            assert created.returncode == 0, created.stderr
            created = ws.run(
                "campaign", "create", "--name", "K", "--segment", segment, "--step", "1"
            )
            assert created.returncode == 0, created.stderr

            kills = 0
            for _ in range(5):
                before = sink.count()
                if before >= COUNT:
                    break
                target = before + rng.randint(10, 90)
                process = ws.popen(
                    "campaign",
                    "send",
                    "1",
                    "--batch-size",
                    str(rng.choice([20, 50, 100])),
                )
                deadline = time.monotonic() + 60
                while (
                    sink.count() < target
                    and process.poll() is None
                    and time.monotonic() < deadline
                ):
                    time.sleep(0.002)
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGKILL)
                    kills += 1
                _, stderr = process.communicate(timeout=30)
                if process.returncode not in (0, -signal.SIGKILL):
                    pytest.fail(f"relais campaign send failed: {stderr}")
            assert kills >= 3, (
                "the sender finished before it could be killed: slow it down"
            )

            finished = ws.run("campaign", "send", "1", timeout=300)
            assert finished.returncode == 0, finished.stderr
            status = ws.run("campaign", "status", "1", "--format", "jsonl")
            record = json.loads(status.stdout)
            counts = _python(
                ws,
                "import django, json; django.setup();"
                "from relais.outreach.models import Delivery as D;"
                "from relais.timeline.models import Interaction as I;"
                "print(json.dumps({'ids': list(D.objects.values_list('message_id', flat=True)),"
                " 'interactions': I.objects.count(),"
                " 'linked': D.objects.filter(interaction__isnull=False).count()}))",
            )
    finally:
        controller.stop()

    stored = json.loads(counts)
    assert record["status"] == "done"
    assert record["deliveries"]["sent"] == COUNT
    assert record["deliveries"]["total"] == COUNT
    received = sink.ids
    duplicates = {i for i in received if received.count(i) > 1}
    assert duplicates == set(), f"sent twice: {sorted(duplicates)[:5]}"
    assert sorted(received) == sorted(stored["ids"])  # none lost, none foreign
    assert stored["interactions"] == COUNT and stored["linked"] == COUNT
