"""Benchmark of the tracking endpoints (issue 6): requests per second and latency under load
from a second process (Debian's ``wrk``) on loopback, and every hit recorded.

In one run, on a fresh data directory (SQLite unless RELAIS_DATABASE_URL is set):

1. seeds ``--deliveries`` sent campaign messages with two links each (ORM);
2. starts ``relais serve --no-worker`` (waitress, the tracking spool) on a free port;
3. baseline: ``wrk`` on a minimal Django view returning the same pixel without recording
   (bench/tracking/bench_tracking_urls.py);
4. ``wrk`` on the open pixel ``/t/o/<token>.gif`` and on the click ``/t/c/<token>``, tokens
   rotating over every delivery and link (bench/tracking/rotate.lua);
5. after each phase counts the DeliveryEvent rows it added and compares them with the
   requests wrk completed;
6. kill -9: loads the open pixel, kills the server with SIGKILL in the middle, starts it again
   (which replays the spool) and checks that every request answered before the kill was
   recorded.

Reports wall time, the server's CPU time per phase (from /proc), the load average, and the
ratio to the baseline.

    .venv/bin/python bench/bench_tracking.py --duration 15 --connections 32
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent / "tracking"
BIN = Path(sys.executable).parent
AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(HERE))
    import django

    django.setup()


def seed(count: int, paths_dir: Path) -> None:
    """Run in a child process: migrate, create the deliveries, write the path lists."""
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from relais.contacts.models import Contact
    from relais.outreach import tokens
    from relais.outreach.models import Campaign, Delivery, Step, Template

    template = Template.objects.create(name="Bench", subject="Bench", body_text="x")
    campaign = Campaign.objects.create(name="Bench", status="sending")
    step = Step.objects.create(campaign=campaign, position=1, template=template)
    sent = timezone.now() - timezone.timedelta(hours=1)
    contacts = Contact.objects.bulk_create(
        [Contact(first_name=f"P{i}", last_name="Bench") for i in range(count)]
    )
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(
                campaign=campaign,
                step=step,
                contact=c,
                to_email=f"p{i}@example.org",
                message_id=f"bench-{i}@example.org",
                links=[f"https://example.org/a/{i}", f"https://example.org/b/{i}"],
                status="sent",
                sent_at=sent,
            )
            for i, c in enumerate(contacts)
        ]
    )
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == len(deliveries)
    (paths_dir / "open.txt").write_text(
        "".join(f"/t/o/{tokens.sign(i, 'open')}.gif\n" for i in ids)
    )
    (paths_dir / "click.txt").write_text(
        "".join(f"/t/c/{tokens.sign(i, 'click', n)}\n" for i in ids for n in (0, 1))
    )
    (paths_dir / "baseline.txt").write_text(
        "".join(f"/bench/{tokens.sign(i, 'open')}.gif\n" for i in ids)
    )


def app_cpu(count: int = 5000) -> dict[str, float]:
    """CPU per request of the application alone (no HTTP server), in this process: the
    baseline Django view against the tracked open through ``relais.wsgi.application``."""
    from wsgiref.util import setup_testing_defaults

    from relais import wsgi
    from relais.outreach import tokens
    from relais.outreach.spool import HitSpool

    spool = HitSpool(
        Path(tempfile.mkdtemp(prefix="relais-bench-spool-")), interval=3600
    )
    spool.start()  # hits go to the spool file only; nothing written to the database

    def run(prefix: str) -> float:
        def start_response(
            status: str, headers: object, exc_info: object = None
        ) -> None:
            pass

        started = time.process_time()
        for i in range(1, count + 1):
            environ = {
                "PATH_INFO": f"{prefix}{tokens.sign(i, 'open')}.gif",
                "REQUEST_METHOD": "GET",
                "HTTP_USER_AGENT": AGENT,
                "HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.8",
                "REMOTE_ADDR": "127.0.0.1",
            }
            setup_testing_defaults(environ)
            b"".join(wsgi.application(environ, start_response))  # type: ignore[arg-type]
        return round((time.process_time() - started) / count * 1e6, 1)

    found = {"baseline_view_us": run("/bench/"), "tracked_open_us": run("/t/o/")}
    spool._stop.set()  # leave the spooled test hits out of the database
    return found


def count_events(kind: str) -> int:
    from relais.outreach.models import DeliveryEvent

    return DeliveryEvent.objects.filter(kind=kind).count()


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _children_cpu(pid: int) -> float:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    total = 0.0
    for child in children:
        with contextlib.suppress(OSError):
            total += _cpu(int(child))
    return total


def wrk_command(url: str, args: argparse.Namespace, duration: int) -> list[str]:
    return [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}s",
        "--latency",
        "-H",
        f"User-Agent: {AGENT}",
        "-s",
        str(HERE / "rotate.lua"),
        url,
    ]


def _requests(out: str) -> int:
    found = re.search(r"(\d+) requests in", out)
    return int(found.group(1)) if found else 0


def wrk(url: str, paths: Path, args: argparse.Namespace) -> dict[str, float]:
    command = wrk_command(url, args, args.duration)
    started = time.perf_counter()
    out = subprocess.run(
        command,
        env={**os.environ, "BENCH_PATHS": str(paths)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall = time.perf_counter() - started
    found: dict[str, float] = {"wall_s": wall}
    found["requests"] = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    found["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        m = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)\b", out)
        if m:
            found[f"p{pct}_ms"] = _ms(m.group(1), m.group(2))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    found["bad_status"] = int(errors.group(1)) if errors else 0
    sock = re.search(r"Socket errors: (.*)", out)
    found["socket_errors"] = sock.group(1) if sock else "none"  # type: ignore[assignment]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deliveries", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--child", choices=["seed", "count", "appcpu"], help=argparse.SUPPRESS
    )
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _django({})
        if args.child == "seed":
            seed(args.deliveries, Path(args.paths))
        elif args.child == "appcpu":
            print(json.dumps(app_cpu()))
        else:
            print(json.dumps({k: count_events(k) for k in ("open", "click")}))
        return 0

    work = Path(tempfile.mkdtemp(prefix="relais-bench-tracking-"))
    env = {
        **os.environ,
        "RELAIS_DATA_DIR": str(work / "data"),
        "DJANGO_SETTINGS_MODULE": "bench_tracking_settings",
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    me = [sys.executable, __file__]
    subprocess.run(
        [
            *me,
            "--child",
            "seed",
            "--deliveries",
            str(args.deliveries),
            "--paths",
            str(work),
        ],
        env=env,
        check=True,
    )
    results: dict[str, object] = {
        "deliveries": args.deliveries,
        "database": "postgresql" if os.environ.get("RELAIS_DATABASE_URL") else "sqlite",
        "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s",
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg(),
    }

    def count() -> dict[str, int]:
        out = subprocess.run(
            [*me, "--child", "count"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return dict(json.loads(out))

    results["app_cpu_per_request"] = json.loads(
        subprocess.run(
            [*me, "--child", "appcpu"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    server, base = start_server(work, env)
    try:
        for phase in ("baseline", "open", "click"):
            before = count()
            cpu, flusher_cpu = _cpu(server.pid), _children_cpu(server.pid)
            found = wrk(base, work / f"{phase}.txt", args)
            found["server_cpu_s"] = round(_cpu(server.pid) - cpu, 2)
            found["flusher_cpu_s"] = round(_children_cpu(server.pid) - flusher_cpu, 2)
            found["load_after"] = os.getloadavg()[0]
            time.sleep(1)  # a few flush intervals
            if phase != "baseline":
                recorded = count()[phase] - before[phase]
                found["recorded"] = recorded
                found["every_hit_recorded"] = recorded >= found["requests"]
                baseline = results["baseline"]
                assert isinstance(baseline, dict)
                found["ratio_to_baseline"] = round(found["rps"] / baseline["rps"], 2)
            results[phase] = found
            print(phase, json.dumps(found), file=sys.stderr)
        # kill -9 in the middle of a load: the hits already answered must all be recorded.
        before = count()
        loader = subprocess.Popen(
            [*wrk_command(base, args, duration=4), "--timeout", "2s"],
            env={**os.environ, "BENCH_PATHS": str(work / "open.txt")},
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)
        server.kill()
        server.wait()
        out, _ = loader.communicate()
        answered = _requests(out)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=300)
    time.sleep(1)  # the flusher's last pass after its parent died
    # A new start replays anything the flusher could not write.
    server, base = start_server(work, env)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=300)
    recorded = count()["open"] - before["open"]
    results["kill_9"] = {
        "answered_before_kill": answered,
        "recorded": recorded,
        "every_hit_recorded": recorded >= answered,
    }
    print(json.dumps(results, indent=2))
    return 0


def start_server(
    work: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    log = (work / "server.log").open("ab")
    server = subprocess.Popen(
        [str(BIN / "relais"), "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).close()  # noqa: S310
            break
        except OSError:
            time.sleep(0.2)
    return server, base


if __name__ == "__main__":
    sys.exit(main())
