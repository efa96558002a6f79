"""Errors raised by the service layer, meant to be shown to a user as they are.

Every entrypoint (CLI, API, HTML views, jobs) turns these into its own form — an exit code
and one line, a 4xx with a message per field, a form error — so no stack trace reaches a user.
"""

from __future__ import annotations


class RelaisError(Exception):
    """A failure the user can understand and act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(RelaisError):
    """Input rejected, with one message per offending field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(
            "; ".join(f"{field}: {msg}" for field, msg in self.errors.items())
        )


class NotFound(RelaisError):
    """The thing asked for does not exist."""


class Forbidden(RelaisError):
    """The acting user's role does not allow this."""


class Unavailable(RelaisError):
    """Something the server needs is not set up (no mail server, say): the request is fine,
    the workspace's state refuses it (409 in the API)."""
