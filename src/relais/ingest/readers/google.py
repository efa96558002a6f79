"""Google Contacts CSV, in the current export format and the older "Google CSV" one.

Current: "First Name", "Last Name", "Organization Name", "E-mail 1 - Label", "E-mail 1 - Value",
"Labels"…; older: "Name", "Given Name", "Family Name", "E-mail 1 - Type", "Organization 1 - Name",
"Group Membership"…. A cell may hold several values joined by " ::: "; a label starting with
"* " marks the primary value ("* Work"), and labels such as "* myContacts" or "* starred" are
Google's own, not the user's tags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from relais.core.text import fold

from . import mapping
from .mapping import ColumnMapping, Target
from .records import PersonRecord

_PLAIN = {
    "First Name": "first_name",
    "Given Name": "first_name",
    "Middle Name": "middle_name",
    "Additional Name": "middle_name",
    "Last Name": "last_name",
    "Family Name": "last_name",
    "Name": "display_name",
    "Nickname": "nickname",
    "Name Prefix": "civility",
    "Organization Name": "organisation",
    "Organization Title": "title",
    "Organization Department": "department",
    "Birthday": "birthday",
    "Notes": "note",
    "Language": "language",
    "Labels": "tags",
    "Group Membership": "tags",
    "Photo": "ignore",
}
_NUMBERED = re.compile(r"^(E-mail|Phone|Website|Address|Organization) (\d+) - (.+)$")
_PARTS = {
    ("E-mail", "Value"): "email",
    ("Phone", "Value"): "phone",
    ("Website", "Value"): "url",
    ("Address", "Street"): "address",
    ("Address", "City"): "city",
    ("Address", "Postal Code"): "postal_code",
    ("Address", "Country"): "country",
    ("Organization", "Name"): "organisation",
    ("Organization", "Title"): "title",
    ("Organization", "Department"): "department",
}
_LABEL_PARTS = {"Label", "Type"}
_SYSTEM_LABELS = {
    "mycontacts",
    "my contacts",
    "starred",
    "friends",
    "family",
    "coworkers",
}


def _target(name: str, header: Sequence[str]) -> Target | None:
    if name in _PLAIN:
        return Target(_PLAIN[name])
    match = _NUMBERED.match(name)
    if not match:
        return None
    group, number, part = match.groups()
    if part in _LABEL_PARTS:
        return Target("ignore")
    field = _PARTS.get((group, part))
    if field is None:
        return None
    label_column = next(
        (
            f"{group} {number} - {p}"
            for p in _LABEL_PARTS
            if f"{group} {number} - {p}" in header
        ),
        "",
    )
    return Target(
        field, label_column=label_column if field in {"email", "phone", "url"} else ""
    )


def propose(header: Sequence[str], sample: Sequence[Sequence[str]]) -> ColumnMapping:
    table = {name: t for name in header if (t := _target(name.strip(), header))}
    return mapping.fixed(header, table, "Google Contacts column")


def tidy(record: PersonRecord) -> None:
    """Google's system labels are not tags; a field holding ' ::: ' keeps its first value."""
    record.tags = [
        t
        for t in record.tags
        if not t.startswith("*") and fold(t) not in _SYSTEM_LABELS
    ]
    for key, value in list(record.fields.items()):
        if ":::" in value:
            first, _, rest = value.partition(":::")
            record.fields[key] = first.strip()
            record.extra[key] = rest.strip()


def is_google(header: Sequence[str]) -> bool:
    names = {h.strip() for h in header}
    return bool(
        {
            "E-mail 1 - Value",
            "Phone 1 - Value",
            "Organization 1 - Name",
            "Group Membership",
        }
        & names
        or {"Given Name", "Family Name"} <= names
        or {"Organization Name", "Labels"} <= names
    )
