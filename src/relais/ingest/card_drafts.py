"""Business cards confirmed on a phone: read now, checked by a person, then imported.

``add_drafts`` reads each photo (readers/card.py) and keeps what it found as a ``CardDraft``;
the confirm page shows it beside the photo with its low-confidence fields highlighted and the
contacts it may duplicate (the matching engine); ``confirm_draft`` imports the corrected
fields through the import pipeline (``import_records``: normalisation, matching, provenance
``kind: "card"``, the photo as an attachment, the event as the source, the trade-show tag)
and deletes the draft.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.core.errors import InvalidInput, NotFound

from .models import CardDraft
from .readers import records
from .readers.card import confidences, image_kind, read_card_photo
from .readers.errors import ReadError
from .readers.records import Attachment, PersonRecord, Point
from .readers.sources import FileSource
from .report import ImportReport

if TYPE_CHECKING:
    from relais.accounts.models import User

MAX_PHOTOS = 12
# Fields below this confidence are highlighted for a second look.
LOW_CONFIDENCE = 0.8
TEXT_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "organisation",
    "address",
    "postal_code",
    "city",
)


@dataclass(frozen=True)
class Photo:
    name: str
    data: bytes


def add_drafts(
    *, actor: User, photos: Iterable[Photo], event: str = "", tag: str = ""
) -> list[CardDraft]:
    """Read each photo and keep what it says as a draft; InvalidInput names a bad photo."""
    ensure_can_write(actor)
    photos = list(photos)
    if not photos:
        raise InvalidInput({"photos": "Choose or take at least one photo of a card."})
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput({"photos": f"At most {MAX_PHOTOS} photos at a time."})
    found: list[tuple[Photo, PersonRecord]] = []
    for photo in photos:
        kind = image_kind(photo.data[:16])
        if not kind:
            raise InvalidInput(
                {"photos": f"{photo.name}: not a JPEG, PNG, WebP or HEIC photo."}
            )
        try:
            [record] = list(
                read_card_photo(FileSource.from_bytes(photo.data, photo.name))
            )
        except ReadError as exc:
            raise InvalidInput({"photos": str(exc)}) from None
        if not isinstance(record, PersonRecord):
            raise InvalidInput(
                {"photos": f"{photo.name}: no text could be read on this card."}
            )
        found.append((photo, record))
    with transaction.atomic():
        return [
            CardDraft.objects.create(
                created_by=actor,
                name=photo.name[:255],
                content_type=record.attachment.content_type
                if record.attachment
                else "",
                data=photo.data,
                event=event.strip()[:200],
                tag=tag.strip()[:80],
                fields=_draft_fields(record),
                confidence=confidences(record),
            )
            for photo, record in found
        ]


def _draft_fields(record: PersonRecord) -> dict[str, object]:
    fields: dict[str, object] = {k: record.fields.get(k, "") for k in TEXT_FIELDS}
    fields["emails"] = [p.value for p in record.points if p.kind == records.EMAIL]
    fields["phones"] = [
        [p.value, p.label] for p in record.points if p.kind == records.PHONE
    ]
    fields["website"] = next(
        (p.value for p in record.points if p.kind == records.URL), ""
    )
    fields["linkedin"] = next(
        (p.value for p in record.points if p.kind == records.LINKEDIN), ""
    )
    fields["fax"] = record.extra.get("fax", "")
    return fields


def pending_drafts(actor: User) -> list[CardDraft]:
    """The drafts waiting for this person, oldest first."""
    return list(CardDraft.objects.filter(created_by=actor).defer("data"))


def get_draft(actor: User, draft_id: int) -> CardDraft:
    draft = CardDraft.objects.filter(pk=draft_id, created_by=actor).first()
    if draft is None:
        raise NotFound("This card is no longer waiting: it was confirmed or discarded.")
    return draft


def low_fields(draft: CardDraft) -> set[str]:
    """The fields to highlight: found with a low confidence, or expected and not found."""
    low = {k for k, v in draft.confidence.items() if v < LOW_CONFIDENCE}
    fields = draft.fields
    for key in ("first_name", "last_name", "organisation"):
        if not fields.get(key):
            low.add(key)
    if not fields.get("emails"):
        low.add("email 1")
    return low


def discard_draft(*, actor: User, draft_id: int) -> None:
    ensure_can_write(actor)
    get_draft(actor, draft_id).delete()


def confirm_draft(
    *, actor: User, draft_id: int, values: Mapping[str, str]
) -> ImportReport:
    """Import the card as corrected (``values``: the text fields, "email", "phone_N" and
    "phone_N_label", "website", "linkedin", "event", "tag") and delete the draft."""
    from .services import import_records

    ensure_can_write(actor)
    draft = get_draft(actor, draft_id)
    record = _record(draft, values)
    if (
        not any(record.fields.get(k) for k in ("first_name", "last_name"))
        and not record.points
    ):
        raise InvalidInput({"first_name": "Give at least a name, an email or a phone."})
    with transaction.atomic():
        report = import_records([record], actor=actor, label=record.source_name)
        draft.delete()
    return report


def _record(draft: CardDraft, values: Mapping[str, str]) -> PersonRecord:
    event = values.get("event", draft.event).strip()[:200]
    tag = values.get("tag", draft.tag).strip()[:80]
    name = f"{event}/{draft.name}" if event else draft.name
    record = PersonRecord(name, 1, source_kind="card")
    for key in TEXT_FIELDS:
        if value := values.get(key, "").strip():
            record.fields[key] = value
    shown = " ".join(
        record.fields.get(k, "") for k in ("first_name", "last_name")
    ).strip()
    if shown:
        record.fields["display_name"] = shown
    for index, email in enumerate(values.get("email", "").split(",")):
        if email.strip():
            record.points.append(Point(records.EMAIL, email.strip(), "", index == 0))
    index = 1
    while f"phone_{index}" in values:
        if number := values[f"phone_{index}"].strip():
            label = values.get(f"phone_{index}_label", "").strip()[:40]
            record.points.append(Point(records.PHONE, number, label))
        index += 1
    for key, kind in (("website", records.URL), ("linkedin", records.LINKEDIN)):
        if value := values.get(key, "").strip():
            record.points.append(Point(kind, value))
    if tag:
        record.tags.append(tag)
    if fax := str(draft.fields.get("fax", "")):
        record.extra["fax"] = fax
    data = bytes(draft.data)
    record.extra["card image sha256"] = hashlib.sha256(data).hexdigest()
    record.attachment = Attachment(draft.name, draft.content_type, data)
    return record
