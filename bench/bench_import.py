"""Benchmark of ``relais import`` on a generated Google Contacts CSV (issue 3).

Prints records/s end to end (reading, normalising, matching, writing with provenance), the
peak RSS (the import and its reading process together), the CPU time and the load average
(the machine may be shared), and a baseline: ``sqlite3.executemany`` of the same raw rows into one table, without
normalisation. Each run uses a fresh data directory (SQLite) or a throwaway PostgreSQL database.

    .venv/bin/python bench/bench_import.py --rows 100000
    .venv/bin/python bench/bench_import.py --rows 100000 \
        --postgres postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gen_google_csv import write  # noqa: E402


def baseline(path: Path) -> float:
    """Rows per second of a bare sqlite3.executemany of the raw rows (no normalisation)."""
    db = sqlite3.connect(Path(tempfile.mkdtemp()) / "baseline.sqlite3")
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        columns = ", ".join(f"c{i}" for i in range(len(header)))
        db.execute(f"CREATE TABLE raw ({columns})")
        marks = ", ".join("?" * len(header))
        start = time.perf_counter()
        db.executemany(f"INSERT INTO raw VALUES ({marks})", reader)  # noqa: S608
        db.commit()
        count = db.execute("SELECT count(*) FROM raw").fetchone()[0]
    return count / (time.perf_counter() - start)


def run_import(path: Path, postgres: str | None) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    env["RELAIS_DATA_DIR"] = tempfile.mkdtemp(prefix="relais-bench-")
    dropper = None
    if postgres:
        import psycopg
        from psycopg import sql

        name = f"relais_bench_{secrets.token_hex(4)}"
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        env["RELAIS_DATABASE_URL"] = postgres.rsplit("/", 1)[0] + "/" + name

        def dropper() -> None:
            with psycopg.connect(postgres, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )

    relais = str(Path(sys.executable).parent / "relais")
    try:
        subprocess.run(
            [relais, "import", "--list"], env=env, check=True, capture_output=True
        )
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        process = subprocess.Popen(
            [relais, "import", str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        peak = _watch_rss(process)
        stdout, stderr = process.communicate()
        if process.returncode:
            raise SystemExit(f"relais import failed:\n{stderr}")
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    finally:
        if dropper:
            dropper()
    return Run(seconds, cpu, peak / 1024, stdout.splitlines()[0])


def _rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants (the reading process), in KiB."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            total += sum(_rss_kib(int(child)) for child in children.read().split())
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return total


def _watch_rss(process: subprocess.Popen[str]) -> int:
    """Peak of the summed RSS of the import and its children, sampled every 0.2 s."""
    peak = 0
    while process.poll() is None:
        peak = max(peak, _rss_kib(process.pid))
        time.sleep(0.2)
    return peak


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the import and its reading process
    peak_mb: float
    summary: str


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", help="PostgreSQL URL; SQLite when omitted")
    parser.add_argument("--csv", type=Path, help="reuse this generated file")
    args = parser.parse_args()
    path = args.csv or Path(tempfile.mkdtemp()) / f"google-{args.rows}.csv"
    if not path.exists():
        write(path, args.rows)
    load_before = _load()
    run = run_import(path, args.postgres)
    load_after = _load()
    rate = args.rows / run.seconds
    base = baseline(path)
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; rows: {args.rows}")
    print(
        f"relais import: {run.seconds:.1f} s, {rate:,.0f} records/s, "
        f"peak RSS {run.peak_mb:,.0f} MB (import and reading process together)"
    )
    print(
        f"  CPU {run.cpu_seconds:.1f} s ({run.cpu_seconds / args.rows * 1e6:.0f} µs a record); "
        f"load average {load_before} before, {load_after} after"
    )
    print(f"  {run.summary}")
    print(f"baseline sqlite3.executemany of raw rows: {base:,.0f} rows/s")
    print(f"ratio import / baseline: 1 : {base / rate:,.0f}")


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
