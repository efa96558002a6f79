"""Exporting the address book: JSONL (the stable contract) and CSV for spreadsheets.

Every format is built from ``contact_record`` (docs/export.md), so a CSV row, a JSON line and
a vCard (``relais.contacts.vcard``) never disagree about a contact. Exports stream: contacts are
read in chunks with their details prefetched per chunk, so memory stays bounded however many
contacts there are. The CLI, the API and the web UI write to any text stream; open it with
``newline=""`` so that the CRLF line endings of CSV and vCard reach the file as they are.

CSV follows RFC 4180 and the OWASP advice on CSV injection: a cell that a spreadsheet would
read as a formula gets a leading apostrophe (see ``spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TextIO

from relais.core.errors import InvalidInput

from .models import Contact
from .selectors import ContactFilter, contact_record, list_contacts, with_details
from .vcard import write_vcards

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "MULTI_VALUE_SEPARATOR",
    "contacts_for_export",
    "csv_row",
    "export_contacts",
    "spreadsheet_safe",
    "write_csv",
    "write_jsonl",
]

# Contacts fetched (and prefetched) per round trip; bounds memory for very large exports.
CHUNK_SIZE = 500

CSV_COLUMNS = (
    "id",
    "display_name",
    "first_name",
    "last_name",
    "organization",
    "title",
    "emails",
    "phones",
    "urls",
    "handles",
    "tags",
    "status",
    "owner",
    "city",
    "country",
    "language",
    "created_at",
    "updated_at",
    "sources",
)
# Joins the values of a multi-valued column. Normalised emails, phones and URLs never contain
# it; a tag or file name that does is ambiguous in CSV — JSONL is the lossless format.
MULTI_VALUE_SEPARATOR = "; "
# What makes Excel, LibreOffice or Google Sheets evaluate a cell (OWASP "CSV Injection").
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls but tab, line feed and carriage return, and DEL: a spreadsheet shows them as
# garbage and the XLSX format cannot hold them (openpyxl refuses the whole file).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def contacts_for_export(
    filters: ContactFilter | None = None, *, include_merged: bool = False
) -> Iterator[Contact]:
    """Contacts in id order with everything ``contact_record`` needs, read chunk by chunk.

    Without filters every contact is exported, archived ones included: an export is also a
    backup. Contacts merged into another are left out unless ``include_merged``: everything
    they held is on the contact they were merged into.
    """
    qs = list_contacts(filters) if filters is not None else Contact.objects.all()
    if not include_merged:
        qs = qs.filter(merged_into__isnull=True)
    return with_details(qs.order_by("id")).iterator(chunk_size=CHUNK_SIZE)


def write_jsonl(out: TextIO, contacts: Iterable[Contact]) -> int:
    """One ``contact_record`` per line, UTF-8 as is (no \\u escapes); returns the count."""
    count = 0
    for contact in contacts:
        out.write(json.dumps(contact_record(contact), ensure_ascii=False) + "\n")
        count += 1
    return count


def spreadsheet_safe(value: str) -> str:
    """Prefix a cell that a spreadsheet would evaluate with ``'``, so it is read as text.

    Phones in E.164 start with '+' and get the prefix too: Excel would otherwise evaluate
    '+33612345678' as a number and drop the '+'. Full-width signs (``＝HYPERLINK(``), which
    some spreadsheets read as their ASCII forms, count too;
    control characters (escape, bell…) are removed.
    """
    value = _CONTROL.sub("", value)
    first = unicodedata.normalize("NFKC", value[:1])  # ＝ and ＋ count as = and +
    return (
        "'" + value
        if value.startswith(_FORMULA_TRIGGERS) or (first and first in _FORMULA_TRIGGERS)
        else value
    )


def _sources(record: Mapping[str, Any]) -> str:
    seen: list[str] = []
    for entry in record["provenance"]:
        label = entry["file"] + (f" #{entry['record']}" if entry["record"] else "")
        if label not in seen:
            seen.append(label)
    return MULTI_VALUE_SEPARATOR.join(seen)


def csv_row(record: Mapping[str, Any]) -> list[str]:
    """The CSV cells of one contact record, in ``CSV_COLUMNS`` order, already made safe."""
    join = MULTI_VALUE_SEPARATOR.join
    cells: dict[str, Any] = {
        **record,
        "emails": join(record["emails"]),
        "phones": join(record["phones"]),
        "urls": join(record["urls"]),
        "handles": join(f"{h['kind']}:{h['value']}" for h in record["handles"]),
        "tags": join(record["tags"]),
        "owner": record["owner"] or "",
        "sources": _sources(record),
    }
    return [spreadsheet_safe(str(cells[column])) for column in CSV_COLUMNS]


def write_csv(out: TextIO, contacts: Iterable[Contact]) -> int:
    """A header row then one row per contact; starts with a UTF-8 BOM so Excel reads accents."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for contact in contacts:
        writer.writerow(csv_row(contact_record(contact)))
        count += 1
    return count


EXPORT_FORMATS: dict[str, Callable[[TextIO, Iterable[Contact]], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "vcf": write_vcards,
}


def export_contacts(
    *,
    fmt: str,
    out: TextIO,
    filters: ContactFilter | None = None,
    include_merged: bool = False,
) -> int:
    """Write the contacts matching ``filters`` (all by default) to ``out`` in ``fmt``.

    Returns how many contacts were written.
    """
    writer = EXPORT_FORMATS.get(fmt)
    if writer is None:
        raise InvalidInput(
            {
                "format": f"Unknown format '{fmt}': use one of {', '.join(EXPORT_FORMATS)}."
            }
        )
    return writer(out, contacts_for_export(filters, include_merged=include_merged))
