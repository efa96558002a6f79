"""Bluesky through its XRPC HTTP API (docs.bsky.app): a session opened with an app password
(``com.atproto.server.createSession``), then a search of posts (``app.bsky.feed.searchPosts``)
and/or the account's mentions (``app.bsky.notification.listNotifications``, reason "mention").

``source.url`` is the service (https://bsky.social); ``config`` holds ``handle``,
``app_password`` (an app password, never the account's password), and ``query`` and/or
``mentions: true``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from . import Batch, Item, SourceError, SourceSpec
from .jsonapi import get_json, when


def item_of(post: dict[str, Any]) -> Item:
    author = post.get("author") or {}
    record = post.get("record") or {}
    handle = author.get("handle", "")
    uri = post.get("uri", "")
    rkey = uri.rsplit("/", 1)[-1] if uri else ""
    return Item(
        guid=uri,
        url=f"https://bsky.app/profile/{handle or author.get('did', '')}/post/{rkey}"
        if rkey
        else "",
        text=record.get("text", ""),
        author_name=author.get("displayName") or handle,
        author_handle=handle,
        author_url=f"https://bsky.app/profile/{author.get('did') or handle}",
        published_at=when(record.get("createdAt")) or when(post.get("indexedAt")),
        updated_at=when(post.get("indexedAt")),
    )


class BlueskyConnector:
    def fetch(self, source: SourceSpec, cursor: str) -> Batch:
        base = (source.url or "https://bsky.social").rstrip("/")
        config = source.config
        if not config.get("handle") or not config.get("app_password"):
            raise SourceError("a Bluesky source needs a handle and an app password")
        session = get_json(
            f"{base}/xrpc/com.atproto.server.createSession",
            method="POST",
            body={"identifier": config["handle"], "password": config["app_password"]},
        )
        token = session.get("accessJwt", "")
        items: list[Item] = []
        if config.get("query"):
            query = urlencode({"q": config["query"], "limit": 100, "sort": "latest"})
            found = get_json(
                f"{base}/xrpc/app.bsky.feed.searchPosts?{query}", token=token
            )
            items += [item_of(p) for p in found.get("posts", [])]
        if config.get("mentions"):
            found = get_json(
                f"{base}/xrpc/app.bsky.notification.listNotifications?limit=100",
                token=token,
            )
            items += [
                item_of(n)
                for n in found.get("notifications", [])
                if n.get("reason") == "mention"
            ]
        if not config.get("query") and not config.get("mentions"):
            raise SourceError("a Bluesky source needs a query or mentions: true")
        return Batch(items=items)
