"""How an audit entry's ``changes`` read for people: "title: CEO → Directrice".

Services record changes in two shapes: ``{field: [old, new]}`` for an update, and
``{field: value}`` for what a creation or an action set (a list of names, such as the tags
added, is a value: see ``LIST_FIELDS``). Both become ``ChangeLine``s; the templates escape
every value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

EMPTY = "∅"
# Fields whose value is a list of things (tags added or removed), never an [old, new] pair.
LIST_FIELDS = frozenset({"added", "removed", "tags", "fields"})


@dataclass(frozen=True)
class ChangeLine:
    field: str
    old: str | None  # None: the entry records a value set, not a change
    new: str


def _text(value: Any) -> str:
    if value is None or value == "" or value == "None":
        return EMPTY
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value) or EMPTY
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def change_lines(changes: Any) -> list[ChangeLine]:
    """One line per field of ``changes``, in field order."""
    if not isinstance(changes, dict):
        return [ChangeLine("", None, _text(changes))] if changes else []
    lines = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2 and field not in LIST_FIELDS:
            lines.append(ChangeLine(str(field), _text(value[0]), _text(value[1])))
        else:
            lines.append(ChangeLine(str(field), None, _text(value)))
    return lines
