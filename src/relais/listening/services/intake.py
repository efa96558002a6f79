"""The one path a batch of heard items takes, whatever brought it (a poll, the webhook, the
demo): stored with deduplication, linked to contacts, then announced to the areas above
(customer service opens tickets from complaints) through ``hooks.on_mentions_linked``."""

from __future__ import annotations

from ..connectors import Item
from ..hooks import mentions_linked
from ..models import Source
from .linking import Candidate, link_mentions
from .store import Stored, store_items


def take_in(
    source: Source, items: list[Item], names: dict[str, list[Candidate]] | None = None
) -> Stored:
    """Store ``items`` for ``source``, link the new mentions, tell the subscribers."""
    stored = store_items(source, items)
    link_mentions(stored.new, names)
    mentions_linked(source, stored.new)
    return stored
