"""Benchmark of ``relais import`` on a generated Google Contacts CSV (issue 3).

Prints records/s end to end (reading, normalising, matching, writing with provenance), the
peak RSS, and a baseline: ``sqlite3.executemany`` of the same raw rows into one table, without
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


def run_import(path: Path, postgres: str | None) -> tuple[float, float, str]:
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
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        done = subprocess.run(
            [relais, "import", str(path)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    finally:
        if dropper:
            dropper()
    return seconds, peak / 1024, done.stdout.splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", help="PostgreSQL URL; SQLite when omitted")
    parser.add_argument("--csv", type=Path, help="reuse this generated file")
    args = parser.parse_args()
    path = args.csv or Path(tempfile.mkdtemp()) / f"google-{args.rows}.csv"
    if not path.exists():
        write(path, args.rows)
    seconds, peak_mb, summary = run_import(path, args.postgres)
    rate = args.rows / seconds
    base = baseline(path)
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; rows: {args.rows}")
    print(
        f"relais import: {seconds:.1f} s, {rate:,.0f} records/s, peak RSS {peak_mb:,.0f} MB"
    )
    print(f"  {summary}")
    print(f"baseline sqlite3.executemany of raw rows: {base:,.0f} rows/s")
    print(f"ratio import / baseline: 1 : {base / rate:,.0f}")


if __name__ == "__main__":
    main()
