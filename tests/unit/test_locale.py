"""The French translation is complete, compiled, and covers every string of the code.

To update after changing UI text (gettext must be installed):

    cd src/relais && ../../.venv/bin/python -m django makemessages -l fr --no-obsolete
    # translate the new entries in locale/fr/LC_MESSAGES/django.po, then compile with polib:
    .venv/bin/python -c "import polib; p='src/relais/locale/fr/LC_MESSAGES/django'; polib.pofile(p+'.po').save_as_mofile(p+'.mo')"
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "relais"
PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {PO.name}: {untranslated}"
    assert not fuzzy, f"fuzzy in {PO.name}: {fuzzy}"
    assert not po.metadata_is_fuzzy


def test_placeholders_are_kept() -> None:
    for entry in polib.pofile(str(PO)):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = (
            list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        )
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


def test_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    polib.pofile(str(PO)).save_as_mofile(str(fresh))
    assert MO.exists(), f"{MO} is missing: compile it (see this module's docstring)"
    assert MO.read_bytes() == fresh.read_bytes(), (
        f"{MO.name} is older than {PO.name}: recompile it"
    )


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="gettext (xgettext) is not installed"
)
def test_every_string_of_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """makemessages on a copy of the package finds no msgid missing from django.po."""
    copy = tmp_path / "relais"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static")
    )
    before = PO.stat().st_mtime_ns
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relais.settings",
        "RELAIS_DATA_DIR": str(tmp_path / "data"),
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {
        e.msgid for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))
    }
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert PO.stat().st_mtime_ns == before, "makemessages must work on the copy only"
    assert not extracted - committed, (
        f"run makemessages: new strings {sorted(extracted - committed)}"
    )
