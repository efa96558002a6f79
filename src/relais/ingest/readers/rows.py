"""One table row, through a column mapping, into a person record (or a reason to skip it)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from relais.core.text import fold

from . import records, values
from .mapping import ColumnMapping
from .names import name_case, split_full_name
from .records import PersonRecord, Point, Skipped

_IDENTITY = ("first_name", "last_name", "display_name", "organisation")


def misplaced(kind: str, value: str) -> str:
    """Why ``value`` clearly does not belong in a point of ``kind``; empty if it may."""
    if kind == records.EMAIL and "@" not in value:
        if values.looks_like_phone(value):
            return f"'{value}' looks like a phone number, not an email address"
        return f"'{value}' is not an email address (no @)"
    if kind != records.EMAIL and values.looks_like_email(value):
        return f"'{value}' looks like an email address, not a {kind}"
    if kind == records.PHONE and not any(c.isdigit() for c in value):
        return f"'{value}' has no digits: not a phone number"
    return ""


def _label(raw: str) -> tuple[str, bool]:
    """Google marks the primary value's label with '* ' ('* Work')."""
    raw = raw.strip()
    if raw.startswith("*"):
        return raw.lstrip("* ").strip(), True
    return raw, False


def finish_names(fields: dict[str, str], full_name: str = "") -> None:
    """Name case for names written in capitals; a full name fills what is missing.

    A display name that only repeats first and last name is dropped, so that the pipeline
    composes it from the name-cased parts ("Jean DUPONT" does not stay in capitals).
    """
    for key in ("first_name", "middle_name", "last_name", "nickname"):
        if fields.get(key):
            fields[key] = name_case(fields[key])
    if full_name and not (fields.get("first_name") or fields.get("last_name")):
        civility, first, last = split_full_name(full_name)
        for key, value in (
            ("civility", civility),
            ("first_name", first),
            ("last_name", last),
        ):
            if value and not fields.get(key):
                fields[key] = value
    if fields.get("display_name"):
        display = fold(fields["display_name"])
        first, last = fields.get("first_name", ""), fields.get("last_name", "")
        if display in {fold(f"{first} {last}"), fold(f"{last} {first}")}:
            del fields["display_name"]


def has_identity(record: PersonRecord) -> bool:
    return bool(record.points) or any(record.fields.get(k) for k in _IDENTITY)


def build_person(
    mapping: ColumnMapping,
    row: Sequence[str],
    source_name: str,
    number: int,
) -> Iterator[PersonRecord | Skipped]:
    """The record of one data row, after a ``Skipped`` for each value left out of it."""
    cells = [values.clean(c) for c in row]
    if not any(cells):
        return
    by_header = mapping.positions
    record = PersonRecord(source_name, number)
    problems: list[Skipped] = []
    full_name = ""
    for choice in mapping.columns:
        value = cells[choice.index] if choice.index < len(cells) else ""
        target, column = choice.target, choice.column or f"(column {choice.index + 1})"
        if not value or target.field == "ignore":
            continue
        if target.field == "extra":
            record.extra[column] = value
        elif target.field == "tags":
            record.tags += [
                t for t in values.split_values(value, "tags") if t not in record.tags
            ]
        elif target.field == "full_name":
            full_name = full_name or value
        elif target.is_point:
            label, primary = target.label, False
            if target.label_column in by_header:
                at = by_header[target.label_column]
                label, primary = _label(cells[at] if at < len(cells) else "")
            for item in values.split_values(value, target.field):
                kind = (
                    values.url_kind(item)
                    if target.field == records.URL
                    else target.field
                )
                problem = misplaced(kind, item)
                if problem:
                    problems.append(Skipped(source_name, number, column, problem))
                elif not any(p.kind == kind and p.value == item for p in record.points):
                    record.points.append(Point(kind, item, label, primary))
        elif record.fields.get(target.field, value) != value:
            record.extra[column] = value  # a second column for the same field
        else:
            record.fields[target.field] = value
    for extra_index in range(len(mapping.columns), len(cells)):
        if cells[extra_index]:
            record.extra[f"(column {extra_index + 1})"] = cells[extra_index]
    finish_names(record.fields, full_name)
    yield from problems
    if has_identity(record):
        yield record
    else:
        yield Skipped(source_name, number, "", "no name, email, phone or organisation")
