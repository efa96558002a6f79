"""Benchmark of the privacy work (issue 7) on a generated base, SQLite by default.

Measures, each in a fresh data directory:

- the import of a generated Google CSV with the privacy hooks (suppression check per chunk
  against a list of 1,000 erased identifiers, freshness signals) and, in the same run, with
  the hooks replaced by no-ops — the baseline: the hooks' cost is the difference;
- the nightly freshness job (``refresh_all``: every score, then the snapshot);
- one access export (``person_document``) and one erasure (``erase_person``: deletes, then
  redacts every text column of every table), on the imported base.

    .venv/bin/python bench/bench_privacy.py --rows 20000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(csv_path: Path, hooks: bool) -> dict[str, float]:
    """Run in a child process with a fresh data directory (see ``main``)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from relais.contacts.models import ContactPoint
    from relais.ingest import services as ingest
    from relais.privacy.services.suppression import suppress

    suppress([("email", f"erased{i}@example.org") for i in range(1000)])
    if not hooks:
        ingest.drop_suppressed = lambda facts, report: list(facts)  # type: ignore[assignment]
        ingest.drop_suppressed_messages = lambda m, report: list(m)  # type: ignore[assignment]
        ingest.note_messages = lambda messages: set()  # type: ignore[assignment]
    found: dict[str, float] = {}

    def timed(name: str, call: Callable[[], object]) -> object:
        start, cpu = time.perf_counter(), time.process_time()
        result = call()
        found[f"{name}_s"] = time.perf_counter() - start
        found[f"{name}_cpu"] = time.process_time() - cpu
        return result

    report = timed("import", lambda: ingest.run_import([csv_path]))
    assert isinstance(report, ingest.ImportReport)
    found["records"] = report.records_read
    if hooks:
        from relais.privacy.services.access import person_document
        from relais.privacy.services.erasure import erase_person
        from relais.privacy.services.freshness import refresh_all

        timed("refresh_all", refresh_all)
        email = (
            ContactPoint.objects.filter(kind="email")
            .order_by("pk")
            .values_list("normalized_value", flat=True)[100]
        )
        timed("access_export", lambda: person_document(email, log=False))
        timed("erase", lambda: erase_person(actor=None, identifier=email))
    return found


def child(csv_path: Path, hooks: bool) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    env["RELAIS_DATA_DIR"] = tempfile.mkdtemp(prefix="relais-bench-privacy-")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(csv_path),
            "--hooks" if hooks else "--no-hooks",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--csv", type=Path, help="reuse this generated file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--hooks", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.hooks)))
        return
    from bench.gen_google_csv import write

    csv_path = args.csv or write(Path(tempfile.mkdtemp()) / "google.csv", args.rows)
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}")
    baseline = child(csv_path, hooks=False)
    with_hooks = child(csv_path, hooks=True)
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    rows = with_hooks["records"]
    print(f"records: {rows:.0f}")
    print(
        f"import without hooks (baseline): {baseline['import_s']:.1f} s wall, "
        f"{baseline['import_cpu']:.1f} s CPU ({rows / baseline['import_s']:,.0f} records/s)"
    )
    print(
        f"import with hooks: {with_hooks['import_s']:.1f} s wall, "
        f"{with_hooks['import_cpu']:.1f} s CPU ({rows / with_hooks['import_s']:,.0f} "
        f"records/s); CPU ratio {with_hooks['import_cpu'] / baseline['import_cpu']:.2f}"
    )
    for name, label in (
        ("refresh_all", "nightly refresh_all (scores + snapshot)"),
        ("access_export", "access export of one person"),
        ("erase", "erasure of one person (full redaction scan)"),
    ):
        print(
            f"{label}: {with_hooks[name + '_s']:.2f} s wall, "
            f"{with_hooks[name + '_cpu']:.2f} s CPU"
        )


if __name__ == "__main__":
    main()
