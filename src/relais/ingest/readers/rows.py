"""One table row, through a column mapping, into a person record (or a reason to skip it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

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
    return iter(compile_rows(mapping, source_name)(row, number))


_IGNORE, _EXTRA, _TAGS, _FULL_NAME, _POINT, _FIELD = range(6)
_NAME_KEYS = ("first_name", "middle_name", "last_name", "nickname")


def _clean_cells(row: Sequence[object]) -> list[str]:
    try:
        cells = [c.strip() for c in row]  # type: ignore[attr-defined]
    except AttributeError:  # not all text (a workbook's numbers and dates)
        return [values.clean(c) for c in row]
    # a control character somewhere (or a line break)
    if not "".join(cells).isprintable():
        cells = [values.clean(c) for c in cells]
    return cells


def _split_tags(cache: dict[str, list[str]], value: str) -> list[str]:
    found = cache.get(value)
    if found is None:
        found = values.split_values(value, "tags")
        if len(cache) < 4096:
            cache[value] = found
    return found


def _split_point(value: str, kind: str) -> list[str]:
    """``values.split_values`` for a point, without regexes when there is nothing to split."""
    if (
        ";" in value
        or ":::" in value
        or "\n" in value
        or "," in value
        or "/" in value
        or (kind == records.EMAIL and value.count("@") > 1)
    ):
        return values.split_values(value, kind)
    return [value]  # already stripped and not empty


def compile_rows(
    mapping: ColumnMapping, source_name: str
) -> Callable[[Sequence[str], int], list[PersonRecord | Skipped]]:
    """``build_person`` for one table: the mapping is resolved once, then applied per row.

    Returns the items ``build_person`` yields for a row (``Skipped`` first, then the record).
    """
    by_header = mapping.positions
    plan: list[tuple[int, int, str, str, str, int]] = []
    for choice in mapping.columns:
        target = choice.target
        column = choice.column or f"(column {choice.index + 1})"
        if target.field == "ignore":
            continue
        if target.field == "extra":
            action = _EXTRA
        elif target.field == "tags":
            action = _TAGS
        elif target.field == "full_name":
            action = _FULL_NAME
        elif target.is_point:
            action = _POINT
        else:
            action = _FIELD
        label_at = by_header.get(target.label_column, -1) if target.is_point else -1
        plan.append(
            (choice.index, action, column, target.field, target.label, label_at)
        )
    width = len(mapping.columns)
    labels: dict[str, tuple[str, bool]] = {}
    tag_cache: dict[str, list[str]] = {}

    def build(row: Sequence[str], number: int) -> list[PersonRecord | Skipped]:
        cells = _clean_cells(row)
        if not any(cells):
            return []
        count = len(cells)
        fields: dict[str, str] = {}
        extra: dict[str, str] = {}
        tags: list[str] = []
        points: list[Point] = []
        seen_points: set[tuple[str, str]] = set()
        problems: list[PersonRecord | Skipped] = []
        full_name = ""
        for index, action, column, field, label, label_at in plan:
            value = cells[index] if index < count else ""
            if not value:
                continue
            if action == _POINT:
                primary = False
                if label_at >= 0:
                    raw = cells[label_at] if label_at < count else ""
                    cached = labels.get(raw)
                    if cached is None:
                        cached = labels[raw] = _label(raw)
                    label, primary = cached
                for item in _split_point(value, field):
                    kind = values.url_kind(item) if field == records.URL else field
                    if kind == records.EMAIL:
                        problem = "" if "@" in item else misplaced(kind, item)
                    elif "@" in item or kind == records.PHONE:
                        problem = misplaced(kind, item)
                    else:
                        problem = ""  # no @: not an email; no digits needed
                    if problem:
                        problems.append(Skipped(source_name, number, column, problem))
                    elif (kind, item) not in seen_points:
                        seen_points.add((kind, item))
                        points.append(Point(kind, item, label, primary))
            elif action == _FIELD:
                if fields.get(field, value) != value:
                    extra[column] = value  # a second column for the same field
                else:
                    fields[field] = value
            elif action == _TAGS:
                for tag in _split_tags(tag_cache, value):
                    if tag not in tags:
                        tags.append(tag)
            elif action == _EXTRA:
                extra[column] = value
            else:
                full_name = full_name or value
        for extra_index in range(width, count):
            if cells[extra_index]:
                extra[f"(column {extra_index + 1})"] = cells[extra_index]
        if full_name or "display_name" in fields:
            finish_names(fields, full_name)
        else:
            for key in _NAME_KEYS:
                if key in fields:
                    fields[key] = name_case(fields[key])
        record = PersonRecord(source_name, number, fields, points, tags, extra)
        if points or any(fields.get(k) for k in _IDENTITY):
            problems.append(record)
        else:
            problems.append(
                Skipped(
                    source_name, number, "", "no name, email, phone or organisation"
                )
            )
        return problems

    return build
