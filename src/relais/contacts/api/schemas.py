"""Shapes of contacts, points, notes, tags and organisations in the REST API.

``ContactOut`` is the stable export record (``contacts.selectors.contact_record``,
docs/export.md) plus the ids of the owner and organisation, so that API clients, exports and
the CLI never disagree about what a contact looks like.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AliasChoices, model_validator

from relais.contacts.models import Contact, ContactPoint
from relais.contacts.selectors import contact_record
from relais.core.api_fields import (
    Flag,
    Id,
    InputSchema,
    Line,
    Lines,
    LongText,
    Term,
    UserRef,
)

# --- Contacts ---------------------------------------------------------------------------------


class HandleOut(Schema):
    kind: str
    value: str


class RecordPointOut(Schema):
    id: int
    kind: str
    label: str
    value: str
    normalized: str
    primary: bool
    confirmed_at: dt.datetime | None
    invalid_since: dt.datetime | None


class ProvenanceOut(Schema):
    file: str
    record: int | None
    kind: str
    batch: int | None
    fields: list[str]
    points: list[int]
    at: dt.datetime


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    display_name: str
    organization: str
    organisation_id: int | None
    title: str
    emails: list[str]
    phones: list[str] = Field(description="E.164, e.g. +33612345678")
    urls: list[str]
    handles: list[HandleOut]
    points: list[RecordPointOut]
    city: str
    country: str
    language: str
    tags: list[str]
    status: str
    owner: str | None = Field(description="Email address of the owner")
    owner_id: int | None
    provenance: list[ProvenanceOut]
    lawful_basis: str | None = Field(
        description="consent, legitimate_interest, customer, opted_out; null: none recorded"
    )
    freshness: int | None = Field(
        description="0-100, how likely the details are still right (docs/privacy.md)"
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    merged_into_id: int | None = Field(
        None, description="Set when this contact was merged into another (and archived)"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_contact(cls, value: Any) -> Any:
        contact = (
            value._obj if isinstance(value, DjangoGetter) else value
        )  # ninja wraps ORM objects
        if isinstance(contact, Contact):
            return ContactOut.from_contact(contact)
        return value

    @staticmethod
    def from_contact(contact: Contact) -> dict[str, Any]:
        return {
            **contact_record(contact),
            "owner_id": contact.owner_id,
            "organisation_id": contact.organisation_id,
            "merged_into_id": contact.merged_into_id,
        }


class PossibleDuplicateOut(Schema):
    id: int
    display_name: str
    organization: str
    probability: float


class ContactCreatedOut(ContactOut):
    possible_duplicates: list[PossibleDuplicateOut] = Field(
        description="Existing contacts that may be the same person, most likely first"
    )


class PointIn(InputSchema):
    kind: ContactPoint.Kind
    value: Line
    label: Line = ""
    primary: Flag = False


_ORGANISATION = Field(
    None,
    validation_alias=AliasChoices("organization", "organisation"),
    description="Organisation name; found again up to case, accents and legal form.",
)


class ContactIn(InputSchema):
    first_name: Line = ""
    last_name: Line = ""
    display_name: Line = ""
    title: Line = ""
    organization: Line | None = _ORGANISATION
    city: Line = ""
    country: Line = Field("", description="ISO 3166-1 alpha-2, e.g. FR")
    language: Line = Field("", description="e.g. fr, en")
    status: Contact.Status = Contact.Status.LEAD
    owner: UserRef | None = Field(None, description="User id or email address")
    emails: Lines = []
    phones: Lines = Field(
        [], description="Read in the contact's country, else the server's region"
    )
    urls: Lines = []
    points: Annotated[list[PointIn], Field(max_length=50)] = []
    tags: Lines = []


class ContactPatch(InputSchema):
    """Only the fields present change; ``null`` or ``""`` clears a text field, ``owner: null`` unassigns."""

    first_name: Line | None = None
    last_name: Line | None = None
    display_name: Line | None = None
    title: Line | None = None
    organization: Line | None = _ORGANISATION
    city: Line | None = None
    country: Line | None = None
    language: Line | None = None
    status: Contact.Status | None = None
    owner: UserRef | None = Field(
        None, description="User id or email address; null to unassign"
    )


class ContactQuery(Schema):
    q: Term = Field(
        "",
        description="Words to find in names, organisation, title, city, points, tags",
    )
    status: Contact.Status | None = None
    tag: Term = ""
    owner: Id | None = Field(None, description="User id")
    unassigned: bool = Field(False, description="Only contacts without an owner")
    organisation: Id | None = Field(None, description="Organisation id")
    include_archived: bool = False
    freshness: Literal["fresh", "ageing", "stale", "unknown"] | None = Field(
        None, description="Freshness band; 'stale' is the probably-stale segment"
    )
    lawful_basis: (
        Literal["consent", "legitimate_interest", "customer", "opted_out", "none"]
        | None
    ) = Field(None, description="Current lawful basis; 'none': nothing recorded")


# --- Points, notes, tags, organisations -------------------------------------------------------


class PointOut(RecordPointOut):
    contact_id: int

    @staticmethod
    def resolve_normalized(point: ContactPoint) -> str:
        return point.normalized_value

    @staticmethod
    def resolve_primary(point: ContactPoint) -> bool:
        return point.is_primary


class PointPatch(InputSchema):
    value: Line | None = None
    label: Line | None = None
    primary: Flag | None = None
    confirmed: Flag | None = None
    invalid: Flag | None = None


class NoteOut(Schema):
    id: int
    contact_id: int
    body: str
    author: str | None = Field(None, description="Email address of the author")
    author_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_author(note: Any) -> str | None:
        return note.author.email if note.author_id else None


class NoteIn(InputSchema):
    body: LongText


def _contact_count(obj: Any) -> int:
    """Lists annotate ``contact_count``; a single tag or organisation counts its contacts."""
    count = getattr(obj, "contact_count", None)
    return int(count) if count is not None else int(obj.contacts.count())


class TagOut(Schema):
    id: int
    name: str
    contact_count: int

    @staticmethod
    def resolve_contact_count(tag: Any) -> int:
        return _contact_count(tag)


class TagIn(InputSchema):
    name: Line


class TagNames(InputSchema):
    names: Lines


class ContactTagsOut(Schema):
    tags: list[str]


class OrganisationOut(Schema):
    id: int
    name: str
    website: str
    domains: list[str]
    contact_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_contact_count(organisation: Any) -> int:
        return _contact_count(organisation)


class OrganisationIn(InputSchema):
    name: Line
    website: Line = ""
    domains: Lines = []


class OrganisationPatch(InputSchema):
    name: Line | None = None
    website: Line | None = None
    domains: Lines | None = None
