"""Template filters of the duplicates pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.934 → "93%" ("93 %" in French), 0.9956 → "99.6%" (never "100 %" short of certainty), in the
    reader's number format."""
    if value is None:
        return ""
    # French puts a (no-break) space before "%", English none: "93 %" / "93%".
    sign = "\u00a0%" if get_language() == "fr" else "%"
    if 0.99 <= value < 1:
        return f"{number_format(min(round(value * 100, 1), 99.9), decimal_pos=1)}{sign}"
    return f"{number_format(round(value * 100))}{sign}"


@register.filter
def pair_with(left: Any, right: Any) -> tuple[Any, Any]:
    """``{% for c in a|pair_with:b %}``: loop over the two contacts of a pair."""
    return (left, right)
