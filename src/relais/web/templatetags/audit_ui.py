"""Audit entries for people: the action as a sentence, the actor by name (relais.audit.display)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from relais.audit.display import action_text, object_label
from relais.audit.models import AuditEntry

register = template.Library()


@register.filter
def action_sentence(code: str) -> str:
    return action_text(code)


@register.filter
def actor_name(entry: AuditEntry) -> str:
    """The user's name when known, else the label kept at the time ("system" translated)."""
    if entry.actor_label == "system":
        return _("system")
    actor = entry.actor
    return (actor.get_full_name() if actor else "") or entry.actor_label


@register.filter
def object_name(object_type: str) -> str:
    return object_label(object_type)
