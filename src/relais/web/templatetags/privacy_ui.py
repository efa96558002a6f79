"""Template filters of the access export page: a readable document, not a database dump."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext as _

from relais.audit.display import catalogue_word
from relais.privacy.services.access import SECTIONS

register = template.Library()

# Derived tables (search text, matching keys, import bookkeeping): in the JSON download, which
# holds everything, but not in the readable page, where they would only be noise.
INTERNAL = frozenset(
    {"contacts.contactsearch", "matching.matchkey", "ingest.importedtaglink"}
)


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
    return [
        (k, v)
        for k, v in document.items()
        if isinstance(v, list) and k != "tags" and k not in INTERNAL
    ]


@register.filter
def basis_label(value: str) -> str:
    """The label of a lawful basis code ('—' when none is recorded)."""
    from relais.privacy.models import LawfulBasis

    return str(dict(LawfulBasis.choices).get(value, "—")) if value else "—"


# Sections of the access document -> the model their rows come from (names, field labels).
_SECTION_MODELS = {
    **{name: label for label, name in SECTIONS.items()},
    "contact": "contacts.contact",
    "interactions": "timeline.interaction",
    "audit": "audit.auditentry",
}


def _model(section: str) -> type[Model] | None:
    try:
        return apps.get_model(_SECTION_MODELS.get(section, section))
    except (LookupError, ValueError):
        return None


def _capital(text: object) -> str:
    value = str(text)
    return value[:1].upper() + value[1:]


@register.filter
def section_title(section: str) -> str:
    """'points' -> 'Contact points' (the model's translated plural name)."""
    model = _model(section)
    if model is None:
        return catalogue_word(_capital(section.replace("_", " ")))
    return catalogue_word(_capital(model._meta.verbose_name_plural))


@register.filter
def labelled(record: dict[str, Any], section: str) -> list[tuple[str, str]]:
    """(field name, value) pairs for people: the model's translated field names, a choice
    shown by its label ('work' -> 'Travail'), anything else as ``readable`` writes it."""
    model = _model(section)
    pairs = []
    for key, value in record.items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(key.removesuffix("_id"))
            except FieldDoesNotExist:
                field = None
        name = getattr(field, "verbose_name", None) or key.replace("_", " ")
        shown = readable(value)
        if isinstance(value, str) and value.isalpha() and len(value) < 24:
            shown = catalogue_word(value)  # a code word such as "work" or "merge"
        choices = dict(getattr(field, "choices", None) or ())
        if isinstance(value, str) and value in choices:
            shown = catalogue_word(str(choices[value]))
        pairs.append((catalogue_word(_capital(name)), shown))
    return pairs
