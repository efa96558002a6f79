"""Adding and listing sources. The kind is recognised from the content when not given."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from relais.accounts.models import User
from relais.accounts.services import ensure_can_write
from relais.audit import services as audit
from relais.core import outbound
from relais.core.errors import InvalidInput, NotFound, RelaisError

from ..connectors import SourceError
from ..connectors.feeds import parse
from ..models import Source

KINDS = [k.value for k in Source.Kind]


def detect_kind(url: str) -> tuple[str, str, str]:
    """(kind, url to keep, suggested name) from what ``url`` serves."""
    try:
        reply = outbound.fetch(url)
    except RelaisError as exc:
        raise InvalidInput({"url": exc.message}) from None
    if reply.status >= 400:
        raise InvalidInput({"url": f"{url} answered HTTP {reply.status}"})
    host = urlsplit(reply.url).hostname or url
    body = reply.content.lstrip()
    if body[:1] in (b"{", b"["):
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict) and ("latest_posts" in data or "topic_list" in data):
            parts = urlsplit(reply.url)
            return Source.Kind.DISCOURSE, f"{parts.scheme}://{parts.netloc}", host
        raise InvalidInput({"url": "JSON that is not a Discourse forum: give --kind"})
    try:
        parsed, _ = parse(reply.content)
    except SourceError as exc:
        raise InvalidInput(
            {"url": f"not a feed ({exc.message}); give --kind"}
        ) from None
    if not parsed.version:
        raise InvalidInput(
            {"url": "neither RSS nor Atom nor a Discourse forum; give --kind"}
        )
    name = parsed.feed.get("title") or host
    if b"youtube.com/xml/schemas/2015" in reply.content:
        return Source.Kind.YOUTUBE, url, name
    return (
        (Source.Kind.ATOM if parsed.version.startswith("atom") else Source.Kind.RSS),
        url,
        name,
    )


def add_source(
    *,
    actor: User | None,
    url: str,
    kind: str = "",
    name: str = "",
    config: dict[str, Any] | None = None,
    interval_minutes: int | None = None,
) -> Source:
    """A new source; without ``kind`` the URL is fetched and its content says what it is."""
    ensure_can_write(actor)
    errors: dict[str, str] = {}
    if kind and kind not in KINDS:
        errors["kind"] = f"unknown kind {kind!r}; one of {', '.join(KINDS)}"
    if kind != Source.Kind.WEBHOOK and urlsplit(url).scheme not in ("http", "https"):
        errors["url"] = f"{url!r} is not an http(s) address"
    if interval_minutes is not None and interval_minutes < 1:
        errors["interval"] = "at least 1 minute"
    if errors:
        raise InvalidInput(errors)
    suggested = ""
    if not kind:
        kind, url, suggested = detect_kind(url)
    name = (name or suggested or urlsplit(url).hostname or kind).strip()[:200]
    if Source.objects.filter(name=name).exists():
        raise InvalidInput({"name": f"a source is already named {name!r}; give --name"})
    with transaction.atomic():
        source = Source.objects.create(
            name=name,
            kind=kind,
            url=url,
            config=config or {},
            interval_minutes=interval_minutes,
        )
        audit.record(
            actor=actor,
            action="source.add",
            obj=source,
            changes={"kind": kind, "url": url},
        )
    return source


def get_source(name: str) -> Source:
    try:
        return Source.objects.get(name=name)
    except Source.DoesNotExist:
        raise NotFound(f"no source named {name!r}") from None
