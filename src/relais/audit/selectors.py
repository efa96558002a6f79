"""Reads on the audit log: the global log (admins) and one contact's history of changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """What the audit pages and the API filter on; empty values filter nothing."""

    actor: str = ""  # the actor's email, or "system"
    action: str = (
        ""  # exact ("contact.update") or a prefix ending with a dot ("contact.")
    )
    object_type: str = ""
    since: dt.date | None = None  # first day included, in RELAIS_TIME_ZONE
    until: dt.date | None = None  # last day included
    contact_id: int | None = None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def list_entries(f: AuditFilter) -> QuerySet[AuditEntry]:
    """Entries matching ``f``, newest first."""
    qs = AuditEntry.objects.select_related("actor")
    if f.contact_id is not None:
        qs = qs.filter(contact_id=f.contact_id)
    if f.actor:
        qs = qs.filter(actor_label=f.actor.strip().lower())
    if f.action:
        qs = (
            qs.filter(action__startswith=f.action)
            if f.action.endswith(".")
            else qs.filter(action=f.action)
        )
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.since is not None:
        qs = qs.filter(at__gte=_start_of(f.since))
    if f.until is not None:
        qs = qs.filter(at__lt=_start_of(f.until + dt.timedelta(days=1)))
    return qs.order_by("-at", "-id")


def choices(contact_id: int | None = None) -> dict[str, list[str]]:
    """The actors, actions and object types present, for the filter menus."""
    qs = AuditEntry.objects.all()
    if contact_id is not None:
        qs = qs.filter(contact_id=contact_id)

    def distinct(field: str) -> list[str]:
        return sorted(
            v for v in qs.order_by().values_list(field, flat=True).distinct() if v
        )

    return {
        "actors": distinct("actor_label"),
        "actions": distinct("action"),
        "object_types": distinct("object_type"),
    }
