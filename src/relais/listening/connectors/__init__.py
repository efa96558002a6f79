"""Connectors: one module per kind of source, all behind ``Connector.fetch``.

A connector reads what a source published since ``cursor`` and returns plain ``Item``s; it
never touches the database (the poll service stores them, deduplicated). Every request goes
through ``relais.core.outbound.fetch``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from relais.core.errors import RelaisError


class SourceError(RelaisError):
    """A source answered something unusable (malformed feed, API error)."""


@dataclass
class Item:
    guid: str = ""
    url: str = ""
    title: str = ""
    text: str = ""
    author_name: str = ""
    author_handle: str = ""
    author_url: str = ""
    author_email: str = ""
    published_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass
class Batch:
    items: list[Item] = field(default_factory=list)
    cursor: str = ""  # kept for the next fetch ("" keeps the previous one)
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    warning: str = ""  # a problem worth recording although items came back


@dataclass
class SourceSpec:
    """What a connector needs to know about a source (no model instance: connectors are pure)."""

    kind: str
    url: str
    config: dict[str, Any] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""


class Connector(Protocol):
    def fetch(self, source: SourceSpec, cursor: str) -> Batch:
        """Items published since ``cursor``, and the cursor to give next time."""
        ...


def connector_for(kind: str) -> Connector:
    from . import bluesky, discourse, feeds, mastodon

    table: dict[str, Connector] = {
        "rss": feeds.FeedConnector(),
        "atom": feeds.FeedConnector(),
        "youtube": feeds.FeedConnector(),
        "mastodon": mastodon.MastodonConnector(),
        "discourse": discourse.DiscourseConnector(),
        "bluesky": bluesky.BlueskyConnector(),
    }
    try:
        return table[kind]
    except KeyError:
        raise SourceError(f"no connector polls sources of kind {kind!r}") from None
