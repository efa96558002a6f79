"""Exporting a segment's members: CSV, XLSX, vCard or JSONL.

Every format is built from ``contact_record`` like the address book export
(``relais.contacts.export``); XLSX has the CSV's columns and the same formula-injection guard
(``spreadsheet_safe``), since Excel evaluates a cell starting with '=' whatever the file type.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any, TextIO, cast

from relais.contacts.export import (
    CHUNK_SIZE,
    CSV_COLUMNS,
    EXPORT_FORMATS,
    csv_row,
)
from relais.contacts.models import Contact, Segment
from relais.contacts.selectors import contact_record, with_details
from relais.core.errors import InvalidInput

from .selectors import segment_contacts

SEGMENT_FORMATS = ("csv", "xlsx", "vcf", "jsonl")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "vcf": "text/vcard; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


def _members(segment: Segment) -> Iterator[Contact]:
    return with_details(segment_contacts(segment).order_by("id")).iterator(
        chunk_size=CHUNK_SIZE
    )


_NOT_IN_TITLES = set("[]:*?/\\")  # refused in a sheet's name by Excel (and openpyxl)


def write_xlsx(out: IO[bytes], contacts: Iterator[Contact], title: str) -> int:
    """One sheet, the CSV columns, one row per contact; streams (write-only workbook)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    title = "".join(c for c in title if c.isprintable() and c not in _NOT_IN_TITLES)
    sheet: Any = book.create_sheet(title=(title.strip() or "Contacts")[:31])
    sheet.append(list(CSV_COLUMNS))
    count = 0
    for contact in contacts:
        sheet.append(csv_row(contact_record(contact)))
        count += 1
    book.save(out)
    return count


def check_format(fmt: str) -> str:
    if fmt not in SEGMENT_FORMATS:
        raise InvalidInput(
            {
                "format": f"Unknown format '{fmt}': use one of {', '.join(SEGMENT_FORMATS)}."
            }
        )
    return fmt


def export_segment(*, segment: Segment, fmt: str, out: IO[Any]) -> int:
    """Write the segment's members to ``out``: a binary stream for xlsx, text otherwise
    (opened with ``newline=""``). Returns how many contacts were written."""
    check_format(fmt)
    if fmt == "xlsx":
        return write_xlsx(out, _members(segment), _sheet_title(segment.name))
    return EXPORT_FORMATS[fmt](cast("TextIO", out), _members(segment))


def _sheet_title(name: str) -> str:
    # Excel refuses these in a sheet name.
    return "".join(ch for ch in name if ch not in "[]:*?/\\") or "Contacts"


def filename(segment: Segment, fmt: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in segment.name)
    return f"segment-{safe.strip('-') or segment.pk}.{fmt}"


def export_download(segment: Segment, fmt: str) -> tuple[bytes | str, str, str]:
    """A segment exported in memory for a download: (content, content type, file name)."""
    out: io.BytesIO | io.StringIO = (
        io.BytesIO() if fmt == "xlsx" else io.StringIO(newline="")
    )
    export_segment(segment=segment, fmt=fmt, out=out)
    return out.getvalue(), CONTENT_TYPES[fmt], filename(segment, fmt)
