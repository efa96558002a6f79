"""``relais import`` of files that hold no record (issue 23): a clear failure, never a "done"
batch of zeros with an Undo button, and a hint for a header-only CSV."""

from __future__ import annotations

import pytest

from .cli_workspace import Workspace, workspace


@pytest.fixture
def ws(tmp_path) -> Workspace:
    with workspace(tmp_path) as ws:
        yield ws


def _batches(ws: Workspace) -> str:
    return ws.run("import", "--list").stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("header.csv", b"first_name,last_name,email\n", "Nothing was read"),
        ("empty.csv", b"", "not a contact file"),
        ("blob.csv", bytes(range(256)) * 8, "not a contact file"),
    ],
)
def test_a_file_with_no_record_fails_clearly(
    ws: Workspace, tmp_path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = ws.run("import", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    listed = _batches(ws)
    assert "failed" in listed and "done" not in listed


def test_a_missing_file_fails(ws: Workspace, tmp_path) -> None:
    result = ws.run("import", str(tmp_path / "nowhere.csv"))
    assert result.returncode == 1
    assert "no such file" in result.stderr
