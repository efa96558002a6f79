"""The segment builder's rows: labels, widgets per kind of value, and the form ↔ JSON mapping.

Each criterion is one row of the form, numbered: ``field-N``, ``op-N``, ``value-N``. A row
whose field is empty is ignored, so removing a row (or leaving a new one blank) is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from relais.accounts.models import User
from relais.contacts.extensions import SEGMENT_FIELDS
from relais.contacts.models import Contact, Provenance
from relais.contacts.segments.definition import all_fields

FIELD_LABELS: dict[str, Promise] = {
    "tags": _("Tags"),
    "status": _("Status"),
    "owner": _("Owner"),
    "organisation": _("Organisation"),
    "title": _("Title"),
    "city": _("City"),
    "country": _("Country"),
    "created": _("Created"),
    "updated": _("Updated"),
    "last_interaction": _("Last interaction"),
    "has_email": _("Has an email"),
    "has_phone": _("Has a phone"),
    "source": _("Source"),
    "profile": _("Communication profile"),
}
OP_LABELS: dict[str, Promise] = {
    "any": _("has any of"),
    "all": _("has all of"),
    "none": _("has none of"),
    "in": _("is one of"),
    "not_in": _("is not"),
    "is": _("is"),
    "unassigned": _("is nobody"),
    "contains": _("contains"),
    "empty": _("is empty"),
    "after": _("after"),
    "before": _("before"),
    "since": _("at least once since"),
    "not_since": _("none since"),
    "never": _("never"),
    "batch": _("import batch number"),
    "kind": _("kind is"),
}
# The organisation "none" operator reads better with its own label.
OP_OVERRIDES: dict[tuple[str, str], Promise] = {
    ("organisation", "none"): _("is empty"),
    ("organisation", "is"): _("has the id"),
}


@dataclass
class Row:
    """One criterion row as the template shows it."""

    index: int
    field: str = ""
    op: str = ""
    value: str = ""
    error: str = ""

    @property
    def ops(self) -> list[tuple[str, Promise]]:
        return [
            (op, OP_OVERRIDES.get((self.field, op), OP_LABELS[op]))
            for op in all_fields().get(self.field, {})
        ]

    @property
    def kind(self) -> str:
        ops = all_fields().get(self.field, {})
        return ops.get(self.op) or next(iter(ops.values()), "none")

    @property
    def choices(self) -> list[tuple[str, Any]]:
        """Options of a value chosen from a list (statuses, users, yes/no…)."""
        kind = self.kind
        if kind == "statuses":
            return list(Contact.Status.choices)
        if kind == "kinds":
            return list(Provenance.SourceKind.choices)
        if kind == "choices":
            return [(v, v) for v in SEGMENT_FIELDS[self.field].allowed]
        if kind == "bool":
            return [("true", _("yes")), ("false", _("no"))]
        if kind == "user":
            return [
                (u.email, u.get_full_name() or u.email)
                for u in User.objects.filter(is_active=True).order_by("email")
            ]
        return []


def field_choices() -> list[tuple[str, Promise]]:
    return list(FIELD_LABELS.items())


def rows_from_post(data: QueryDict) -> list[Row]:
    indexes = sorted(
        int(key.split("-", 1)[1])
        for key in data
        if key.startswith("field-") and key.split("-", 1)[1].isdigit()
    )
    return [
        Row(
            index=i,
            field=data.get(f"field-{i}", ""),
            op=data.get(f"op-{i}", ""),
            value=data.get(f"value-{i}", ""),
        )
        for i in indexes[:50]
    ]


def definition_from_rows(rows: list[Row], match: str) -> dict[str, Any]:
    criteria = []
    for row in rows:
        if not row.field:
            continue
        op = (
            row.op
            if row.op in all_fields().get(row.field, {})
            else row.ops[0][0]
            if row.ops
            else row.op
        )
        item: dict[str, Any] = {"field": row.field, "op": op}
        if row.kind != "none":
            item["value"] = row.value
        criteria.append(item)
    return {
        "version": 1,
        "match": match if match in ("all", "any") else "all",
        "criteria": criteria,
    }


def rows_from_definition(definition: dict[str, Any]) -> list[Row]:
    rows = []
    for i, item in enumerate(definition.get("criteria", [])):
        value = item.get("value", "")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        rows.append(Row(index=i, field=item["field"], op=item["op"], value=str(value)))
    return rows


def attach_errors(rows: list[Row], errors: dict[str, str]) -> str:
    """Put each ``definition.criteria.N…`` error on its row; returns what no row took."""
    left = []
    criteria = [r for r in rows if r.field]
    for key, message in errors.items():
        parts = key.split(".")
        if len(parts) >= 3 and parts[1] == "criteria" and parts[2].isdigit():
            position = int(parts[2])
            if position < len(criteria):
                criteria[position].error = message
                continue
        left.append(message)
    return " ".join(left)
