"""The README's two commands are the ones CI and users run."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text())


def test_readme_gives_exactly_two_setup_commands_demo_then_tests():
    commands = _readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("relais demo")
    assert "scripts/run_tests.py" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    assert _readme_commands()[1] in (ROOT / ".ci/run").read_text()


def test_every_documented_page_exists():
    for link in re.findall(r"\]\((docs/[^)]+)\)", (ROOT / "README.md").read_text()):
        assert (ROOT / link).exists(), link
