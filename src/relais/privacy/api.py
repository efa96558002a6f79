"""The privacy area of the REST API: lawful basis and consent history, freshness and
confirmations, self-update links, access exports and erasure (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from relais.accounts.api_auth import actor
from relais.contacts import freshness as formula
from relais.contacts import selectors
from relais.contacts.models import Contact
from relais.core.api_fields import InputSchema, Line, LongText, Moment, PathId
from relais.core.api_support import responses

from .models import ConsentRecord, LawfulBasis
from .selectors import open_signals
from .services import access, consent, erasure, freshness, self_update

router = Router(tags=["privacy"])


class ConsentOut(Schema):
    id: int
    basis: str
    source: str
    given_at: dt.datetime
    note: str
    recorded_at: dt.datetime
    recorded_by: str | None

    @staticmethod
    def resolve_recorded_by(entry: ConsentRecord) -> str | None:
        return entry.recorded_by.email if entry.recorded_by else None


class ConsentIn(InputSchema):
    basis: LawfulBasis
    source: Line = ""
    given_at: Moment | None = Field(
        None, description="When it was given; now if omitted"
    )
    note: LongText = ""


class SignalOut(Schema):
    kind: str
    occurred_at: dt.datetime
    detail: str


class FreshnessOut(Schema):
    score: int | None
    band: str
    computed_at: dt.datetime | None
    fields_confirmed_at: dict[str, str]
    signals: list[SignalOut]


class LinkOut(Schema):
    url: str
    expires_at: dt.datetime


class IdentifierIn(InputSchema):
    identifier: Line = Field(
        description="An email address or phone number of the person"
    )


class ErasureOut(Schema):
    id: int
    counts: dict[str, int]


def _freshness(contact: Contact) -> dict[str, Any]:
    return {
        "score": contact.freshness,
        "band": formula.band(contact.freshness),
        "computed_at": contact.freshness_at,
        "fields_confirmed_at": contact.fields_confirmed_at or {},
        "signals": open_signals(contact),
    }


@router.get(
    "/contacts/{contact_id}/consent",
    response=responses({200: list[ConsentOut]}),
    summary="Lawful basis history",
)
def consent_history(request: HttpRequest, contact_id: PathId) -> Any:
    """Newest first; the first entry is the current basis."""
    return consent.consent_history(selectors.get_contact(contact_id))


@router.post(
    "/contacts/{contact_id}/consent",
    response=responses({201: ConsentOut}),
    summary="Record a lawful basis",
)
def set_consent(
    request: HttpRequest, contact_id: PathId, payload: ConsentIn
) -> Status[ConsentRecord]:
    entry = consent.set_lawful_basis(
        actor=actor(request),
        contact=selectors.get_contact(contact_id),
        basis=payload.basis.value,
        source=payload.source,
        given_at=payload.given_at,
        note=payload.note,
    )
    return Status(201, entry)


@router.get(
    "/contacts/{contact_id}/freshness",
    response=responses({200: FreshnessOut}),
    summary="Freshness of a contact",
)
def get_freshness(request: HttpRequest, contact_id: PathId) -> Any:
    return _freshness(selectors.get_contact(contact_id))


@router.post(
    "/contacts/{contact_id}/confirm",
    response=responses({200: FreshnessOut}),
    summary="Confirm a contact's details",
)
def confirm(request: HttpRequest, contact_id: PathId) -> Any:
    """The key fields and every valid point were checked and are right."""
    contact = freshness.confirm_contact(
        actor=actor(request), contact=selectors.get_contact(contact_id)
    )
    return _freshness(contact)


@router.post(
    "/points/{point_id}/confirm",
    response=responses({200: FreshnessOut}),
    summary="Confirm a contact point",
)
def confirm_point(request: HttpRequest, point_id: PathId) -> Any:
    point = freshness.confirm_point(
        actor=actor(request), point=selectors.get_point(point_id)
    )
    return _freshness(selectors.get_contact(point.contact_id))


@router.post(
    "/points/{point_id}/invalid",
    response=responses({200: FreshnessOut}),
    summary="Mark a contact point invalid (hard bounce)",
)
def mark_invalid(request: HttpRequest, point_id: PathId) -> Any:
    point = freshness.mark_point_invalid(
        actor=actor(request), point=selectors.get_point(point_id)
    )
    return _freshness(selectors.get_contact(point.contact_id))


@router.post(
    "/contacts/{contact_id}/self-update-link",
    response=responses({200: LinkOut}),
    summary="The contact's self-service update link",
)
def self_update_link(request: HttpRequest, contact_id: PathId) -> Any:
    """The current link while it has a week to live, else a new one (older links stop)."""
    contact = selectors.get_contact(contact_id)
    url = self_update.self_update_url(contact, actor=actor(request))
    link = contact.self_update_links.filter(revoked_at__isnull=True).first()
    assert link is not None
    return {"url": url, "expires_at": link.issued_at + self_update.max_age()}


@router.post(
    "/privacy/export",
    response=responses({200: dict[str, Any]}),
    summary="Everything held on a person (right of access)",
)
def export_person(request: HttpRequest, payload: IdentifierIn) -> Any:
    """A POST so that the email or phone does not end up in server logs."""
    return access.person_document(payload.identifier, actor=actor(request))


@router.post(
    "/privacy/erase",
    response=responses({200: ErasureOut}),
    summary="Erase a person (right to erasure; admins only)",
)
def erase_person(request: HttpRequest, payload: IdentifierIn) -> Any:
    return erasure.erase_person(actor=actor(request), identifier=payload.identifier)
