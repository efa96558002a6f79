"""Discourse's JSON API (docs.discourse.org): the latest posts of a forum (``/posts.json``)
or of one topic list (``/latest.json`` topics are only titles, so posts are read instead).

``source.url`` is the forum (https://forum.example.org); an API key is optional
(``config = {"api_key": "…", "api_username": "system"}``) for private categories.
"""

from __future__ import annotations

from typing import Any

from relais.core import outbound

from ..text import html_to_text
from . import Batch, Item, SourceError, SourceSpec
from .jsonapi import when


def item_of(post: dict[str, Any], base: str) -> Item:
    username = post.get("username", "")
    url = f"{base}/t/{post.get('topic_slug', 'topic')}/{post.get('topic_id')}/{post.get('post_number', 1)}"
    return Item(
        guid=f"discourse-post:{post.get('id')}",
        url=url,
        title=post.get("topic_title", ""),
        text=html_to_text(post.get("cooked") or post.get("raw") or ""),
        author_name=post.get("name") or username,
        author_handle=username,
        author_url=f"{base}/u/{username}" if username else "",
        published_at=when(post.get("created_at")),
        updated_at=when(post.get("updated_at")),
    )


class DiscourseConnector:
    def fetch(self, source: SourceSpec, cursor: str) -> Batch:
        import json

        base = source.url.rstrip("/")
        headers = {"Accept": "application/json"}
        if source.config.get("api_key"):
            headers["Api-Key"] = str(source.config["api_key"])
            headers["Api-Username"] = str(source.config.get("api_username", "system"))
        reply = outbound.fetch(f"{base}/posts.json", headers=headers)
        if reply.status >= 400:
            raise SourceError(f"Discourse answered HTTP {reply.status}")
        try:
            posts = json.loads(reply.content)["latest_posts"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SourceError(
                f"Discourse answered something without latest_posts ({exc})"
            ) from None
        items = [item_of(p, base) for p in posts if not p.get("hidden")]
        newest = max((int(p.get("id", 0)) for p in posts), default=0)
        return Batch(items=items, cursor=str(newest) if newest else cursor)
