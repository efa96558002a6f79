"""What every router of the REST API shares: error mapping and response documentation.

Authentication lives with the accounts it checks, in ``relais.accounts.api_auth``: core is the
ground layer and imports no area.

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
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from relais.core.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    RelaisError,
    Unavailable,
)

logger = logging.getLogger(__name__)


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
