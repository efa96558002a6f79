"""Settings are read strictly: a typo stops start-up with a clear message; importing writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from relais.core.env import env_bool, env_duration, env_float, env_int

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("Yes", True), ("ON", True), ("1", True), ("false", False),
     ("no", False), ("off", False), ("0", False), ("", True), (" ", True)],
)  # fmt: skip
def test_booleans_take_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("RELAIS_X", raw)
    assert env_bool("RELAIS_X", True) is expected


@pytest.mark.parametrize("raw", ["ture", "flase", "2", "enabled", "oui"])
def test_a_misspelt_boolean_is_refused_not_read_as_false(monkeypatch, raw):
    monkeypatch.setenv("RELAIS_CHECK_BLOCK", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("RELAIS_CHECK_BLOCK", True)
    assert f"RELAIS_CHECK_BLOCK={raw!r}" in str(error.value)
    assert "true or false" in str(error.value)


def test_numbers_are_checked_against_their_bounds(monkeypatch):
    monkeypatch.setenv("RELAIS_N", "1_000")
    assert env_int("RELAIS_N", 5) == 1000
    for raw, message in [
        ("five", "whole number"),
        ("3.5", "whole number"),
        ("24", "between 0 and 23"),
    ]:
        monkeypatch.setenv("RELAIS_N", raw)
        with pytest.raises(ImproperlyConfigured, match=message):
            env_int("RELAIS_N", 5, minimum=0, maximum=23)
    monkeypatch.setenv("RELAIS_F", "0,75")
    with pytest.raises(ImproperlyConfigured, match="RELAIS_F='0,75'"):
        env_float("RELAIS_F", 0.5)
    monkeypatch.setenv("RELAIS_F", "nan")
    with pytest.raises(ImproperlyConfigured, match="finite"):
        env_float("RELAIS_F", 0.5)
    monkeypatch.setenv("RELAIS_F", "1.5")
    with pytest.raises(ImproperlyConfigured, match="between 0 and 1"):
        env_float("RELAIS_F", 0.5, minimum=0, maximum=1)


def test_durations_take_a_bare_number_in_the_named_unit_or_an_explicit_unit(
    monkeypatch,
):
    for raw, minutes in [
        ("5", 5),
        ("2h", 120),
        ("90 min", 90),
        ("1d", 1440),
        ("600s", 10),
    ]:
        monkeypatch.setenv("RELAIS_POLL_MINUTES", raw)
        assert env_duration("RELAIS_POLL_MINUTES", 1, unit="min") == minutes
    for raw in ["5 minutes", "-1", "30s", "0", "soon"]:
        monkeypatch.setenv("RELAIS_POLL_MINUTES", raw)
        with pytest.raises(ImproperlyConfigured, match="RELAIS_POLL_MINUTES"):
            env_duration("RELAIS_POLL_MINUTES", 1, unit="min", minimum=1)


def _python(code: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "RELAIS_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_importing_settings_writes_no_file(tmp_path):
    data_dir = tmp_path / "data"
    result = _python("import relais.settings", data_dir)
    assert result.returncode == 0, result.stderr
    assert not data_dir.exists()


def test_start_up_prepares_the_data_dir_and_keeps_one_secret_key(tmp_path):
    data_dir = tmp_path / "data"
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'relais.settings';"
        "django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    )
    first = _python(code, data_dir)
    second = _python(code, data_dir)
    assert first.returncode == 0, first.stderr
    assert (data_dir / "static").is_dir()
    assert first.stdout == second.stdout == (data_dir / "secret_key").read_text() + "\n"


def test_a_typo_stops_start_up_with_the_name_and_what_is_accepted(tmp_path):
    result = _python("import relais.settings", tmp_path, RELAIS_CHECK_BLOCK="ture")
    assert result.returncode != 0
    assert "RELAIS_CHECK_BLOCK='ture' is not valid: use true or false" in result.stderr
