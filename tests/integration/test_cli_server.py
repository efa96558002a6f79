"""``relais demo`` and ``relais serve`` as real processes, each on a fresh database."""

from __future__ import annotations

import queue
import re
import threading
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
