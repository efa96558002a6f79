"""docs/import-formats.md says what the readers do: a field or a label missing there fails."""

from pathlib import Path

from relais.ingest.readers.mapping import FIELDS
from relais.ingest.readers.signature import _LABELS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "import-formats.md").read_text()


def test_every_mapping_field_is_documented():
    missing = [f for f in FIELDS if f"`{f}`" not in DOC]
    assert missing == []


def test_every_signature_phone_label_is_documented():
    assert [label for label, _ in _LABELS if f"→ {label}" not in DOC] == []


def test_the_override_syntax_is_documented():
    assert '--map "Column=field"' in DOC
