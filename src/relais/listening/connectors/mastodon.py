"""Mastodon's REST API (docs.joinmastodon.org/methods): a hashtag timeline, an account's
statuses, the mentions of the brand's account (notifications, with an access token) or a
search of statuses (token; where the instance allows full-text search).

``source.url`` is the instance (https://mastodon.social); ``config`` says what to read:
``{"tag": "relais"}``, ``{"account": "relais"}``, ``{"mentions": true, "token": "…"}`` or
``{"search": "relais crm", "token": "…"}``. The cursor is the newest status id seen
(``since_id``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ..text import html_to_text
from . import Batch, Item, SourceError, SourceSpec
from .jsonapi import get_json, when


def item_of(status: dict[str, Any], instance_host: str) -> Item:
    account = status.get("account") or {}
    acct = account.get("acct", "")
    handle = f"@{acct}" if "@" in acct else f"@{acct}@{instance_host}" if acct else ""
    text = html_to_text(status.get("content") or "")
    if status.get("spoiler_text"):
        text = f"{status['spoiler_text']}\n{text}"
    return Item(
        guid=status.get("uri") or str(status.get("id", "")),
        url=status.get("url") or status.get("uri") or "",
        text=text,
        author_name=account.get("display_name") or account.get("username", ""),
        author_handle=handle,
        author_url=account.get("url", ""),
        published_at=when(status.get("created_at")),
        updated_at=when(status.get("edited_at")) or when(status.get("created_at")),
    )


class MastodonConnector:
    def fetch(self, source: SourceSpec, cursor: str) -> Batch:
        base = source.url.rstrip("/")
        host = urlsplit(base).hostname or ""
        config = source.config
        token = str(config.get("token", ""))
        since = {"since_id": cursor} if cursor else {}
        statuses: list[dict[str, Any]]
        if config.get("tag"):
            tag = quote(str(config["tag"]).lstrip("#"))
            statuses = get_json(
                f"{base}/api/v1/timelines/tag/{tag}?{urlencode({'limit': 40, **since})}",
                token=token,
            )
        elif config.get("account"):
            account = get_json(
                f"{base}/api/v1/accounts/lookup?{urlencode({'acct': config['account']})}",
                token=token,
            )
            statuses = get_json(
                f"{base}/api/v1/accounts/{quote(str(account['id']))}/statuses?{urlencode({'limit': 40, **since})}",
                token=token,
            )
        elif config.get("mentions"):
            query = urlencode({"types[]": "mention", "limit": 40, **since})
            notes = get_json(f"{base}/api/v1/notifications?{query}", token=token)
            statuses = [
                n["status"]
                for n in notes
                if n.get("type") == "mention" and n.get("status")
            ]
            if notes:  # the cursor of notifications is the notification id
                return Batch(
                    items=[item_of(s, host) for s in statuses],
                    cursor=str(notes[0]["id"]),
                )
        elif config.get("search"):
            query = urlencode({"q": config["search"], "type": "statuses", "limit": 40})
            statuses = get_json(f"{base}/api/v2/search?{query}", token=token).get(
                "statuses", []
            )
        else:
            raise SourceError(
                "a Mastodon source needs a tag, an account, mentions or a search"
            )
        if not isinstance(statuses, list):
            raise SourceError(
                "Mastodon answered something that is not a list of statuses"
            )
        newest = max(
            (str(s.get("id", "")) for s in statuses),
            key=lambda i: (len(i), i),
            default="",
        )
        return Batch(items=[item_of(s, host) for s in statuses], cursor=newest)
