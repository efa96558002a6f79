"""How the REST API knows who is calling: a bearer token or the signed-in browser session.

It sits with the accounts it checks (core is the ground layer and imports no area). Every router
uses ``DEFAULT_AUTH``; ``actor(request)`` is the user behind a request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from relais.accounts import selectors as account_selectors
from relais.accounts import throttle
from relais.accounts.services import (
    authenticate_token,
    ensure_can_write,
    get_user_by_email,
)
from relais.core.api_support import as_field

if TYPE_CHECKING:
    from relais.accounts.models import User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _role_allows(request: HttpRequest, user: User, guard_writes: bool) -> User:
    """Refuse any write by a read-only user before the body is even read: one 403 for every route.

    The services check the role again; this early check makes the answer the same whatever the
    body holds. Self-service routes (the user's own tokens) are built with ``guard_writes=False``.
    """
    if guard_writes and request.method not in SAFE_METHODS:
        ensure_can_write(user)
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rls_…`` for scripts and other API clients."""

    def __init__(self, *, guard_writes: bool = True) -> None:
        self.guard_writes = guard_writes
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        client = throttle.client_of(request)  # guessing tokens costs time too
        try:
            throttle.check(client=client)
        except throttle.Throttled as exc:
            raise HttpError(429, exc.message) from None
        user = authenticate_token(token.strip())
        if user is None:
            throttle.failed(client=client)
        return (
            _role_allows(request, user, self.guard_writes) if user is not None else None
        )


class BrowserSessionAuth(APIKeyCookie):
    """The signed-in browser session; writes must carry the CSRF token (``X-CSRFToken``).

    Unlike ninja's ``SessionAuth``, the CSRF check runs only once a session user is found, so a
    request without any credentials gets a 401 rather than a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, *, guard_writes: bool = True) -> None:
        self.guard_writes = guard_writes
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> User | None:
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (
            not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(
                403,
                "CSRF check failed: send the csrftoken cookie value in an X-CSRFToken header.",
            )
        return _role_allows(request, cast("User", user), self.guard_writes)


# Every route accepts either; the user's own tokens use the ``self_*`` pair (no role check).
DEFAULT_AUTH = [TokenAuth(), BrowserSessionAuth()]
self_token_auth = TokenAuth(guard_writes=False)
self_session_auth = BrowserSessionAuth(guard_writes=False)
# POST routes that only read (a query too large for a URL: count a definition, preview, check a
# message): read-only users may call them, as the web lets them.
read_only_post_auth = [self_token_auth, self_session_auth]


def actor(request: HttpRequest) -> User:
    """The authenticated user behind this request."""
    return cast("User", request.auth)  # type: ignore[attr-defined]


def find_user(ref: int | str, field: str = "owner") -> User:
    """A user named in a request body by id or by email; a wrong one is bad input for ``field``."""
    with as_field(field):
        if isinstance(ref, int):
            return account_selectors.get_user(ref)
        return get_user_by_email(ref)
