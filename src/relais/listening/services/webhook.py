"""The generic signed webhook (``POST /api/v1/mentions/webhook``) for anything without a
connector: a site's comments, a review platform, an automation tool.

The body is JSON, one mention or ``{"items": [...]}``; each has ``text`` and optionally
``id``, ``url``, ``title``, ``author`` ``{name, handle, url, email}``, ``published_at``,
``updated_at`` and ``source`` (the name of the webhook source, default "webhook"). The request
carries ``X-Relais-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` keyed with
``RELAIS_WEBHOOK_SECRET``; it is compared in constant time before the body is read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

from relais.core.errors import Forbidden, InvalidInput

from ..connectors import Item
from ..connectors.jsonapi import when
from ..models import Source
from ..text import html_to_text
from .intake import take_in
from .store import Stored

MAX_ITEMS = 500


def check_signature(body: bytes, header: str) -> None:
    secret = settings.RELAIS_WEBHOOK_SECRET
    if not secret:
        raise Forbidden("the webhook is off: set RELAIS_WEBHOOK_SECRET")
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header.strip()):
        raise Forbidden("bad or missing X-Relais-Signature")


def _item(raw: Any, index: int) -> Item:
    if not isinstance(raw, dict):
        raise InvalidInput({f"items[{index}]": "must be an object"})
    author = raw.get("author") or {}
    if not isinstance(author, dict):
        raise InvalidInput({f"items[{index}].author": "must be an object"})
    text = html_to_text(str(raw.get("text") or ""))
    if not text and not raw.get("title"):
        raise InvalidInput(
            {f"items[{index}].text": "a mention needs a text or a title"}
        )
    return Item(
        guid=str(raw.get("id") or ""),
        url=str(raw.get("url") or ""),
        title=str(raw.get("title") or ""),
        text=text,
        author_name=str(author.get("name") or ""),
        author_handle=str(author.get("handle") or ""),
        author_url=str(author.get("url") or ""),
        author_email=str(author.get("email") or ""),
        published_at=when(raw.get("published_at")),
        updated_at=when(raw.get("updated_at")),
    )


def receive(body: bytes, signature: str) -> Stored:
    """Check the signature, then store the mentions the body holds."""
    check_signature(body, signature)
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise InvalidInput({"body": f"not JSON ({exc})"}) from None
    raws = data.get("items") if isinstance(data, dict) and "items" in data else [data]
    if not isinstance(raws, list) or not raws:
        raise InvalidInput({"items": "give one mention or a non-empty list of items"})
    if len(raws) > MAX_ITEMS:
        raise InvalidInput({"items": f"at most {MAX_ITEMS} a request"})
    items = [_item(raw, i) for i, raw in enumerate(raws)]
    name = str((data.get("source") if isinstance(data, dict) else "") or "webhook")[
        :200
    ]
    source, _ = Source.objects.get_or_create(
        name=name, defaults={"kind": Source.Kind.WEBHOOK}
    )
    if source.kind != Source.Kind.WEBHOOK:
        raise InvalidInput(
            {"source": f"{name!r} is a {source.kind} source, not a webhook"}
        )
    return take_in(source, items)
