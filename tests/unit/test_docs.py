"""docs/cli.md documents every command and every option (after Datasette's test_docs.py).

Each command has a heading "`relais <path>`", and every option of the command appears in
the text under that heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from relais.cli.commands import cli

CLI_DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
HEADING = re.compile(r"^#{2,4} `(relais(?: [a-z-]+)*)`\s*$", re.MULTILINE)


def _commands(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, f"{path} {name}")


def _sections() -> dict[str, str]:
    text = CLI_DOC.read_text()
    marks = list(HEADING.finditer(text))
    return {
        m.group(1): text[
            m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)
        ]
        for i, m in enumerate(marks)
    }


cli.load_all()  # the commands are imported on first use
COMMANDS = [(path, cmd) for path, cmd in _commands(cli, "relais") if path != "relais"]


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_a_section_naming_all_its_options(path, command):
    sections = _sections()
    assert path in sections, f"docs/cli.md has no heading `{path}`"
    for param in command.params:
        for option in param.opts if isinstance(param, click.Option) else ():
            assert f"`{option}`" in sections[path], (
                f"{path}: {option} is not documented"
            )


def test_root_options_are_documented():
    text = CLI_DOC.read_text()
    for param in cli.params:
        for option in param.opts:
            assert option in text, option


def test_no_section_documents_a_command_that_does_not_exist():
    known = {path for path, _ in COMMANDS}
    assert set(_sections()) <= known, set(_sections()) - known
