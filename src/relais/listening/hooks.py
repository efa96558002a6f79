"""Callbacks run after a poll stored new mentions, for the areas above listening.

Listening never imports its subscribers: an upper area (customer service, for instance)
registers a callable in its ``AppConfig.ready`` and receives the new, labelled and linked
mentions of each batch.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Mention, Source

MentionsStored = Callable[[Source, list[Mention]], None]
_subscribers: list[MentionsStored] = []


def on_mentions_stored(callback: MentionsStored) -> None:
    """Call ``callback(source, new_mentions)`` after each stored batch (once per callable)."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def mentions_stored(source: Source, mentions: list[Mention]) -> None:
    if mentions:
        for callback in list(_subscribers):
            callback(source, mentions)
