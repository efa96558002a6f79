"""How long ``relais`` takes to start: ``relais --version`` and ``relais user list --help``.

Issue 23 asks for a command to start in under 0.5 s. Wall time on a shared machine mostly
measures the neighbours, so the CPU time of the child (user + system) is reported beside it;
the median of ``--runs`` runs.

    .venv/bin/python bench/bench_cli_start.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RELAIS = Path(sys.executable).parent / "relais"


def _run(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(RELAIS), *args], check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    os.environ.setdefault(
        "RELAIS_DATA_DIR", tempfile.mkdtemp(prefix="relais-bench-cli-")
    )
    print(f"load average {os.getloadavg()[0]:.2f}")
    for args in (["--version"], ["user", "list", "--help"]):
        runs = [_run(args) for _ in range(options.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"relais {' '.join(args):<22} wall {wall:.2f} s   CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()
