"""Two contacts side by side, and the engine's evidence in plain words.

Shared by the review queue page and ``relais dedupe --review``: one row per field with both
values and whether they agree, and each piece of evidence as a sentence in the reader's
language (the engine's English sentence is marked for translation; its placeholders are
filled from ``params`` after translating).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from relais.contacts.models import Contact
from relais.core.text import fold

FIELD_LABELS: dict[str, Any] = {
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "organisation": _("Organisation"),
    "title": _("Job title"),
    "email": _("Emails"),
    "phone": _("Phones"),
    "linkedin": _("LinkedIn"),
    "city": _("City"),
    "country": _("Country"),
    "created_at": _("Created"),
}


@dataclass(frozen=True)
class FieldRow:
    field: str
    label: str
    left: str
    right: str

    @property
    def agrees(self) -> bool:
        return bool(self.left) and fold(self.left) == fold(self.right)

    @property
    def missing(self) -> bool:
        return not self.left or not self.right


def _points(contact: Contact, kind: str) -> str:
    return ", ".join(p.value for p in contact.points.all() if p.kind == kind)


def _values(contact: Contact) -> dict[str, str]:
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "organisation": contact.organisation.name if contact.organisation else "",
        "title": contact.title,
        "email": _points(contact, "email"),
        "phone": _points(contact, "phone"),
        "linkedin": _points(contact, "linkedin"),
        "city": contact.city,
        "country": contact.country,
        "created_at": contact.created_at.strftime("%Y-%m-%d"),
    }


def side_by_side(left: Contact, right: Contact) -> list[FieldRow]:
    """Every field either contact has, with both values."""
    a, b = _values(left), _values(right)
    return [
        FieldRow(name, str(FIELD_LABELS[name]), a[name], b[name])
        for name in FIELD_LABELS
        if a[name] or b[name]
    ]


def evidence_text(evidence: Mapping[str, Any]) -> str:
    """One piece of evidence as a sentence, translated, its placeholders filled."""
    detail = str(evidence.get("detail", ""))
    params = evidence.get("params") or {}
    translated = gettext(detail) if detail else ""
    try:
        return translated % params if params else translated
    except (KeyError, ValueError, TypeError):
        try:
            return detail % params
        except (KeyError, ValueError, TypeError):
            return detail


def weight_words(weight: float) -> str:
    """How much a piece of evidence counts, in words."""
    size = abs(weight)
    if size >= 6:
        words = gettext("strongly")
    elif size >= 2:
        words = gettext("clearly")
    else:
        words = gettext("slightly")
    if weight >= 0:
        return gettext("%(how)s for the same person") % {"how": words}
    return gettext("%(how)s against") % {"how": words}
