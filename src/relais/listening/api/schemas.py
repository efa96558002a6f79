"""Request and response shapes of the listening API."""

import datetime as dt
from enum import StrEnum
from typing import Any

from ninja import Schema
from pydantic import Field

from relais.core.api_fields import InputSchema, RefId, Term, UserRef


class Label(StrEnum):
    complaint = "complaint"
    question = "question"
    praise = "praise"
    purchase_intent = "purchase_intent"
    spam = "spam"
    other = "other"


class Status(StrEnum):
    new = "new"
    seen = "seen"
    handled = "handled"
    ignored = "ignored"


class Author(Schema):
    name: str
    handle: str
    url: str


class VersionOut(Schema):
    title: str
    text: str
    updated_at: dt.datetime | None


class MentionOut(Schema):
    id: int
    source: str
    url: str
    guid: str
    author: Author
    title: str
    text: str
    lang: str
    published_at: dt.datetime | None
    updated_at: dt.datetime | None
    versions: list[VersionOut]
    label: str
    scores: dict[str, float]
    evidence: list[Any]
    contact_id: int | None
    link_evidence: dict[str, Any]
    status: str
    assignee: str | None


class MentionQuery(Schema):
    source: Term = ""
    label: Term = ""
    lang: Term = ""
    status: Status | None = None
    contact: int | None = Field(None, ge=1, le=2**63 - 1)
    q: Term = ""


class MentionPatch(InputSchema):
    status: Status | None = None
    label: Label | None = None
    assignee: UserRef | None = None


class LinkIn(InputSchema):
    contact: RefId | None = Field(
        None, description="A contact's id; omit to create one from the author."
    )


class CountsOut(Schema):
    status: dict[str, int]
    label: dict[str, int]
    lang: dict[str, int]
    source: dict[str, int]
    spikes: dict[str, dict[str, float]]


class MentionSourceOut(Schema):
    id: int
    name: str
    kind: str
    url: str
    health: str
    last_success_at: dt.datetime | None
    last_error: str


class SourceIn(InputSchema):
    url: str = Field(..., min_length=1, max_length=1000)
    kind: str = Field("", max_length=16)
    name: Term = ""
    interval_minutes: int | None = Field(None, ge=1, le=10_080)
    config: dict[str, str | bool] = Field(default_factory=dict, max_length=20)


class StoredOut(Schema):
    new: int
    updated: int
