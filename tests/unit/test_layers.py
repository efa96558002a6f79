"""The layer contract of pyproject.toml holds, and it does catch an upward import.

CI runs ``lint-imports`` as its own leg (scripts/run_tests.py); this test proves the contract is
not toothless: the same check on a copy of the code with one upward import added must fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(src: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "relais",
        src / "relais",
        ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__"),
    )
    return src


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    clean = _lint(src, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    # core is the ground: make it import an area above it.
    text = src / "relais" / "core" / "text.py"
    text.write_text(text.read_text() + "\nfrom relais.outreach import models  # noqa\n")
    broken = _lint(src, tmp_path)
    assert broken.returncode != 0
    assert "relais.core is not allowed to import relais.outreach" in broken.stdout


def test_a_new_area_must_be_placed_in_the_order(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    (src / "relais" / "gadgets").mkdir()
    (src / "relais" / "gadgets" / "__init__.py").write_text("")
    result = _lint(src, tmp_path)
    assert result.returncode != 0
    assert "relais.gadgets" in result.stdout
