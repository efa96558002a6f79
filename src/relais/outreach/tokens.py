"""Signed tokens for the public tracking and unsubscribe links of a delivered message.

A token names one delivery, what the link does (open, click, unsubscribe) and, for a click,
the index of the link in that message. It is an HMAC-SHA256 (truncated to 96 bits) over those
numbers with a key derived from SECRET_KEY, so tokens cannot be enumerated or forged, and a
click can only lead to a link that was in the message it came from. Verification is a few
microseconds: the tracking endpoints must answer thousands of requests per second.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from dataclasses import dataclass
from functools import cache
from typing import Literal

from django.conf import settings

Kind = Literal["open", "click", "unsubscribe"]
_KIND_CODES: dict[str, int] = {"open": 1, "click": 2, "unsubscribe": 3}
_CODE_KINDS: dict[int, Kind] = {1: "open", 2: "click", 3: "unsubscribe"}
_MAC_BYTES = 12
_BODY = struct.Struct(">QBH")  # delivery id, kind, link index


class BadToken(ValueError):
    """The token was not issued by this Relais (tampered, truncated or from another key)."""


@dataclass(frozen=True, slots=True)
class TrackingToken:
    delivery_id: int
    kind: Kind
    link_index: int = 0


@cache
def _key(secret: str) -> bytes:
    return hashlib.sha256(b"relais.outreach.tracking:" + secret.encode()).digest()


def _mac(body: bytes) -> bytes:
    return hmac.new(_key(settings.SECRET_KEY), body, hashlib.sha256).digest()[
        :_MAC_BYTES
    ]


def sign(delivery_id: int, kind: Kind, link_index: int = 0) -> str:
    """The URL-safe token for one link of one delivery."""
    body = _BODY.pack(delivery_id, _KIND_CODES[kind], link_index)
    return base64.urlsafe_b64encode(body + _mac(body)).rstrip(b"=").decode()


def verify(token: str) -> TrackingToken:
    """Decode ``token``; raises ``BadToken`` unless this Relais signed it."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError) as exc:
        raise BadToken("not a token") from exc
    if len(raw) != _BODY.size + _MAC_BYTES:
        raise BadToken("wrong length")
    body, mac = raw[: _BODY.size], raw[_BODY.size :]
    if not hmac.compare_digest(mac, _mac(body)):
        raise BadToken("bad signature")
    delivery_id, code, index = _BODY.unpack(body)
    if code not in _CODE_KINDS:
        raise BadToken("unknown kind")
    return TrackingToken(delivery_id, _CODE_KINDS[code], index)
