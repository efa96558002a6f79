"""Hooks: how the areas above ingest take part in an import without ingest importing them.

ingest sits below privacy in the layer order (docs/architecture.md). Privacy must still keep
erased people out of every import and read freshness signals from imported mail, so it registers
here from ``PrivacyConfig.ready``:

- ``add_people_filter``: drops people from a chunk before it is written (and reports them);
- ``add_message_filter``: the same for messages;
- ``on_messages_imported``: sees the messages a chunk wrote.

Filters run in registration order, synchronously, inside the chunk's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .facts import PersonFacts
    from .readers import MessageRecord
    from .report import ImportReport

PeopleFilter = Callable[[Sequence["PersonFacts"], "ImportReport"], list["PersonFacts"]]
MessageFilter = Callable[
    [Sequence["MessageRecord"], "ImportReport"], list["MessageRecord"]
]
MessagesImported = Callable[[Sequence["MessageRecord"]], object]

_people_filters: list[PeopleFilter] = []
_message_filters: list[MessageFilter] = []
_messages_imported: list[MessagesImported] = []


def add_people_filter(keep: PeopleFilter) -> PeopleFilter:
    """``keep(facts, report)`` returns the people to write; it reports those it drops."""
    if keep not in _people_filters:
        _people_filters.append(keep)
    return keep


def add_message_filter(keep: MessageFilter) -> MessageFilter:
    """``keep(messages, report)`` returns the messages to write; it reports those it drops."""
    if keep not in _message_filters:
        _message_filters.append(keep)
    return keep


def on_messages_imported(handler: MessagesImported) -> MessagesImported:
    """``handler(messages)`` after a chunk's messages were written."""
    if handler not in _messages_imported:
        _messages_imported.append(handler)
    return handler


def filter_people(
    facts: Sequence[PersonFacts], report: ImportReport
) -> list[PersonFacts]:
    kept = list(facts)
    for keep in _people_filters:
        kept = keep(kept, report)
    return kept


def filter_messages(
    messages: Sequence[MessageRecord], report: ImportReport
) -> list[MessageRecord]:
    kept = list(messages)
    for keep in _message_filters:
        kept = keep(kept, report)
    return kept


def messages_imported(messages: Sequence[MessageRecord]) -> None:
    for handler in _messages_imported:
        handler(messages)
