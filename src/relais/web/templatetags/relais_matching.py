"""Template filters of the duplicates pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.934 → "93 %" (in the reader's number format)."""
    if value is None:
        return ""
    return f"{number_format(round(value * 100))} %"


@register.filter
def pair_with(left: Any, right: Any) -> tuple[Any, Any]:
    """``{% for c in a|pair_with:b %}``: loop over the two contacts of a pair."""
    return (left, right)
