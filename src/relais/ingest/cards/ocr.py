"""Reading a straightened card's lines: RapidOCR by default, Tesseract as the fallback.

Both engines run on this machine and never reach the network. RapidOCR (the ``rapidocr``
wheel, pinned in pyproject.toml) ships its ONNX models inside the wheel: the three paths below
name them, so the library never looks for (or downloads) another model. Tesseract is Debian's
``tesseract-ocr`` with ``tesseract-ocr-fra`` and ``tesseract-ocr-eng``, run as a program.
``RELAIS_CARD_OCR`` chooses ("rapidocr", "tesseract"); "auto" (the default) takes RapidOCR when
it can be imported, else Tesseract.

An engine returns text pieces with their box and score; ``join_lines`` puts the pieces that
sit on one line and close together into one ``OcrLine`` (two columns stay two lines).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

# The models of rapidocr 3.10.0, inside its wheel (a test checks they are there).
RAPIDOCR_MODELS = {
    "Det.model_path": "models/PP-OCRv6_det_small.onnx",
    "Rec.model_path": "models/PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "models/ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
TESSERACT_LANGUAGES = "fra+eng"


class OcrUnavailable(RuntimeError):
    """No OCR engine can run here (neither RapidOCR nor Tesseract is installed)."""


@dataclass(frozen=True)
class Piece:
    """A piece of text the engine found, with its box (x0, y0, x1, y1) and score (0-1)."""

    text: str
    box: tuple[float, float, float, float]
    score: float


@dataclass(frozen=True)
class OcrLine:
    """One line of the card as read: its text, box, height (the type size) and score."""

    text: str
    box: tuple[float, float, float, float]
    score: float

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


class OcrEngine(Protocol):
    """Something that reads the text pieces of an upright image."""

    name: str

    def pieces(self, image: np.ndarray) -> tuple[list[Piece], float]:
        """The pieces of ``image`` (BGR), and the share of them seen upside down (0-1)."""
        ...


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self) -> None:
        import rapidocr

        root = Path(rapidocr.__file__).parent
        params: dict[str, Any] = {k: str(root / v) for k, v in RAPIDOCR_MODELS.items()}
        params.update(
            {
                "Global.log_level": "error",
                # One core per card: the bar is set on one core, and imports run beside
                # other work.
                "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
        self._engine = rapidocr.RapidOCR(params=params)

    def pieces(self, image: np.ndarray) -> tuple[list[Piece], float]:
        engine = self._engine
        # The steps of RapidOCR.__call__, kept apart to see the classifier's verdicts
        # (which text lines it turned by 180 degrees).
        ready, record = engine.preprocess_img(engine.load_img(image))
        det, cls, rec, crops = engine.run_ocr_steps(ready, record)
        upside = 0.0
        if cls.cls_res:
            upside = sum(label == "180" for label, _ in cls.cls_res) / len(cls.cls_res)
        out = engine.build_final_output(image, det, cls, rec, crops, record)
        boxes = getattr(out, "boxes", None)
        texts = getattr(out, "txts", None)
        scores = getattr(out, "scores", None)
        if boxes is None or texts is None or scores is None:
            return [], upside
        found = []
        for box, text, score in zip(boxes, texts, scores, strict=True):
            xs, ys = box[:, 0], box[:, 1]
            found.append(
                Piece(
                    text.strip(),
                    (
                        float(xs.min()),
                        float(ys.min()),
                        float(xs.max()),
                        float(ys.max()),
                    ),
                    float(score),
                )
            )
        return found, upside


class TesseractEngine:
    name = "tesseract"

    def __init__(self, *, orient: bool = True) -> None:
        self._orient = orient  # False: Tesseract as it runs by default (the baseline)
        program = shutil.which("tesseract")
        if program is None:
            raise OcrUnavailable(
                "tesseract is not installed (apt-get install tesseract-ocr)"
            )
        self._program = program

    def _run(self, image: np.ndarray, *options: str) -> str:
        import cv2

        ok, png = cv2.imencode(".png", image)
        if not ok:
            return ""
        result = subprocess.run(  # noqa: S603 - a fixed program, no shell
            [self._program, "stdin", "stdout", *options],
            input=png.tobytes(),
            capture_output=True,
            check=False,
            timeout=60,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        return (
            result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""
        )

    def pieces(self, image: np.ndarray) -> tuple[list[Piece], float]:
        """Turned upright first by Tesseract's orientation detection (OSD), when it can tell:
        the pieces are then in the upright image's coordinates."""
        import cv2

        osd = self._orient and re.search(
            r"Rotate: (\d+)", self._run(image, "--psm", "0")
        )
        turn = {
            "90": cv2.ROTATE_90_CLOCKWISE,
            "180": cv2.ROTATE_180,
            "270": cv2.ROTATE_90_COUNTERCLOCKWISE,
        }.get(osd.group(1) if osd else "")
        if turn is not None:
            image = cv2.rotate(image, turn)
        tsv = self._run(image, "-l", TESSERACT_LANGUAGES, "--psm", "11", "tsv")
        # Words grouped by the line Tesseract put them on (block, paragraph, line).
        words: dict[tuple[str, str, str], list[Piece]] = {}
        for row in tsv.splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) < 12 or not cols[11].strip():
                continue
            left, top, width, height = (float(c) for c in cols[6:10])
            confidence = max(float(cols[10]), 0.0) / 100
            words.setdefault((cols[2], cols[3], cols[4]), []).append(
                Piece(
                    cols[11].strip(),
                    (left, top, left + width, top + height),
                    confidence,
                )
            )
        return [_line_piece(group) for group in words.values()], 0.0


def _line_piece(group: list[Piece]) -> Piece:
    line = _line(sorted(group, key=lambda p: p.box[0]))
    return Piece(line.text, line.box, line.score)


def join_lines(pieces: list[Piece]) -> list[OcrLine]:
    """Pieces side by side on one line, close together and of one type size, as lines.

    A wide gap or another type size starts another line, so two columns stay apart.
    Lines come top to bottom, then left to right.
    """
    groups: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: p.box[0]):
        height = piece.box[3] - piece.box[1]
        middle = (piece.box[1] + piece.box[3]) / 2
        for group in groups:
            last = group[-1]
            last_height = last.box[3] - last.box[1]
            small, big = sorted((height, last_height))
            gap = piece.box[0] - last.box[2]
            if (
                abs((last.box[1] + last.box[3]) / 2 - middle) < small * 0.4
                and -small < gap < small * 1.2
                and big <= small * 1.35
            ):
                group.append(piece)
                break
        else:
            groups.append([piece])
    lines = [_line(group) for group in groups]
    return sorted(lines, key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0]))


def _line(group: list[Piece]) -> OcrLine:
    box = (
        min(p.box[0] for p in group),
        min(p.box[1] for p in group),
        max(p.box[2] for p in group),
        max(p.box[3] for p in group),
    )
    score = sum(p.score * len(p.text) for p in group) / max(
        1, sum(len(p.text) for p in group)
    )
    return OcrLine(" ".join(p.text for p in group), box, score)


@functools.cache
def engine(name: str = "") -> OcrEngine:
    """The engine named by ``name`` or RELAIS_CARD_OCR; loaded once per process."""
    wanted = (name or os.environ.get("RELAIS_CARD_OCR", "auto")).strip().lower()
    if wanted not in {"auto", "rapidocr", "tesseract"}:
        raise OcrUnavailable(
            f"RELAIS_CARD_OCR must be auto, rapidocr or tesseract, not {wanted!r}"
        )
    if wanted in {"auto", "rapidocr"}:
        try:
            return RapidOcrEngine()
        except ImportError:
            if wanted == "rapidocr":
                raise OcrUnavailable("rapidocr is not installed") from None
    return TesseractEngine()
