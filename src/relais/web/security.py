"""Security headers Django does not send by itself: the Content-Security-Policy.

The UI needs no inline script (the behaviour lives in static/web/relais.js; HTMX runs with
``allowEval: false``), so scripts may only come from this site. Styles may be inline (a few
``style`` attributes, and the HTML of a message previewed in a sandboxed frame); images may
come from anywhere over HTTP(S), since a previewed message shows its own. ``frame-ancestors
'none'`` keeps other sites from framing Relais (with ``X-Frame-Options: DENY`` for old
browsers). ``X-Content-Type-Options`` and ``Referrer-Policy`` are set by Django's
``SecurityMiddleware`` (``SECURE_CONTENT_TYPE_NOSNIFF``, ``SECURE_REFERRER_POLICY``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https: http:",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
