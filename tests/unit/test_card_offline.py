"""The card OCR runs offline: its models are the ones inside the pinned wheel, and reading a
card opens no network connection (sockets refused, proxies pointing nowhere)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from relais.ingest.cards import ocr
from relais.ingest.cards.image import read_card
from relais.ingest.cards.parse import parse_card
from tests.fixtures_gen import cards


def test_the_pinned_models_are_inside_the_wheel():
    import rapidocr

    root = Path(rapidocr.__file__).parent
    for relative in ocr.RAPIDOCR_MODELS.values():
        assert (root / relative).stat().st_size > 100_000, relative


def test_reading_a_card_opens_no_connection(monkeypatch):
    tried: list[object] = []

    def refuse(self, address, *args, **kwargs):
        tried.append(address)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    engine = ocr.RapidOcrEngine()  # a fresh engine: loading the models is checked too
    spec = cards.card_specs(41, 1)[0]
    card = parse_card(read_card(cards.clean_bytes(cards.render(spec)), engine).lines)
    assert card.emails[0].value == spec.email.lower()
    assert tried == []


def test_an_unknown_engine_name_is_a_clear_error(monkeypatch):
    ocr.engine.cache_clear()
    monkeypatch.setenv("RELAIS_CARD_OCR", "cloud")
    with pytest.raises(ocr.OcrUnavailable, match="auto, rapidocr or tesseract"):
        ocr.engine()
    ocr.engine.cache_clear()
