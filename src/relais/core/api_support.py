"""What every router of the REST API shares: authentication and error mapping.

Errors are mapped here, in one place, so that every endpoint answers the same way:
``{"detail": "...", "errors": {field: message}}`` with 422 for rejected input (from the service
layer or from request validation), 404, 403, 401 and 400 for the rest. Request validation adds
``"locations": {field: "body" | "query" | "path"}``. No input should reach a 500: the types of
``core/api_fields.py`` refuse what the database cannot store before a service sees it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
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
from relais.core.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    RelaisError,
    Unavailable,
)

if TYPE_CHECKING:
    from relais.accounts.models import User

logger = logging.getLogger(__name__)


# --- Authentication ---------------------------------------------------------------------------

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


# --- Errors -----------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}
    locations: dict[str, str] = {}


# 409: the workspace's state refuses the request (``Unavailable``); 422: invalid input or a
# business rule a schema cannot say (one message per field); 429: too many failed sign-ins.
ERRORS: dict[int, type[Schema]] = {
    code: ErrorOut for code in (400, 401, 403, 404, 409, 422, 429)
}


def responses(ok: dict[int, Any]) -> dict[int, Any]:
    """The response map of an operation: its own success codes plus every documented error."""
    return {**ok, **ERRORS}


def find_user(ref: int | str, field: str = "owner") -> User:
    """A user named in a request body by id or by email; a wrong one is bad input for ``field``."""
    with as_field(field):
        if isinstance(ref, int):
            return account_selectors.get_user(ref)
        return get_user_by_email(ref)


@contextmanager
def as_field(field: str) -> Iterator[None]:
    """A reference to something missing is bad input for ``field`` (422), not a missing page (404)."""
    try:
        yield
    except NotFound as exc:
        raise InvalidInput({field: exc.message}) from None


def _field_key(loc: tuple[Any, ...] | list[Any]) -> tuple[str, str]:
    """('body', 'payload', 'emails', 0) → ('emails.0', 'body'); ('query', 'limit') → ('limit', 'query')."""
    where, *rest = [str(part) for part in loc] or ["body"]
    if where == "body" and rest:
        rest = rest[1:]  # the view argument holding the whole body, e.g. "payload"
    return ".".join(rest) or where, where


def _validation_error(
    request: HttpRequest, exc: ValidationError, api: NinjaAPI
) -> HttpResponse:
    errors: dict[str, str] = {}
    locations: dict[str, str] = {}
    for error in exc.errors:
        field, where = _field_key(tuple(error.get("loc", ())))
        message = str(error.get("msg", "Invalid value.")).removeprefix("Value error, ")
        errors[field] = f"{errors[field]} {message}" if field in errors else message
        locations[field] = where
    body = {
        "detail": "Some of the input is invalid.",
        "errors": errors,
        "locations": locations,
    }
    return api.create_response(request, body, status=422)


def install_error_handlers(api: NinjaAPI) -> None:
    """Map service-layer and framework errors to JSON responses, for every route of ``api``."""

    def reply(
        request: HttpRequest,
        status: int,
        detail: str,
        errors: dict[str, str] | None = None,
    ) -> HttpResponse:
        return api.create_response(
            request, {"detail": detail, "errors": errors or {}}, status=status
        )

    def invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        return reply(request, 422, "Some of the input is invalid.", exc.errors)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = reply(
            request,
            401,
            "Authentication required: send 'Authorization: Bearer <token>' or sign in.",
        )
        response["WWW-Authenticate"] = 'Bearer realm="relais"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return reply(request, exc.status_code, str(exc))

    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        if isinstance(exc, RequestDataTooBig):
            return reply(request, 413, "The request body is too large.")
        return reply(request, 400, "The request was refused as malformed.")

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception(
            "Unhandled error in %s %s", request.method, request.path, exc_info=exc
        )
        return reply(
            request, 500, "Internal error: the server could not handle this request."
        )

    handlers: list[tuple[type[Exception], Any]] = [
        (InvalidInput, invalid),
        (NotFound, lambda request, exc: reply(request, 404, exc.message)),
        (Forbidden, lambda request, exc: reply(request, 403, exc.message)),
        (Unavailable, lambda request, exc: reply(request, 409, exc.message)),
        (RelaisError, lambda request, exc: reply(request, 400, exc.message)),
        (ValidationError, lambda request, exc: _validation_error(request, exc, api)),
        (AuthenticationError, unauthenticated),
        (HttpError, http_error),
        (SuspiciousOperation, suspicious),
        (Exception, unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def sent(payload: Schema) -> dict[str, Any]:
    """The fields a client actually sent in a partial update, enum members turned into their values."""
    return {
        field: value.value if isinstance(value, Enum) else value
        for field, value in payload.model_dump(exclude_unset=True).items()
    }
