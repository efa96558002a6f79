"""The fast path for the tracking endpoints: a WSGI application in front of Django.

An open pixel is fetched once per message opened, a click once per link followed — thousands
a second when a campaign lands. Through Django each would cross the whole middleware stack
(sessions, CSRF, authentication, messages, locale), none of which these two URLs use: they set
no cookie, read no session, show no page, and change nothing a forged cross-site request could
abuse. The token in the path *is* the authentication: an HMAC over the delivery, the kind of
link and the link's index (``relais.outreach.tokens``), checked before anything is recorded.
So ``/t/o/<token>.gif`` and ``/t/c/<token>`` are answered here, by the same service functions
the Django views call (``relais.outreach.services.tracking``), and every other path goes on
to Django unchanged. Unsubscribe pages (``/u/…``) stay in Django: they are pages, in French or
English, and rare.

Errors: a token that is not ours, a link index the message does not have, or any unexpected
failure answer 404 (never a 500 and never a stack trace); an unexpected failure is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from django.utils.encoding import iri_to_uri

from relais.outreach.links import CLICK_PREFIX, OPEN_PREFIX
from relais.outreach.pixel import GIF, HEADERS
from relais.outreach.services.tracking import NotTracked, record_click, record_open

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

_NOT_FOUND = b"Not found\n"
_NO_CACHE = ("Cache-Control", "no-store")
_NOT_FOUND_HEADERS = [
    ("Content-Type", "text/plain; charset=utf-8"),
    ("Content-Length", str(len(_NOT_FOUND))),
    _NO_CACHE,
]
_ALLOWED = ("GET", "HEAD")


@lru_cache(maxsize=50_000)
def _location(url: str) -> str:
    return iri_to_uri(url)  # a header is Latin-1: non-ASCII links percent-encoded once


def _client(environ: dict[str, Any]) -> tuple[str, str, str]:
    return (
        environ.get("HTTP_USER_AGENT", ""),
        environ.get("REMOTE_ADDR", ""),
        environ.get("REQUEST_METHOD", "GET"),
    )


def _not_found(start_response: StartResponse) -> list[bytes]:
    start_response("404 Not Found", _NOT_FOUND_HEADERS)
    return [_NOT_FOUND]


def _open(
    token: str, environ: dict[str, Any], start_response: StartResponse
) -> list[bytes]:
    agent, ip, method = _client(environ)
    record_open(token, user_agent=agent, ip=ip, method=method)
    start_response("200 OK", HEADERS)
    return [] if method == "HEAD" else [GIF]


def _click(
    token: str, environ: dict[str, Any], start_response: StartResponse
) -> list[bytes]:
    agent, ip, method = _client(environ)
    url = record_click(token, user_agent=agent, ip=ip, method=method)
    # A HEAD is answered (and recorded as a machine's) without being followed here: the
    # redirect is the answer, whatever the client does with it.
    start_response(
        "302 Found",
        [
            ("Location", _location(url)),
            ("Content-Length", "0"),
            _NO_CACHE,
            ("Referrer-Policy", "no-referrer"),
        ],
    )
    return []


def tracking(
    environ: dict[str, Any], start_response: StartResponse
) -> list[bytes] | None:
    """Answer a tracking request, or None when the path is not one."""
    path: str = environ.get("PATH_INFO", "")
    if path.startswith(OPEN_PREFIX) and path.endswith(".gif"):
        token, handler = path[len(OPEN_PREFIX) : -4], _open
    elif path.startswith(CLICK_PREFIX):
        token, handler = path[len(CLICK_PREFIX) :], _click
    else:
        return None
    if environ.get("REQUEST_METHOD", "GET") not in _ALLOWED or "/" in token:
        return _not_found(start_response)
    try:
        return handler(token, environ, start_response)
    except NotTracked:
        return _not_found(start_response)
    except Exception:
        log.exception("tracking endpoint failed on %s", path[:40])
        return _not_found(start_response)


def with_tracking(application: WSGIApp) -> WSGIApp:
    """``application`` with the tracking paths answered in front of it."""

    def dispatch(
        environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        answered = tracking(environ, start_response)
        if answered is not None:
            return answered
        return application(environ, start_response)

    return dispatch
