"""Zip bombs are refused on the sizes they declare, before anything is inflated (issue 25)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from relais.ingest.readers import PersonRecord, read_path
from relais.ingest.readers.errors import ReadError

CSV = b"first_name,last_name,email\nAnn,Lee,ann@example.org\n"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _bomb() -> bytes:
    return _zip({"contacts.csv": CSV + b" " * (300 * 1024 * 1024)})


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


def _records(path):
    return [r for r in read_path(path) if isinstance(r, PersonRecord)]


def test_a_zip_bomb_is_refused_without_inflating(tmp_path, bomb):
    assert len(bomb) < 1024 * 1024
    path = tmp_path / "export.zip"
    path.write_bytes(bomb)
    tracemalloc.start()
    try:
        with pytest.raises(ReadError, match="zip bomb"):
            _records(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_a_bomb_inside_a_zip_is_reported_and_the_rest_read(tmp_path, bomb):
    path = tmp_path / "outer.zip"
    path.write_bytes(_zip({"a.csv": CSV, "inner.zip": bomb}))
    found = list(read_path(path))
    assert [r.fields["first_name"] for r in found if isinstance(r, PersonRecord)] == [
        "Ann"
    ]
    assert any("zip bomb" in str(getattr(r, "reason", "")) for r in found), found


def test_an_ordinary_zip_is_read(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(_zip({"contacts.csv": CSV * 1}))
    assert [r.fields["first_name"] for r in _records(path)] == ["Ann"]
