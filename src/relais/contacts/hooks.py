"""Change hooks: how the areas above contacts hear that contacts changed.

contacts is low in the layer order (docs/architecture.md): it must not import matching, yet the
matching index has to follow every change to a contact. So contacts offers this small registry
and the upper area subscribes from its ``AppConfig.ready`` (matching refreshes its keys). A plain
function list rather than a Django signal: handlers are typed, run in order, synchronously, in
the caller's transaction, and an exception in one is not swallowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
