"""What the imports pages show, in words: field names, preview rows, progress of a batch.

Presentation rules only: the previews come from ``ingest.selectors.preview_sources`` and the
progress from the batch's ``stats``, which the import job saves after every chunk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.ingest.models import ImportBatch
from relais.ingest.readers import MessageRecord, PersonRecord, Record, SourcePreview
from relais.ingest.readers.mapping import FIELDS, ColumnChoice

FIELD_LABELS = {
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "full_name": gettext_lazy("Full name"),
    "display_name": gettext_lazy("Display name"),
    "middle_name": gettext_lazy("Middle name"),
    "nickname": gettext_lazy("Nickname"),
    "civility": gettext_lazy("Civility"),
    "title": gettext_lazy("Job title"),
    "organisation": gettext_lazy("Organisation"),
    "department": gettext_lazy("Department"),
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "url": gettext_lazy("Website"),
    "linkedin": gettext_lazy("LinkedIn"),
    "twitter": gettext_lazy("Twitter"),
    "mastodon": gettext_lazy("Mastodon"),
    "facebook": gettext_lazy("Facebook"),
    "other": gettext_lazy("Other contact point"),
    "address": gettext_lazy("Address"),
    "postal_code": gettext_lazy("Postal code"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country"),
    "language": gettext_lazy("Language"),
    "birthday": gettext_lazy("Birthday"),
    "note": gettext_lazy("Note"),
    "tags": gettext_lazy("Tags"),
    "extra": gettext_lazy("Keep as an extra value"),
    "ignore": gettext_lazy("Ignore this column"),
}
FORMAT_LABELS = {
    "linkedin-connections": gettext_lazy("LinkedIn connections"),
    "linkedin-messages": gettext_lazy("LinkedIn messages"),
    "linkedin-invitations": gettext_lazy("LinkedIn invitations"),
    "linkedin-own": gettext_lazy("LinkedIn account file"),
    "google": gettext_lazy("Google Contacts"),
    "outlook": gettext_lazy("Outlook contacts"),
    "csv": gettext_lazy("Table (CSV)"),
    "xlsx": gettext_lazy("Excel workbook"),
    "vcard": gettext_lazy("vCard address book"),
    "mbox": gettext_lazy("Mailbox (mbox)"),
    "eml": gettext_lazy("Email message"),
    "maildir": gettext_lazy("Maildir folder"),
}


def target_label(target: str) -> str:
    """'phone:mobile' → 'Phone (mobile)'; 'ignore' → 'Ignore this column'."""
    name, _sep, label = target.partition(":")
    text = str(FIELD_LABELS.get(name, name))
    return f"{text} ({label})" if label else text


def field_choices(extra: list[str]) -> list[tuple[str, str]]:
    """The targets a column can be given: every field, plus labelled ones proposed."""
    values = [f for f in FIELDS if f != "ignore"]
    values += [t for t in extra if t not in values]
    return [(v, target_label(v)) for v in values] + [("ignore", target_label("ignore"))]


def confidence_level(value: float) -> str:
    return "high" if value >= 0.8 else "medium" if value >= 0.5 else "low"


@dataclass
class ColumnRow:
    index: int
    column: str
    target: str
    confidence: int
    level: str
    reason: str
    chosen: bool


@dataclass
class RecordRow:
    number: int
    name: str
    organisation: str
    title: str
    reach: list[str]
    more: str  # tags, or for a message its date and sender


@dataclass
class SourceView:
    index: int
    name: str
    format: str
    description: str
    columns: list[ColumnRow]
    choices: list[tuple[str, str]]
    rows: list[RecordRow]
    problem: str


def _record_row(record: Record) -> RecordRow | None:
    if isinstance(record, PersonRecord):
        f = record.fields
        name = f.get("display_name") or " ".join(
            v for v in (f.get("first_name", ""), f.get("last_name", "")) if v
        )
        return RecordRow(
            record.record_number,
            name or f.get("full_name", ""),
            f.get("organisation", ""),
            f.get("title", ""),
            [p.value for p in record.points],
            ", ".join(record.tags),
        )
    if isinstance(record, MessageRecord):
        sender = record.sender
        when = (
            record.occurred_at.strftime("%Y-%m-%d %H:%M") if record.occurred_at else ""
        )
        return RecordRow(
            record.record_number,
            (sender.name or sender.address) if sender else "",
            "",
            record.subject,
            [p.address for p in record.recipients],
            when,
        )
    return None


def _column_row(choice: ColumnChoice) -> ColumnRow:
    return ColumnRow(
        index=choice.index,
        column=choice.column or _("(column %(n)d)") % {"n": choice.index + 1},
        target=str(choice.target),
        confidence=round(choice.confidence * 100),
        level=confidence_level(choice.confidence),
        reason=choice.reason,
        chosen=choice.reason == "chosen",
    )


def source_views(previews: list[SourcePreview]) -> list[SourceView]:
    views = []
    for index, preview in enumerate(previews):
        columns = (
            [_column_row(c) for c in preview.mapping.columns] if preview.mapping else []
        )
        rows = [r for r in map(_record_row, preview.records) if r is not None]
        problem = "" if preview.format else preview.description
        if not problem and not preview.records:  # e.g. a CSV with only its header line
            problem = _("No records to import: the file holds a header line at most.")
        views.append(
            SourceView(
                index=index,
                name=preview.source_name,
                format=str(FORMAT_LABELS.get(preview.format, preview.format)),
                description=preview.description,
                columns=columns,
                choices=field_choices([c.target for c in columns]),
                rows=rows,
                problem=problem,
            )
        )
    return views


@dataclass
class Progress:
    done: int
    total: int | None
    percent: int | None
    rate: int | None
    eta: str
    finished: bool


def _duration(seconds: float) -> str:
    seconds = max(int(seconds), 1)
    if seconds < 60:
        return _("%(n)d s") % {"n": seconds}
    if seconds < 3600:
        return _("%(m)d min %(s)02d s") % {"m": seconds // 60, "s": seconds % 60}
    return _("%(h)d h %(m)02d min") % {"h": seconds // 3600, "m": seconds // 60 % 60}


def progress(batch: ImportBatch, now: dt.datetime | None = None) -> Progress:
    """Records done, the estimated total, records per second and time left."""
    stats: dict[str, Any] = batch.stats or {}
    done = int(stats.get("records_read") or 0)
    total = stats.get("total_estimate")
    if total is not None and total < done:
        total = None
    finished = batch.status != ImportBatch.Status.RUNNING
    end = (
        batch.finished_at if finished and batch.finished_at else (now or timezone.now())
    )
    elapsed = (end - batch.started_at).total_seconds()
    rate = round(done / elapsed) if elapsed > 0 and done else None
    eta = ""
    if not finished and total and rate:
        eta = _duration((total - done) / rate)
    percent = 100 if finished else (min(99, done * 100 // total) if total else None)
    return Progress(done, total, percent, rate, eta, finished)
