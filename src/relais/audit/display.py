"""How an audit entry reads for people: "changed the contact — Title: CEO → Directrice".

Services record changes in two shapes: ``{field: [old, new]}`` for an update, and
``{field: value}`` for what a creation or an action set (a list of names, such as the tags
added, is a value: see ``LIST_FIELDS``). Both become ``ChangeLine``s whose field is named as
the model names it (its translated verbose name), never by its code; the action code becomes a
short sentence (``ACTIONS``). The templates escape every value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = "∅"
# Fields whose value is a list of things (tags added or removed), never an [old, new] pair.
LIST_FIELDS = frozenset({"added", "removed", "tags", "fields"})

ACTIONS: dict[str, Promise] = {
    "contact.create": gettext_lazy("created the contact"),
    "contact.update": gettext_lazy("changed the contact"),
    "contact.delete": gettext_lazy("deleted the contact"),
    "contact.confirm": gettext_lazy("confirmed the contact's details"),
    "contact.tag": gettext_lazy("tagged the contact"),
    "contact.untag": gettext_lazy("removed a tag"),
    "contact.tags": gettext_lazy("changed the tags"),
    "contact.lawful_basis": gettext_lazy("recorded a lawful basis"),
    "contact.merge": gettext_lazy("merged two contacts"),
    "contact.merged_into": gettext_lazy("merged this contact into another"),
    "contact.merge_undo": gettext_lazy("undid a merge"),
    "contact.not_same": gettext_lazy("marked as not the same person"),
    "point.add": gettext_lazy("added a contact detail"),
    "point.update": gettext_lazy("changed a contact detail"),
    "point.remove": gettext_lazy("removed a contact detail"),
    "point.confirm": gettext_lazy("confirmed a contact detail"),
    "point.invalid": gettext_lazy("marked an address as invalid"),
    "note.add": gettext_lazy("added a note"),
    "note.update": gettext_lazy("changed a note"),
    "note.delete": gettext_lazy("deleted a note"),
    "interaction.add": gettext_lazy("logged an exchange"),
    "interaction.update": gettext_lazy("changed an exchange"),
    "interaction.delete": gettext_lazy("deleted an exchange"),
    "task.create": gettext_lazy("added a task"),
    "task.done": gettext_lazy("completed a task"),
    "task.delete": gettext_lazy("deleted a task"),
    "tag.create": gettext_lazy("created a tag"),
    "tag.rename": gettext_lazy("renamed a tag"),
    "tag.delete": gettext_lazy("deleted a tag"),
    "organisation.create": gettext_lazy("created an organisation"),
    "organisation.update": gettext_lazy("changed an organisation"),
    "organisation.delete": gettext_lazy("deleted an organisation"),
    "segment.create": gettext_lazy("created a segment"),
    "segment.update": gettext_lazy("changed a segment"),
    "segment.delete": gettext_lazy("deleted a segment"),
    "template.create": gettext_lazy("created a template"),
    "template.update": gettext_lazy("changed a template"),
    "template.delete": gettext_lazy("deleted a template"),
    "campaign.create": gettext_lazy("created a campaign"),
    "campaign.start": gettext_lazy("started a campaign"),
    "campaign.pause": gettext_lazy("paused a campaign"),
    "campaign.resume": gettext_lazy("resumed a campaign"),
    "outreach.unsubscribe": gettext_lazy("unsubscribed"),
    "import.run": gettext_lazy("imported files"),
    "import.undo": gettext_lazy("undid an import"),
    "privacy.erase": gettext_lazy("erased a person"),
    "privacy.access_export": gettext_lazy("exported everything held on a person"),
    "self_update.link": gettext_lazy("made a self-update link"),
    "self_update.proposed": gettext_lazy("sent corrections to review"),
    "self_update.applied": gettext_lazy("corrected their own details"),
    "self_update.rejected": gettext_lazy("rejected a self-update"),
    "user.create": gettext_lazy("added a user"),
    "user.password": gettext_lazy("changed a password"),
    "user.language": gettext_lazy("changed their language"),
    "user.handover": gettext_lazy("handed over a user's contacts and tasks"),
    "token.create": gettext_lazy("created an API token"),
    "token.revoke": gettext_lazy("revoked an API token"),
    "digest.on": gettext_lazy("changed the daily digest"),
    "calendar.reset": gettext_lazy("reset the calendar link"),
}


@dataclass(frozen=True)
class ChangeLine:
    field: str
    old: str | None  # None: the entry records a value set, not a change
    new: str


def catalogue_word(text: str) -> str:
    """``text`` in the page's language when the catalogue already translates it (a key such as
    "reason" or "emails" that is no model field, a plural the model does not name), else as it is.
    """
    return _(text) if text else text


def action_text(code: str) -> str:
    """'task.create' -> 'added a task' (in the current language); an unknown code as it is."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def field_label(object_type: str, field: str) -> str:
    """The model's own (translated) name for ``field`` of ``object_type``, capitalised."""
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            try:
                name = getattr(model._meta.get_field(field), "verbose_name", None)
            except FieldDoesNotExist:
                break
            if name is None:  # a reverse relation ("points" of a contact) has no name
                break
            return catalogue_word(str(name)[:1].upper() + str(name)[1:])
    return catalogue_word(field.replace("_", " ").capitalize())


def object_label(object_type: str) -> str:
    """'contactpoint' -> 'Contact point' (the model's translated name)."""
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            name = str(model._meta.verbose_name)
            return name[:1].upper() + name[1:]
    return object_type


def _criteria(value: dict[str, Any]) -> str:
    parts = []
    for criterion in value.get("criteria", []):
        target = criterion.get("value")
        shown = ", ".join(map(str, target)) if isinstance(target, list) else target
        parts.append(f"{criterion.get('field')} {criterion.get('op')} {shown}")
    return "; ".join(parts) or EMPTY


def _text(value: Any) -> str:
    if value is None or value == "" or value == "None":
        return EMPTY
    if isinstance(value, str):
        # A status or kind code ("merged", "pending") reads in the page's language.
        return catalogue_word(value) if value.isalpha() and len(value) < 24 else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value) or EMPTY
    if isinstance(value, dict) and "criteria" in value:
        return _criteria(value)  # a segment's definition
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def change_lines(changes: Any, object_type: str = "") -> list[ChangeLine]:
    """One line per field of ``changes``, in field order, the field named for people."""
    if not isinstance(changes, dict):
        return [ChangeLine("", None, _text(changes))] if changes else []
    lines = []
    for field, value in changes.items():
        label = field_label(object_type, str(field))
        if isinstance(value, list) and len(value) == 2 and field not in LIST_FIELDS:
            lines.append(ChangeLine(label, _text(value[0]), _text(value[1])))
        else:
            lines.append(ChangeLine(label, None, _text(value)))
    return lines
