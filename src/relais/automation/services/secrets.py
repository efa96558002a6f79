"""The HMAC secret of the events API (``X-Relais-Signature: sha256=<hex>`` of the raw body).

Rotating makes a new secret current; the old one keeps verifying signatures for
RELAIS_EVENTS_SECRET_GRACE_HOURS so that senders can switch without losing events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets as random_secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from relais.accounts.services import ensure_admin
from relais.automation.models import EventSecret

if TYPE_CHECKING:
    from relais.accounts.models import User

PREFIX = "sha256="


def current_secret() -> EventSecret:
    """The secret senders should sign with (created on first use)."""
    found = EventSecret.objects.filter(retired_at__isnull=True).first()
    if found is not None:
        return found
    with transaction.atomic():
        found = EventSecret.objects.filter(retired_at__isnull=True).first()
        return found or EventSecret.objects.create(secret=random_secrets.token_hex(32))


def rotate_secret(*, actor: User | None) -> EventSecret:
    """A new current secret; the previous one stays valid for the grace period."""
    ensure_admin(actor)
    with transaction.atomic():
        EventSecret.objects.filter(retired_at__isnull=True).update(
            retired_at=timezone.now()
        )
        return EventSecret.objects.create(secret=random_secrets.token_hex(32))


def valid_secrets() -> list[str]:
    grace = dt.timedelta(hours=settings.RELAIS_EVENTS_SECRET_GRACE_HOURS)
    since = timezone.now() - grace
    rows = EventSecret.objects.filter(
        retired_at__isnull=True
    ) | EventSecret.objects.filter(retired_at__gte=since)
    return list(rows.values_list("secret", flat=True))


def sign(body: bytes, secret: str) -> str:
    """The header value a sender puts on ``body``."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_ok(body: bytes, header: str) -> bool:
    """Whether ``header`` is the signature of ``body`` under a valid secret (constant time)."""
    header = (header or "").strip()
    if not header.startswith(PREFIX):
        return False
    ok = False
    for secret in valid_secrets():
        ok |= hmac.compare_digest(sign(body, secret), header)
    return ok
