"""Input types and paging shared by the API routers.

These types are transport limits, not business rules (the services own those): they refuse
what no database column can hold — a NUL character (PostgreSQL rejects it), a lone surrogate
(not encodable as UTF-8), a 64-bit overflow in an id or an offset, a date that overflows when
converted to UTC — so that such input gets a 422 naming the field instead of a 500. They also
document the bounds in the OpenAPI schema.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.params.functions import Path
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

MAX_ID = 2**63 - 1
PAGE_MAX = 200
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _plain_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Text cannot contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text is not valid Unicode.") from None
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_text(value: Any) -> Any:
    """Dates come as ISO 8601 text: a bare number is not silently read as a Unix timestamp
    (``until=0`` in a query string is the text "0", which pydantic would take for 1970)."""
    if isinstance(value, dt.date) or (
        isinstance(value, str) and _ISO_DATE.match(value.strip())
    ):
        return value
    raise ValueError(
        "Give a date as ISO 8601 text, e.g. 2024-05-02 or 2024-05-02T10:30:00+02:00."
    )


def _moment(value: dt.datetime) -> dt.datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"Give a date between {FIRST_YEAR} and {LAST_YEAR}.")
    if timezone.is_naive(value):  # read in the server's time zone, as the services do
        value = timezone.make_aware(value)
    return value


def _day(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"Give a date between {FIRST_YEAR} and {LAST_YEAR}.")
    return value


_PLAIN = AfterValidator(_plain_text)

# One line of text: names, titles, contact point values, tags (the services check finer limits).
Line = Annotated[str, StringConstraints(max_length=500), _PLAIN]
# A search or filter term.
Term = Annotated[str, StringConstraints(max_length=200), _PLAIN]
# Free text: notes, interaction bodies, task details.
LongText = Annotated[str, StringConstraints(max_length=100_000), _PLAIN]
# A date and time; without an offset it is read in the server's time zone.
Moment = Annotated[dt.datetime, BeforeValidator(_iso_text), AfterValidator(_moment)]
Day = Annotated[dt.date, BeforeValidator(_iso_text), AfterValidator(_day)]
# A reference to a row in a query string ("?owner=3").
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A reference to a row in a JSON body: a JSON integer, not "3" nor 3.0 nor true.
RefId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
# A JSON true or false, not "yes" nor 1.
Flag = Annotated[bool, Strict()]
# A row id in the URL path.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
# A name in the URL path, e.g. a tag (may hold a slash).
PathText = Annotated[str, Path(min_length=1, max_length=500), _PLAIN]


def _user_ref(value: Any) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID:
        return value
    if isinstance(value, str) and 0 < len(value) <= 254:
        return _plain_text(value)
    raise ValueError("Give a user id (an integer) or an email address.")


# A user given by id or by email address (one validator, so that errors name the field alone).
UserRef = Annotated[
    int | str,
    PlainValidator(_user_ref),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                {"type": "string", "minLength": 1, "maxLength": 254},
            ]
        }
    ),
]
# A short list of lines (emails, phones, tags…): bounds the work one request can ask for.
Lines = Annotated[list[Line], Field(max_length=50)]


class InputSchema(Schema):
    """A request body: unknown fields are refused, so that a typo is reported rather than ignored."""

    model_config = ConfigDict(extra="forbid")


class Paging(LimitOffsetPagination):
    """ninja's limit/offset paging with bounds: ``?limit=50&offset=0`` → ``{"items": [...], "count": N}``."""

    class Input(Schema):
        limit: int = Field(
            50, ge=1, le=PAGE_MAX, description=f"Items per page, at most {PAGE_MAX}."
        )
        offset: int = Field(0, ge=0, le=10**9, description="Items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=PAGE_MAX, **kwargs)
