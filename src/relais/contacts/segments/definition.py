"""The definition of a segment: versioned JSON, checked before it is saved or evaluated.

    {"version": 1, "match": "all",
     "criteria": [{"field": "tags", "op": "any", "value": ["VIP", "Salon 2026"]},
                  {"field": "last_interaction", "op": "not_since", "value": "6m"}]}

``match`` is ``all`` (every criterion) or ``any`` (at least one). Each field has its operators
(``FIELDS``); dates are ISO days (``2026-01-31``) or periods back from today (``30d``, ``2w``,
``6m``, ``1y``), so "nobody has talked to them for 6 months" stays true as time passes. New
criteria (consent, once it exists) are added to ``FIELDS``; a definition names its ``version``
so that a later format can still read the ones saved before it. Pure: no database here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from relais.core.errors import InvalidInput

from ..extensions import SEGMENT_FIELDS

VERSION = 1
MAX_CRITERIA = 30
_PERIOD = re.compile(r"^(\d{1,4})\s*(d|w|m|y|days?|weeks?|months?|years?)$")

STATUSES = ("lead", "prospect", "customer", "partner", "archived")
SOURCE_KINDS = (
    "import", "card", "manual", "api", "cli", "demo", "self-update", "merge",
)  # fmt: skip

# field → operator → kind of value
FIELDS: dict[str, dict[str, str]] = {
    "tags": {"any": "texts", "all": "texts", "none": "texts"},
    "status": {"in": "statuses", "not_in": "statuses"},
    "owner": {"is": "user", "unassigned": "none"},
    "organisation": {"is": "id", "contains": "text", "none": "none"},
    "title": {"contains": "text", "empty": "none"},
    "city": {"is": "text", "contains": "text"},
    "country": {"in": "countries"},
    "created": {"after": "date", "before": "date"},
    "updated": {"after": "date", "before": "date"},
    "last_interaction": {"since": "date", "not_since": "date", "never": "none"},
    "has_email": {"is": "bool"},
    "has_phone": {"is": "bool"},
    "source": {"batch": "id", "kind": "kinds"},
}


@dataclass(frozen=True)
class Criterion:
    field: str
    op: str
    value: Any = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "op": self.op}
        if self.value is not None:
            data["value"] = (
                list(self.value) if isinstance(self.value, tuple) else self.value
            )
        return data


@dataclass(frozen=True)
class Definition:
    match: str = "all"
    criteria: tuple[Criterion, ...] = ()
    version: int = VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "match": self.match,
            "criteria": [c.to_json() for c in self.criteria],
        }


def _text(value: Any, where: str, limit: int = 300) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput({where: "Give a non-empty text."})
    if len(value) > limit:
        raise InvalidInput({where: f"Longer than {limit} characters."})
    if "\x00" in value:
        raise InvalidInput({where: "Text cannot contain NUL characters."})
    return " ".join(value.split())


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not value:
        raise InvalidInput({where: "Give a list of at least one value."})
    if len(value) > 50:
        raise InvalidInput({where: "At most 50 values."})
    return tuple(dict.fromkeys(_text(v, where, 80) for v in value))


def _choices(value: Any, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = _texts(value, where)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidInput(
            {where: f"Unknown value '{unknown[0]}': use {', '.join(allowed)}."}
        )
    return values


def _id(value: Any, where: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
        raise InvalidInput({where: "Give an id (a positive integer)."})
    return value


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
        return value.lower() in ("true", "yes")
    raise InvalidInput({where: "Give true or false."})


def _date(value: Any, where: str) -> str:
    if isinstance(value, str):
        text = value.strip().lower()
        if _PERIOD.match(text):
            number, unit = _PERIOD.match(text).groups()  # type: ignore[union-attr]
            return f"{int(number)}{unit[0]}"
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if 1900 <= day.year <= 2200:
                return day.isoformat()
    raise InvalidInput(
        {
            where: "Give a day (2026-01-31) or a period back from today (30d, 2w, 6m, 1y)."
        }
    )


def _user(value: Any, where: str) -> int | str:
    if isinstance(value, str) and "@" in value:
        return _text(value, where, 254).lower()
    return _id(value, where)


def _value(kind: str, value: Any, where: str) -> Any:
    if kind == "none":
        return None
    if kind == "text":
        return _text(value, where)
    if kind == "texts":
        return _texts(value, where)
    if kind == "statuses":
        return _choices(value, where, STATUSES)
    if kind == "kinds":
        return _choices(value, where, SOURCE_KINDS)
    if kind == "countries":
        codes = tuple(c.upper() for c in _texts(value, where))
        if any(len(c) != 2 or not c.isalpha() for c in codes):
            raise InvalidInput({where: "Give ISO 3166 two-letter country codes."})
        return codes
    if kind == "id":
        return _id(value, where)
    if kind == "bool":
        return _bool(value, where)
    if kind == "date":
        return _date(value, where)
    return _user(value, where)


def all_fields() -> dict[str, dict[str, str]]:
    """``FIELDS`` and the fields upper areas registered (``contacts.extensions``), whose
    values are chosen from a list (kind ``choices``)."""
    return {
        **FIELDS,
        **{name: dict.fromkeys(f.ops, "choices") for name, f in SEGMENT_FIELDS.items()},
    }


def parse_definition(data: Any) -> Definition:
    """Check a definition (a dict, as JSON gives it); errors name the offending field."""
    if not isinstance(data, dict):
        raise InvalidInput({"definition": "Give an object with 'criteria'."})
    unknown = set(data) - {"version", "match", "criteria"}
    if unknown:
        raise InvalidInput({f"definition.{sorted(unknown)[0]}": "Unknown key."})
    version = data.get("version", VERSION)
    if version != VERSION:
        raise InvalidInput(
            {"definition.version": f"Unknown version; this Relais reads {VERSION}."}
        )
    match = data.get("match", "all")
    if match not in ("all", "any"):
        raise InvalidInput({"definition.match": "Use 'all' or 'any'."})
    raw = data.get("criteria", [])
    if not isinstance(raw, list):
        raise InvalidInput({"definition.criteria": "Give a list of criteria."})
    if len(raw) > MAX_CRITERIA:
        raise InvalidInput({"definition.criteria": f"At most {MAX_CRITERIA} criteria."})
    criteria = []
    for i, item in enumerate(raw):
        where = f"definition.criteria.{i}"
        if not isinstance(item, dict):
            raise InvalidInput({where: "Give an object with field, op and value."})
        field = item.get("field")
        fields = all_fields()
        if field not in fields:
            raise InvalidInput(
                {f"{where}.field": f"Unknown field; use one of {', '.join(fields)}."}
            )
        ops = fields[field]
        op = item.get("op")
        if op not in ops:
            raise InvalidInput(
                {f"{where}.op": f"For {field}, use one of {', '.join(ops)}."}
            )
        if field in SEGMENT_FIELDS:
            value = _choices(
                item.get("value"), f"{where}.value", SEGMENT_FIELDS[field].allowed
            )
        else:
            value = _value(ops[op], item.get("value"), f"{where}.value")
        criteria.append(Criterion(field, op, value))
    return Definition(match=match, criteria=tuple(criteria))


def resolve_day(value: str, today: dt.date) -> dt.date:
    """The day a date value stands for: itself, or ``today`` minus the period."""
    found = _PERIOD.match(value)
    if not found:
        return dt.date.fromisoformat(value)
    number, unit = int(found.group(1)), found.group(2)[0]
    if unit == "d":
        return today - dt.timedelta(days=number)
    if unit == "w":
        return today - dt.timedelta(weeks=number)
    months = number * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return dt.date(max(year, 1), month, day)
