"""JSON over ``outbound.fetch`` for the social APIs, with their errors as ``SourceError``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from relais.core import outbound

from . import SourceError


def get_json(
    url: str,
    *,
    token: str = "",
    method: str = "GET",
    body: dict[str, Any] | None = None,
) -> Any:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    content = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        content = json.dumps(body).encode()
    reply = outbound.fetch(url, method=method, headers=headers, content=content)
    if reply.status in (401, 403):
        raise SourceError(
            f"{url}: refused (HTTP {reply.status}); check the credentials"
        )
    if reply.status >= 400:
        raise SourceError(f"{url}: HTTP {reply.status}")
    try:
        return json.loads(reply.content)
    except ValueError as exc:
        raise SourceError(f"{url}: the answer is not JSON ({exc})") from None


def when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
