"""The Tesseract fallback: the same straightening, Tesseract's own orientation detection
turns an upside-down card back, and the parser gets lines it can read."""

from __future__ import annotations

import shutil

import pytest

from relais.ingest.cards import ocr
from relais.ingest.cards.image import read_card
from relais.ingest.cards.parse import parse_card
from tests.fixtures_gen import cards

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr is not installed"
)


def test_the_fallback_reads_an_upside_down_photo():
    spec = cards.card_specs(71, 1)[0]
    photo = cards.photograph(cards.render(spec, 5), 5, turn=2)
    card = parse_card(read_card(photo, ocr.TesseractEngine()).lines)
    assert [e.value for e in card.emails] == [spec.email.lower()]
    digits = {"".join(c for c in p.value if c.isdigit())[-9:] for p in card.phones}
    assert digits == {"".join(c for c in n if c.isdigit())[-9:] for n, _ in spec.phones}
    # Without its orientation detection, Tesseract reads the same photo upside down.
    raw = parse_card(read_card(photo, ocr.TesseractEngine(orient=False)).lines)
    assert [e.value for e in raw.emails] != [spec.email.lower()]


def test_the_fallback_is_chosen_by_setting(monkeypatch):
    ocr.engine.cache_clear()
    monkeypatch.setenv("RELAIS_CARD_OCR", "tesseract")
    try:
        assert ocr.engine().name == "tesseract"
    finally:
        ocr.engine.cache_clear()
