"""Hooks: how the areas above contacts take part in what contacts does, without being imported.

contacts is low in the layer order (docs/architecture.md): it must not import matching or
timeline, yet the matching index has to follow every change to a contact, the search index reads
interaction subjects and segments filter on interactions. So contacts offers these small
registries and the upper area fills them from its ``AppConfig.ready``:

- ``on_contacts_changed``: matching refreshes its keys after a change;
- ``add_search_texts``: timeline gives each contact's interaction subjects to the search index;
- ``set_interaction_filter``: timeline tells segments who interacted since a date.

Plain function lists rather than Django signals: handlers are typed, run in order, synchronously,
in the caller's transaction, and an exception in one is not swallowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from django.db.models import Exists

ContactsChanged = Callable[[Sequence[int]], None]

_contacts_changed: list[ContactsChanged] = []


def on_contacts_changed(handler: ContactsChanged) -> ContactsChanged:
    """Call ``handler(contact_ids)`` after contacts were created, changed or removed."""
    if handler not in _contacts_changed:
        _contacts_changed.append(handler)
    return handler


def contacts_changed(contact_ids: Sequence[int]) -> None:
    """Tell every subscriber that these contacts changed."""
    for handler in list(_contacts_changed):
        handler(contact_ids)


SearchTexts = Callable[[Sequence[int]], Mapping[int, Sequence[str]]]
_search_texts: list[SearchTexts] = []


def add_search_texts(provider: SearchTexts) -> SearchTexts:
    """``provider(contact_ids)`` returns more text to index per contact, most relevant first."""
    if provider not in _search_texts:
        _search_texts.append(provider)
    return provider


def search_texts(contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """The texts every provider gives for these contacts, in the providers' order."""
    texts: dict[int, list[str]] = {}
    for provider in _search_texts:
        for contact_id, more in provider(contact_ids).items():
            texts.setdefault(contact_id, []).extend(more)
    return texts


InteractionFilter = Callable[[dt.datetime | None], Exists]
_interaction_filter: list[InteractionFilter] = []


def set_interaction_filter(build: InteractionFilter) -> InteractionFilter:
    """``build(since)``: an ``Exists`` on the outer contact that has an interaction since then."""
    _interaction_filter[:] = [build]
    return build


def interacted(since: dt.datetime | None) -> Exists:
    """Contacts with an interaction (since ``since`` when given), from the area that has them."""
    if not _interaction_filter:
        raise RuntimeError(
            "No area provides interactions (is relais.timeline installed?)."
        )
    return _interaction_filter[0](since)
