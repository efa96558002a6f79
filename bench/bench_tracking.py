"""Benchmark of the tracking endpoints (issue 6): requests per second and latency under load
from a second process (Debian's ``wrk``) on loopback, and every hit recorded.

In one run, on a fresh data directory (SQLite unless RELAIS_DATABASE_URL is set):

1. seeds ``--deliveries`` sent campaign messages with two links each (ORM);
2. starts ``relais serve --no-worker`` (waitress, the tracking spool) on a free port;
3. baseline: ``wrk`` on a minimal Django view returning the same pixel without recording
   (bench/tracking/bench_tracking_urls.py);
4. ``wrk`` on the open pixel ``/t/o/<token>.gif`` and on the click ``/t/c/<token>``, tokens
   rotating over every delivery and link (bench/tracking/rotate.lua);
5. stops the server (SIGTERM: the spool writes what is left), counts DeliveryEvent rows and
   compares with the requests wrk completed.

Reports wall time, the server's CPU time per phase (from /proc), the load average, and the
ratio to the baseline.

    .venv/bin/python bench/bench_tracking.py --duration 15 --connections 32
"""

from __future__ import annotations

import argparse
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


def count_events(kind: str) -> int:
    from relais.outreach.models import DeliveryEvent

    return DeliveryEvent.objects.filter(kind=kind).count()


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, paths: Path, args: argparse.Namespace) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
        "-H",
        f"User-Agent: {AGENT}",
        "-s",
        str(HERE / "rotate.lua"),
        url,
    ]
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
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--child", choices=["seed", "count"], help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _django({})
        if args.child == "seed":
            seed(args.deliveries, Path(args.paths))
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
    port = _free_port()
    log = (work / "server.log").open("wb")
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
    results: dict[str, object] = {
        "deliveries": args.deliveries,
        "database": "postgresql" if os.environ.get("RELAIS_DATABASE_URL") else "sqlite",
        "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s",
        "load_before": os.getloadavg(),
    }
    try:
        for phase in ("baseline", "open", "click"):
            cpu = _cpu(server.pid)
            found = wrk(base, work / f"{phase}.txt", args)
            found["server_cpu_s"] = round(_cpu(server.pid) - cpu, 2)
            found["load_after"] = os.getloadavg()[0]  # type: ignore[assignment]
            results[phase] = found
            print(phase, json.dumps(found), file=sys.stderr)
            time.sleep(1)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=300)
        print("server log:", work / "server.log", file=sys.stderr)
    counted = json.loads(
        subprocess.run(
            [*me, "--child", "count"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    results["recorded"] = counted
    for phase in ("open", "click"):
        phase_result = results[phase]
        assert isinstance(phase_result, dict)
        phase_result["recorded"] = counted[phase]
        phase_result["every_hit_recorded"] = counted[phase] >= phase_result["requests"]
        phase_result["ratio_to_baseline"] = round(
            phase_result["rps"] / results["baseline"]["rps"],
            2,  # type: ignore[index]
        )
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
