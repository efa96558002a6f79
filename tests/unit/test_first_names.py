"""The shipped first-name list is what its build script makes from the public dictionary."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from relais.names.first_names import is_first_name, known_first_names

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_first_names.py"


def _builder():
    spec = importlib.util.spec_from_file_location("build_first_names", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_first_names"] = module
    spec.loader.exec_module(module)
    return module


def test_shipped_list_is_what_the_script_builds() -> None:
    builder = _builder()
    assert builder.TARGET.read_text(encoding="utf-8") == builder.build(
        builder.source_lines()
    )


def test_first_names_come_from_the_list_not_the_demo() -> None:
    # Names the demo never uses are known; family names are not.
    assert {"ghislaine", "bartholomew", "maelle"} <= known_first_names()
    assert is_first_name("GHISLAINE") and is_first_name("Frédéric")
    assert not is_first_name("Canevet") and not is_first_name("Lefèvre")
