"""``relais demo`` and ``relais serve`` as real processes, each on a fresh database."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from .cli_workspace import workspace


def _status(url: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_demo_fills_once_and_never_doubles(tmp_path):
    with workspace(tmp_path) as ws:
        first = ws.run("demo", "--no-serve", timeout=300)
        assert first.returncode == 0, first.stderr
        assert "Demo workspace created" in first.stdout
        password = re.search(
            r"demo@relais\.local with the password (\S+)", first.stdout
        )
        assert password, first.stdout
        count = len(ws.run("export").stdout.splitlines())
        assert count > 380

        second = ws.run("demo", "--no-serve")
        assert second.returncode == 0, second.stderr
        assert f"already holds {count} contacts: no demo data added" in second.stdout
        assert len(ws.run("export").stdout.splitlines()) == count
        assert "Frédéric KERVELLA" in ws.run("contacts", "search", "kervella").stdout


def test_serve_answers_then_stops_on_sigterm(tmp_path):
    with workspace(tmp_path) as ws:
        server = ws.popen("serve", "--port", "0")  # the OS picks a free port
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put(line) for line in server.stdout], daemon=True
        ).start()
        try:
            first = lines.get(timeout=90)  # migrations run first on a fresh database
            url = re.search(r"http://127\.0\.0\.1:\d+/", first)
            assert url, first
            assert _status(url.group(0) + "api/v1/openapi.json") == 200
            assert _status(url.group(0)) in (200, 302)
        finally:
            server.terminate()
            code = server.wait(timeout=30)
        assert code == 0, server.stderr.read()
        assert "Traceback" not in server.stderr.read()


# Queues an upload job the way the web UI does, from another process: the server's (or a
# worker's) consumer must pick it up from the shared queue.
ENQUEUE = (
    "import os, sys, django; from pathlib import Path;"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'relais.settings'); django.setup();"
    "from relais.ingest.tasks import start_upload_import;"
    "print(start_upload_import(actor=None, paths=[Path(sys.argv[1])]).pk)"
)


def _enqueue_and_wait(ws, tmp_path) -> None:
    cards = tmp_path / "carnet.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hélène Lefèvre\r\nN:Lefèvre;Hélène;;;\r\n"
        "EMAIL:helene@fromagerie.fr\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    queued = subprocess.run(
        [sys.executable, "-c", ENQUEUE, str(cards)],
        env=ws.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert queued.returncode == 0, queued.stderr
    deadline = time.monotonic() + 60
    listing = ""
    while time.monotonic() < deadline:
        listing = ws.run("import", "--list").stdout
        if "done" in listing:
            break
        time.sleep(0.5)
    assert "done" in listing and "carnet.vcf" in listing, listing
    assert "Lefèvre" in ws.run("contacts", "search", "lefevre").stdout


def _url_of(server) -> tuple[str, queue.Queue[str]]:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in server.stdout], daemon=True
    ).start()
    first = lines.get(timeout=90)
    url = re.search(r"http://127\.0\.0\.1:\d+/", first)
    assert url, first
    return url.group(0), lines


def test_serve_runs_background_jobs_in_process(tmp_path):
    with workspace(tmp_path / "ws") as ws:
        assert (
            ws.run("import", "--list").returncode == 0
        )  # the database, before serving
        server = ws.popen("serve", "--port", "0")
        try:
            _url_of(server)
            _enqueue_and_wait(ws, tmp_path)
        finally:
            server.terminate()
            code = server.wait(timeout=30)
        assert code == 0, server.stderr.read()
        assert "Traceback" not in server.stderr.read()


def test_worker_runs_jobs_for_a_server_without_one(tmp_path):
    with workspace(tmp_path / "ws") as ws:
        assert ws.run("import", "--list").returncode == 0
        server = ws.popen("serve", "--port", "0", "--no-worker")
        worker = ws.popen("worker", "--workers", "1")
        try:
            _url_of(server)
            _enqueue_and_wait(ws, tmp_path)
        finally:
            for process in (server, worker):
                process.terminate()
            server.wait(timeout=30)
            worker.wait(timeout=30)
        assert "Traceback" not in worker.stderr.read()
