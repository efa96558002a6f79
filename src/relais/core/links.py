"""Absolute links into Relais, for what leaves the browser: emails, calendar feeds, signed links.

One place reads ``RELAIS_BASE_URL`` (docs/deployment.md), so every link sent out agrees.
"""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse`` gives it) on the address people reach Relais at."""
    return f"{settings.RELAIS_BASE_URL}{path}"
