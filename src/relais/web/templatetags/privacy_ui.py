"""Template filters of the access export page: any stored value shown as readable text."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def readable(value: Any) -> str:
    """Text for a value of the access document: JSON for lists and objects, '—' for empty."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


@register.filter
def sections(document: dict[str, Any]) -> list[tuple[str, Any]]:
    """The list-valued sections of a contact's document (points, notes, interactions…)."""
    return [(k, v) for k, v in document.items() if isinstance(v, list) and k != "tags"]


@register.filter
def basis_label(value: str) -> str:
    """The label of a lawful basis code ('—' when none is recorded)."""
    from relais.privacy.models import LawfulBasis

    return str(dict(LawfulBasis.choices).get(value, "—")) if value else "—"
