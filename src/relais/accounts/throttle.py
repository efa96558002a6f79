"""Sign-in throttling: guessing passwords or API tokens costs time, per account and per client.

After ``ACCOUNT_LIMIT`` wrong passwords for one account, or ``CLIENT_LIMIT`` failed sign-ins
(passwords or API tokens) from one client address, within ``WINDOW`` seconds, every further
attempt — the right password included — is refused until the window has passed, with a
message that says how long to wait. A successful sign-in clears the account's count (not the
client's). The same functions serve the future CardDAV app passwords.

Counts live in Django's cache (the process's memory by default: ``relais serve`` is one
process; with several server processes, give them a shared cache). Behind a TLS proxy
(``RELAIS_BEHIND_TLS_PROXY``) the client is the last address of ``X-Forwarded-For``, which the
proxy appends; otherwise it is the connection's address.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from relais.core.errors import RelaisError

ACCOUNT_LIMIT = 10
CLIENT_LIMIT = 30
WINDOW = 15 * 60


class Throttled(RelaisError):
    """Too many failed sign-ins: ``seconds`` until the next attempt is heard."""

    def __init__(self, seconds: int) -> None:
        minutes = max(1, math.ceil(seconds / 60))
        super().__init__(
            f"Too many failed sign-in attempts: try again in {minutes} minute"
            f"{'s' if minutes > 1 else ''}."
        )
        self.seconds = seconds


def client_of(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    if getattr(settings, "RELAIS_BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"relais.throttle.{kind}.{digest}"


def _count(key: str) -> tuple[int, float]:
    count, since = cache.get(key, (0, time.time()))
    return int(count), float(since)


def check(*, account: str = "", client: str = "") -> None:
    """Raise ``Throttled`` when ``account`` or ``client`` has failed too often lately."""
    now = time.time()
    for kind, value, limit in (
        ("account", account, ACCOUNT_LIMIT),
        ("client", client, CLIENT_LIMIT),
    ):
        if not value:
            continue
        count, since = _count(_key(kind, value))
        if count >= limit and now - since < WINDOW:
            raise Throttled(int(WINDOW - (now - since)))


def failed(*, account: str = "", client: str = "") -> None:
    """Count one failed attempt against ``account`` and ``client``."""
    now = time.time()
    for kind, value in (("account", account), ("client", client)):
        if not value:
            continue
        key = _key(kind, value)
        count, since = _count(key)
        if now - since >= WINDOW:
            count, since = 0, now
        cache.set(key, (count + 1, since), WINDOW)


def succeeded(*, account: str) -> None:
    cache.delete(_key("account", account))
