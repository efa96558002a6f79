"""Photos of business cards: one card per image, one PersonRecord per card.

The photo is straightened and read on this machine (``relais.ingest.cards``); the record
carries the parsed fields, the phones with their labels (a fax goes to the record's extra,
never to the phones), the lines no field took, the confidence of each field, and the photo
itself as an attachment that the pipeline keeps with the contact. Provenance names it
``{file, record: 1, kind: "card"}``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from . import records
from .errors import ReadError
from .records import Attachment, PersonRecord, Point, Record, Skipped
from .sources import FileSource

DESCRIPTION = "business card photo"
MAX_BYTES = 25 * 1024 * 1024
_CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heic": "image/heic",
}
SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def image_kind(head: bytes) -> str:
    """ "jpeg", "png", "webp", "heic" from a file's first bytes, or "" for anything else."""
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in {
        b"heic",
        b"heix",
        b"mif1",
        b"heim",
        b"heis",
    }:
        return "heic"
    return ""


def confidences(record: PersonRecord) -> dict[str, float]:
    """The confidence of each field the card gave (field name or "phone 1", "email 1"…)."""
    raw = record.extra.get("card confidence", "")
    return json.loads(raw) if raw else {}


def read_card_photo(source: FileSource) -> Iterator[Record]:
    """The person on a card photo; ReadError when the image cannot be decoded or read."""
    from relais.ingest.cards.image import UnreadableImage, read_card
    from relais.ingest.cards.ocr import OcrUnavailable, engine
    from relais.ingest.cards.parse import parse_card

    with source.open() as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReadError(
            source.name, f"photo larger than {MAX_BYTES // (1024 * 1024)} MB"
        )
    try:
        reading = read_card(data, engine())
    except UnreadableImage as exc:
        raise ReadError(source.name, str(exc)) from None
    except OcrUnavailable as exc:
        raise ReadError(source.name, f"no OCR engine: {exc}") from None
    card = parse_card(reading.lines)
    record = to_record(card, source.name)
    record.extra["card text"] = "\n".join(line.text for line in reading.lines)[:4000]
    record.extra["card image sha256"] = hashlib.sha256(data).hexdigest()
    kind = image_kind(data[:16]) or "jpeg"
    record.attachment = Attachment(
        source.name.rsplit("/", 1)[-1], _CONTENT_TYPES[kind], data
    )
    if not (record.fields or record.points):
        yield Skipped(source.name, 1, "", "no text could be read on this card photo")
        return
    yield record


def to_record(card: object, name: str) -> PersonRecord:
    """A parsed card (parse.CardFields) as the record the import pipeline reads."""
    from relais.ingest.cards.parse import CardFields

    assert isinstance(card, CardFields)
    record = PersonRecord(name, 1, source_kind="card")
    scores: dict[str, float] = {}
    for key in (
        "first_name",
        "last_name",
        "title",
        "organisation",
        "address",
        "postal_code",
        "city",
    ):
        found = getattr(card, key)
        if found and found.value:
            record.fields[key] = found.value
            scores[key] = found.confidence
    if card.name:
        record.fields["display_name"] = card.name
    for index, email in enumerate(card.emails, 1):
        record.points.append(Point(records.EMAIL, email.value, "", index == 1))
        scores[f"email {index}"] = email.confidence
    for index, phone in enumerate(card.phones, 1):
        record.points.append(Point(records.PHONE, phone.value, phone.label))
        scores[f"phone {index}"] = phone.confidence
    if card.website:
        record.points.append(Point(records.URL, card.website.value))
        scores["website"] = card.website.confidence
    if card.linkedin:
        record.points.append(Point(records.LINKEDIN, card.linkedin.value))
        scores["linkedin"] = card.linkedin.confidence
    if card.faxes:
        record.extra["fax"] = ", ".join(f.value for f in card.faxes)
    if card.unread:
        record.extra["card other lines"] = " | ".join(card.unread)[:1000]
    record.extra["card confidence"] = json.dumps(scores, sort_keys=True)
    return record
