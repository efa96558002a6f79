"""The events API sustained from a second process on loopback (issue 19: >= 500 events/s on
SQLite).

Starts ``relais serve --no-worker`` on a free port with a fresh SQLite workspace, then posts
signed ``cart_abandoned`` events (each a new person, so each creates a contact, a timeline
entry and an event) from this process over keep-alive HTTP for ``--seconds``. Baseline in the
same run: the same server answering a route that stores nothing (a wrong signature, 401).

    .venv/bin/python bench/bench_events.py [--seconds 30]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rate(port: int, seconds: float, make) -> tuple[int, float, dict[int, int]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    statuses: dict[int, int] = {}
    sent, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        body, signature = make(sent)
        conn.request(
            "POST",
            "/api/v1/events",
            body,
            {"Content-Type": "application/json", "X-Relais-Signature": signature},
        )
        response = conn.getresponse()
        response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        sent += 1
    return sent, time.perf_counter() - started, statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="relais-bench-events-"))
    env = {
        **os.environ,
        "RELAIS_DATA_DIR": str(work),
        "DJANGO_SETTINGS_MODULE": "relais.settings",
    }
    secret = subprocess.run(
        [str(BIN / "relais"), "events", "secret"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    os.environ.update(env)
    import django

    django.setup()
    from relais.automation.services.secrets import sign

    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "relais"), "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)

        def event(i: int) -> tuple[bytes, str]:
            body = json.dumps(
                {
                    "id": f"bench-{i}",
                    "type": "cart_abandoned",
                    "contact": {
                        "email": f"b{i}@bench.example",
                        "first_name": f"Prénom{i}",
                        "last_name": f"Nom{i}",
                    },
                    "data": {"total": i % 100},
                }
            ).encode()
            return body, sign(body, secret)

        n, took, statuses = _rate(port, args.seconds, event)
        base_n, base_took, _ = _rate(
            port, min(10, args.seconds), lambda i: (b"{}", "sha256=00")
        )
    finally:
        server.kill()
        server.wait()
    rate, base = n / took, base_n / base_took
    print(
        f"events stored: {statuses} in {took:.1f} s -> {rate:.0f} events/s (bar: 500)"
    )
    print(
        f"baseline (refused at the signature, nothing stored): {base:.0f} requests/s; ratio {base / rate:.1f}x"
    )
    sys.exit(0 if rate >= 500 else 1)


if __name__ == "__main__":
    main()
