"""Hooks upper areas subscribe to, so listening never imports them (docs/architecture.md).

- ``mentions_stored`` (a Django signal) is sent by ``store_items`` after each stored batch,
  with ``mentions``: the new and edited ones (community counts contributions from it).
- ``on_mentions_linked(callback)`` registers ``callback(source, new_mentions)``, run by a poll
  once the batch's new mentions are labelled and linked to contacts (customer service opens
  tickets from it). Subscribers register in their ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from .models import Mention, Source

mentions_stored = Signal()

MentionsLinked = Callable[["Source", list["Mention"]], None]
_linked_subscribers: list[MentionsLinked] = []


def on_mentions_linked(callback: MentionsLinked) -> None:
    """Call ``callback(source, new_mentions)`` after each polled batch (once per callable)."""
    if callback not in _linked_subscribers:
        _linked_subscribers.append(callback)


def mentions_linked(source: Source, mentions: list[Mention]) -> None:
    if mentions:
        for callback in list(_linked_subscribers):
            callback(source, mentions)
