"""10,000 workflow runs waiting at once; wake-up lateness with the worker running (issue 19:
p99 <= 5 s after their time).

A fresh SQLite workspace gets one workflow (wait, then add a tag) and N runs already waiting,
their ``wake_at`` spread evenly over the next ``--spread`` seconds (written in bulk: the
setup is not under test). ``relais automation work --poll 1`` then runs as a separate
process; lateness is the time the wait step was recorded done (``StepRun.done_at``) minus the
run's ``wake_at``. Baseline in the same run: the same runs woken by one Huey periodic task
would be at most 60 s late (a crontab ticks once a minute), 30 s on average.

    .venv/bin/python bench/bench_wakeup.py [--runs 10000] [--spread 120]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(tempfile.mkdtemp(prefix="relais-bench-wakeup-"))
os.environ["RELAIS_DATA_DIR"] = str(DATA)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
RELAIS = str(Path(sys.executable).parent / "relais")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--spread", type=float, default=120.0)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)
    from relais.automation.models import Run, StepRun
    from relais.automation.services.workflows import save_workflow
    from relais.contacts.models import Contact

    workflow = save_workflow(
        actor=None,
        definition={
            "name": "Bench",
            "trigger": {"event": "bench"},
            "steps": [
                {"kind": "wait", "for": "1s"},
                {"kind": "add_tag", "tag": "woken"},
            ],
        },
    )
    contacts = Contact.objects.bulk_create(
        [Contact(first_name=f"P{i}", display_name=f"P{i}") for i in range(args.runs)],
        batch_size=2000,
    )
    start = timezone.now() + dt.timedelta(seconds=20)
    step = dt.timedelta(seconds=args.spread / args.runs)
    runs = Run.objects.bulk_create(
        [
            Run(
                workflow=workflow,
                contact=c,
                steps=workflow.steps,
                started_at=timezone.now(),
                wait_started_at=timezone.now(),
                wake_at=start + i * step,
            )
            for i, c in enumerate(contacts)
        ],
        batch_size=2000,
    )
    # A finished run's wake_at is cleared: keep the times they were due.
    due = {run.pk: run.wake_at for run in runs}
    env = {**os.environ}
    worker = subprocess.Popen([RELAIS, "automation", "work", "--poll", "1"], env=env)
    try:
        deadline = time.monotonic() + 20 + args.spread + 300
        while time.monotonic() < deadline:
            if StepRun.objects.filter(position=0).count() >= args.runs:
                break
            time.sleep(2)
    finally:
        worker.kill()
        worker.wait()
    rows = list(StepRun.objects.filter(position=0).values_list("done_at", "run_id"))
    late = sorted((done - due[run]).total_seconds() for done, run in rows)
    p50 = late[len(late) // 2]
    p99 = late[int(len(late) * 0.99) - 1]
    print(
        f"runs woken: {len(late):,} of {args.runs:,}, wake-ups spread over {args.spread:.0f} s"
    )
    print(
        f"lateness: p50 {p50:.2f} s, p99 {p99:.2f} s, max {late[-1]:.2f} s (bar: p99 <= 5 s)"
    )
    print(
        f"baseline (a once-a-minute periodic task): <= 60 s, mean 30 s; ratio {30 / max(p50, 0.01):.0f}x on p50"
    )
    sys.exit(0 if p99 <= 5 and len(late) == args.runs else 1)


if __name__ == "__main__":
    main()
