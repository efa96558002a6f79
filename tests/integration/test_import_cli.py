"""``relais import`` as users run it: a subprocess on a database of its own (SQLite, or a
throwaway PostgreSQL database, see cli_workspace.py), killed with SIGKILL mid-way."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections import Counter

import pytest
from bench.gen_google_csv import write as write_big_google_csv

from tests.fixtures_gen import people
from tests.fixtures_gen.google import write_google_csv

from .cli_workspace import Workspace, workspace


@pytest.fixture
def ws(tmp_path) -> Workspace:
    with workspace(tmp_path / "data") as space:
        yield space


def _records_read(ws: Workspace) -> int:
    listed = ws.run("import", "--list")
    assert listed.returncode == 0, listed.stderr
    match = re.search(r"│ \d+\s+│ [\d: -]+│ running\s+│ [^│]+│ (\d+)", listed.stdout)
    return int(match.group(1)) if match else 0


def test_kill_9_then_rerun_imports_each_record_once(ws: Workspace, tmp_path):
    rows = 6000
    big = write_big_google_csv(tmp_path / "big.csv", rows)
    assert ws.run("import", "--list").returncode == 0  # database created
    process = ws.popen("import", str(big), "--chunk-size", "200")
    deadline = time.monotonic() + 120
    while _records_read(ws) == 0:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _records_read(ws)
    assert 0 < partial < rows

    again = ws.run("import", str(big), timeout=600)
    assert again.returncode == 0, again.stderr
    assert "(resumed)" in again.stdout
    assert f"{rows} records read" in again.stdout

    exported = ws.run("export", "--format", "jsonl", timeout=600)
    seen = Counter()
    for line in exported.stdout.splitlines():
        for entry in json.loads(line)["provenance"]:
            seen[(entry["file"], entry["record"])] += 1
    assert set(seen) == {("big.csv", n) for n in range(1, rows + 1)}
    assert set(seen.values()) == {1}

    third = ws.run("import", str(big), timeout=600)
    assert "0 contacts created, 0 updated" in third.stdout


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(child) for child in listed.read().split()]
    except FileNotFoundError:
        return []


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] == "Z"  # a zombie is gone
    except FileNotFoundError:
        return True


def test_kill_9_of_a_large_import_ends_its_reading_process(ws: Workspace, tmp_path):
    """From 20,000 records a second process reads; it must not outlive a killed import."""
    rows = 20_000
    big = write_big_google_csv(tmp_path / "big.csv", rows)
    assert ws.run("import", "--list").returncode == 0
    process = ws.popen("import", str(big), "--chunk-size", "500")
    deadline = time.monotonic() + 300
    while _records_read(ws) == 0:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.2)
    readers = _children(process.pid)
    assert readers  # the reading process
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while not all(_gone(pid) for pid in readers):
        assert time.monotonic() < deadline, "the reading process outlived the import"
        time.sleep(0.2)
    again = ws.run("import", str(big), timeout=900)
    assert again.returncode == 0, again.stderr
    assert "(resumed)" in again.stdout and f"{rows} records read" in again.stdout
    third = ws.run("import", str(big), timeout=900)
    assert "0 contacts created, 0 updated" in third.stdout


def test_report_bad_file_and_exit_code(ws: Workspace, tmp_path):
    good = write_google_csv(tmp_path / "google.csv", people(4, 3))
    notes = tmp_path / "notes.txt"
    notes.write_text("Rappeler Jean mardi.\n")
    result = ws.run("import", str(notes), str(good))
    assert result.returncode == 1
    assert re.search(r"Batch \d+: 3 records read, \d+ contacts created", result.stdout)
    assert result.stderr.strip().splitlines() == [
        "notes.txt: not a contact file (recognised: plain text, no header row of contact columns)"
    ]
    undo = ws.run("import", "--undo", "1")
    assert undo.returncode == 0, undo.stderr
    assert "Batch 1 undone" in undo.stdout
    twice = ws.run("import", "--undo", "1")
    assert twice.returncode == 1 and "already undone" in twice.stderr


def test_usage_errors(ws: Workspace, tmp_path):
    assert ws.run("import").returncode == 2
    assert ws.run("import", "--list", "x.csv").returncode == 2
    bad_map = ws.run("import", str(tmp_path), "--map", "Col=nonsense")
    assert bad_map.returncode == 1 and "nonsense" in bad_map.stderr


def test_a_large_import_says_its_duplicate_check_is_queued(ws: Workspace, tmp_path):
    csv = tmp_path / "g.csv"
    write_google_csv(csv, people(5, 4))
    ws.env["RELAIS_IMPORT_INLINE_CHECK_MAX"] = "2"
    result = ws.run("import", str(csv))
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"Duplicate check of 4 new contacts queued \(job [0-9a-f-]+\)", result.stdout
    ), result.stdout
