"""RSS 2.0 and Atom feeds (blogs, YouTube channels, Mastodon @user.rss and tag feeds,
Discourse latest.rss and category feeds, review sites), parsed by ``feedparser``.

Entity declarations are refused with ``defusedxml`` before feedparser sees the bytes (billion
laughs, external entities). A malformed feed is an error of the source; whatever feedparser's
tolerant parser still recovered is kept, so nothing the feed did say is lost.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException

from relais.core import outbound

from ..text import html_to_text
from . import Batch, Item, SourceError, SourceSpec

_MASTODON_STATUS = re.compile(r"^/@([A-Za-z0-9_.]+)/\d+")


def conditional_headers(source: SourceSpec) -> dict[str, str]:
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    }
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return headers


def refuse_entities(content: bytes) -> None:
    if b"<!ENTITY" not in content and b"<!entity" not in content:
        return
    try:
        defusedxml.ElementTree.fromstring(content)
    except DefusedXmlException as exc:
        raise SourceError(
            f"the feed declares XML entities, refused ({type(exc).__name__})"
        ) from None
    except Exception:  # noqa: S110 - malformed XML is reported by feedparser below
        pass


def parse(content: bytes) -> tuple[Any, str]:
    """The feedparser result, and a warning when the XML was malformed."""
    refuse_entities(content)
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    warning = ""
    if parsed.bozo and not isinstance(
        parsed.bozo_exception, feedparser.CharacterEncodingOverride
    ):
        warning = f"malformed feed: {parsed.bozo_exception}"
        if not parsed.entries:
            raise SourceError(warning)
    return parsed, warning


def _when(entry: Any, key: str) -> dt.datetime | None:
    parsed = dict.get(
        entry, f"{key}_parsed"
    )  # no feedparser fallback (and its warning)
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def _body(entry: Any) -> str:
    if entry.get("content"):
        return html_to_text(entry["content"][0].get("value", ""))
    for key in ("media_description", "summary", "description"):
        if entry.get(key):
            return html_to_text(entry[key])
    return ""


def item_of(entry: Any, feed: Any) -> Item:
    detail = entry.get("author_detail") or feed.get("author_detail") or {}
    link = entry.get("link", "")
    item = Item(
        guid=entry.get("yt_videoid")
        and f"yt:video:{entry['yt_videoid']}"
        or entry.get("id", ""),
        url=link,
        title=html_to_text(entry.get("title", "")),
        text=_body(entry),
        author_name=detail.get("name", "") or entry.get("author", ""),
        author_url=detail.get("href", ""),
        author_email=detail.get("email", ""),
        published_at=_when(entry, "published") or _when(entry, "updated"),
        updated_at=_when(entry, "updated"),
    )
    parts = urlsplit(link)
    if match := _MASTODON_STATUS.match(parts.path):  # a Mastodon status: @user@instance
        item.author_handle = f"@{match.group(1)}@{parts.hostname}"
        item.author_url = (
            item.author_url or f"{parts.scheme}://{parts.hostname}/@{match.group(1)}"
        )
    elif entry.get("yt_channelid"):
        item.author_url = (
            item.author_url
            or f"https://www.youtube.com/channel/{entry['yt_channelid']}"
        )
    return item


class FeedConnector:
    def fetch(self, source: SourceSpec, cursor: str) -> Batch:
        reply = outbound.fetch(source.url, headers=conditional_headers(source))
        if reply.status == 304:
            return Batch(
                not_modified=True, etag=source.etag, last_modified=source.last_modified
            )
        if reply.status >= 400:
            raise SourceError(f"the feed answered HTTP {reply.status}")
        parsed, warning = parse(reply.content)
        return Batch(
            items=[item_of(entry, parsed.feed) for entry in parsed.entries],
            etag=reply.headers.get("etag", ""),
            last_modified=reply.headers.get("last-modified", ""),
            warning=warning,
        )
