"""Run the whole Relais test suite the way CI does.

Legs: lint, types and the import-layer contract (lint-imports); unit + integration tests on SQLite; the integration suite again on
PostgreSQL; browser tests in Debian's Chromium. PostgreSQL comes from RELAIS_TEST_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres). A leg whose service is missing is
skipped with its reason on a developer's machine, and fails under CI=true.
Ends with one line: "total: N passed, N failed, N skipped".
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get(
    "RELAIS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
CHROMIUM = os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium")


def reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 5432), timeout=2
        ):
            return True
    except OSError:
        return False


def pytest_leg(
    name: str, args: list[str], env: dict[str, str], totals: dict[str, int]
) -> bool:
    print(f"\n=== {name} ===", flush=True)
    report = Path(tempfile.mkdtemp()) / "report.xml"
    leg_env = {
        **os.environ,
        **env,
        "RELAIS_DATA_DIR": tempfile.mkdtemp(prefix="relais-test-"),
    }
    code = subprocess.call(
        [str(BIN / "pytest"), *args, f"--junitxml={report}"], cwd=ROOT, env=leg_env
    )
    if report.exists():
        suite = ET.parse(report).getroot()
        suite = suite if suite.tag == "testsuite" else suite[0]
        tests, failures, errors, skipped = (
            int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")
        )
        totals["passed"] += tests - failures - errors - skipped
        totals["failed"] += failures + errors
        totals["skipped"] += skipped
    return code == 0


def tool_leg(name: str, cmd: list[str]) -> bool:
    print(f"\n=== {name} ===", flush=True)
    return subprocess.call(cmd, cwd=ROOT) == 0


def main() -> int:
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    results: dict[str, bool | str] = {}
    results["ruff"] = tool_leg("ruff", [str(BIN / "ruff"), "check", "."]) and tool_leg(
        "ruff format", [str(BIN / "ruff"), "format", "--check", "."]
    )
    results["mypy"] = tool_leg("mypy", [str(BIN / "mypy")])
    # The layer contract of pyproject.toml: areas import one way (CONTRIBUTING.md).
    results["import layers"] = tool_leg(
        "import layers", [str(BIN / "lint-imports"), "--no-cache"]
    )
    results["sqlite"] = pytest_leg(
        "unit + integration on SQLite",
        ["tests/unit", "tests/integration"],
        {"RELAIS_DATABASE_URL": ""},
        totals,
    )
    if reachable(PG_URL):
        results["postgresql"] = pytest_leg(
            "integration on PostgreSQL",
            ["tests/integration"],
            {"RELAIS_DATABASE_URL": PG_URL},
            totals,
        )
    else:
        results["postgresql"] = f"skipped: no PostgreSQL at {PG_URL}"
    if Path(CHROMIUM).exists() or shutil.which("chromium") or CI:
        results["browser"] = pytest_leg(
            "browser (Chromium)", ["tests/browser"], {"RELAIS_DATABASE_URL": ""}, totals
        )
    else:
        results["browser"] = (
            f"skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"
        )

    print("\n=== summary ===")
    ok = True
    for leg, outcome in results.items():
        if isinstance(outcome, str):
            print(f"{leg}: {outcome}")
            ok = ok and not CI  # under CI every leg must run
        else:
            print(f"{leg}: {'ok' if outcome else 'FAILED'}")
            ok = ok and outcome
    print(
        f"total: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped"
    )
    return 0 if ok and totals["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
