"""A card photo, decoded and straightened: outline found, perspective and turns corrected.

The card is the largest four-cornered shape that stands out from the table (OpenCV contours
on an edge map); it is cut out and its perspective undone. Turns are found from the text
itself: lines standing upright mean a quarter turn, and RapidOCR's direction classifier tells
an upside-down card, whose lines are then put back in reading order. A photo with no
outline (a scan, a card filling the frame) is read as it is.

JPEG, PNG and WebP are decoded by Pillow; HEIC when ``pillow-heif`` is installed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from relais.ingest.readers.card import image_kind

from .ocr import OcrEngine, OcrLine, Piece, join_lines

# Photos are brought down to this longest side: enough for 6-point type on a card.
MAX_SIDE = 1600


class UnreadableImage(ValueError):
    """The bytes are not an image this machine can decode."""


@dataclass
class CardReading:
    """What the OCR read on a card, in reading order, and how the card had to be turned."""

    lines: list[OcrLine]
    engine: str
    quarter_turns: int = 0
    upside_down: bool = False
    outline_found: bool = False


def decode(data: bytes) -> np.ndarray:
    """The photo as a BGR array, EXIF orientation applied, longest side at most MAX_SIDE."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if image_kind(data[:16]) == "heic":
        try:
            from pillow_heif import register_heif_opener  # type: ignore[import-not-found]
        except ImportError:
            raise UnreadableImage(
                "HEIC photo: no HEIC decoder here; send it as JPEG"
            ) from None
        register_heif_opener()
    try:
        with Image.open(io.BytesIO(data)) as opened:
            picture = ImageOps.exif_transpose(opened).convert("RGB")
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        ValueError,
    ) as exc:
        raise UnreadableImage(f"damaged or unsupported image ({exc})") from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    return np.asarray(picture)[:, :, ::-1].copy()


def _order(corners: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    total = corners.sum(axis=1)
    diff = np.diff(corners, axis=1).ravel()
    return np.array(
        [
            corners[np.argmin(total)],
            corners[np.argmin(diff)],
            corners[np.argmax(total)],
            corners[np.argmax(diff)],
        ],
        dtype=np.float32,
    )


def _quad(contour: np.ndarray, area: float) -> tuple[float, np.ndarray] | None:
    """A four-cornered shape that ``contour`` fills well, with its area; None otherwise."""
    import cv2

    filled = cv2.contourArea(contour)
    if not 0.12 * area < filled < 0.97 * area:
        return None
    hull = cv2.convexHull(contour)
    for epsilon in (0.02, 0.03, 0.045):
        quad = cv2.approxPolyDP(hull, epsilon * cv2.arcLength(hull, True), True)
        if len(quad) == 4:
            quad_area = cv2.contourArea(quad)
            if quad_area and filled / quad_area > 0.9:
                return quad_area, quad.reshape(4, 2).astype(np.float32)
            return None
    return None


def find_outline(image: np.ndarray) -> np.ndarray | None:
    """The card's four corners, or None when no card-sized quadrilateral stands out.

    Candidates are the largest regions lighter or darker than the rest (Otsu's threshold,
    with thin lines such as wood grain opened away) and the largest closed edge; the
    largest of those that is a filled quadrilateral wins.
    """
    import cv2

    height, width = image.shape[:2]
    area = float(width * height)
    grey = cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (7, 7), 0)
    _, light = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = np.ones((15, 15), np.uint8)
    edges = cv2.dilate(cv2.Canny(grey, 30, 90), np.ones((3, 3), np.uint8))
    masks = [
        cv2.morphologyEx(light, cv2.MORPH_OPEN, kernel),
        cv2.morphologyEx(255 - light, cv2.MORPH_OPEN, kernel),
        edges,
    ]
    best: tuple[float, np.ndarray] | None = None
    for mask in masks:
        if mask is not edges:
            mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)  # text holes
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            found = _quad(contour, area)
            if found and (best is None or found[0] > best[0]):
                best = found
    return _order(best[1]) if best else None


def unwarp(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    import cv2

    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array(
        [[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(
        image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE
    )


def _upright_share(pieces: list[Piece]) -> float:
    """The share of multi-letter pieces taller than wide: text running up or down."""
    long = [p for p in pieces if len(p.text) >= 4]
    if not long:
        return 0.0
    return sum((p.box[3] - p.box[1]) > 1.3 * (p.box[2] - p.box[0]) for p in long) / len(
        long
    )


def _rotated(pieces: list[Piece], width: float, height: float) -> list[Piece]:
    """The pieces of a card turned by 180 degrees, in the upright card's coordinates."""
    return [
        Piece(
            p.text,
            (width - p.box[2], height - p.box[3], width - p.box[0], height - p.box[1]),
            p.score,
        )
        for p in pieces
    ]


def read_card(data: bytes, engine: OcrEngine) -> CardReading:
    """Decode, straighten and read a card photo; UnreadableImage when it cannot be decoded."""
    import cv2

    image = decode(data)
    corners = find_outline(image)
    if corners is not None:
        image = unwarp(image, corners)
    pieces, upside = engine.pieces(image)
    turns = 0
    if _upright_share(pieces) > 0.5:
        image = cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
        pieces, upside = engine.pieces(image)
        turns = 1
    height, width = image.shape[:2]
    upside_down = upside > 0.5
    if upside_down:
        pieces = _rotated(pieces, width, height)
    return CardReading(
        lines=join_lines([p for p in pieces if p.text]),
        engine=engine.name,
        quarter_turns=turns,
        upside_down=upside_down,
        outline_found=corners is not None,
    )
