"""Template helpers of the web UI: icons, avatars, relative dates, phone numbers."""

from __future__ import annotations

import datetime as dt
import hashlib

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import format_phone
from relais.ingest.models import ImportBatch
from relais.web import icons
from relais.web.display import point_display

register = template.Library()


@register.simple_tag(name="icon")
def icon_tag(name: str, size: int = 16, css_class: str = "") -> SafeString:
    return icons.icon(name, size, css_class)


@register.filter
def point_text(point: ContactPoint) -> str:
    """A contact point as people read it (see ``display.point_display``)."""
    return point_display(point)


@register.filter
def initials(name: str) -> str:
    """'Hélène Lefèvre' → 'HL'; a single word gives its first letter."""
    words = [w for w in str(name).replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.filter
def hue(name: str) -> int:
    """A stable hue (0–359) per name, so a person keeps the same avatar colour everywhere."""
    return int(hashlib.sha256(str(name).encode()).hexdigest()[:4], 16) % 360


@register.filter
def ago(value: dt.datetime | None) -> str:
    """'3 days ago', 'just now' — the largest unit only, translated."""
    if value is None:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value, depth=1)}


@register.filter
def due(value: dt.date | None) -> str:
    """How a due date reads next to a task: 'Today', 'Tomorrow', '3 days late', 'in 5 days'."""
    if value is None:
        return _("No due date")
    days = (value - timezone.localdate()).days
    if days == 0:
        return _("Today")
    if days == 1:
        return _("Tomorrow")
    if days == -1:
        return _("Yesterday")
    if days < 0:
        return ngettext("%(n)d day late", "%(n)d days late", -days) % {"n": -days}
    return ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}


@register.filter
def due_state(value: dt.date | None) -> str:
    """CSS modifier for a due date: overdue, today, soon or later."""
    if value is None:
        return "none"
    days = (value - timezone.localdate()).days
    return (
        "overdue"
        if days < 0
        else "today"
        if days == 0
        else "soon"
        if days <= 3
        else "later"
    )


@register.filter
def phone(value: str) -> str:
    return format_phone(value)


@register.filter
def primary_point(contact: Contact, kind: str) -> ContactPoint | None:
    """The primary (else first) valid point of ``kind``, read from prefetched points."""
    points = [
        p for p in contact.points.all() if p.kind == kind and p.invalid_since is None
    ]
    return next((p for p in points if p.is_primary), points[0] if points else None)


@register.filter
def language_name(code: str) -> str:
    """'fr' → 'French' (in the UI language); an unknown code is shown as it is."""
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@register.filter
def skipped_count(batch: ImportBatch) -> int:
    """Records and values an import left out, as ``relais import --list`` counts them."""
    stats = batch.stats or {}
    return int(stats.get("records_skipped") or 0) + int(
        stats.get("fields_skipped") or 0
    )
