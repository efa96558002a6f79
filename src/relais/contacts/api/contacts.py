"""/contacts: list with filters, create, read, partial update, delete.

Each view turns the request into a call to ``contacts.services`` or ``contacts.selectors``;
what a contact looks like on the way out is the export record (see ``schemas.ContactOut``).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor, find_user
from relais.contacts import selectors, services
from relais.contacts.models import Contact
from relais.contacts.services import PointInput, Source
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import responses, sent
from relais.matching.hints import possible_duplicates_out

from .schemas import (
    ContactCreatedOut,
    ContactIn,
    ContactOut,
    ContactPatch,
    ContactQuery,
)

router = Router(tags=["contacts"])

_TEXT_FIELDS = (
    "first_name",
    "last_name",
    "display_name",
    "title",
    "city",
    "country",
    "language",
)


@router.get(
    "/contacts", response=responses({200: list[ContactOut]}), summary="List contacts"
)
@paginate(Paging)
def list_contacts(request: HttpRequest, filters: Query[ContactQuery]) -> Any:
    """Archived contacts are left out unless ``include_archived`` or ``status=archived``."""
    contact_filter = selectors.ContactFilter(
        q=filters.q,
        status=filters.status.value if filters.status else "",
        tag=filters.tag,
        owner_id=filters.owner,
        unassigned=filters.unassigned,
        organisation_id=filters.organisation,
        include_archived=filters.include_archived,
        freshness=filters.freshness or "",
        lawful_basis=filters.lawful_basis or "",
    )
    return selectors.with_details(selectors.list_contacts(contact_filter))


@router.post(
    "/contacts",
    response=responses({201: ContactCreatedOut}),
    summary="Create a contact",
)
def create_contact(request: HttpRequest, payload: ContactIn) -> Status[dict[str, Any]]:
    """Emails are lower-cased, phones stored in E.164; the API is recorded as the source.

    ``possible_duplicates`` lists existing contacts that may be the same person (most likely
    first): the contact is created anyway; merge with ``POST /merges`` if it is a duplicate.
    """
    points = (
        [PointInput("email", value) for value in payload.emails]
        + [PointInput("phone", value) for value in payload.phones]
        + [PointInput("url", value) for value in payload.urls]
        + [
            PointInput(p.kind.value, p.value, p.label, p.primary)
            for p in payload.points
        ]
    )
    contact = services.create_contact(
        actor=actor(request),
        source=Source.manual("api"),
        **{field: getattr(payload, field) for field in _TEXT_FIELDS},
        organisation=payload.organization or "",
        status=payload.status.value,
        owner=find_user(payload.owner) if payload.owner is not None else None,
        points=points,
        tags=payload.tags,
    )
    return Status(
        201,
        {
            **ContactOut.from_contact(selectors.get_contact(contact.pk)),
            "possible_duplicates": possible_duplicates_out(contact),
        },
    )


@router.get(
    "/contacts/{contact_id}",
    response=responses({200: ContactOut}),
    summary="Read a contact",
)
def get_contact(request: HttpRequest, contact_id: PathId) -> Contact:
    return selectors.get_contact(contact_id)


@router.patch(
    "/contacts/{contact_id}",
    response=responses({200: ContactOut}),
    summary="Change a contact",
)
def update_contact(
    request: HttpRequest, contact_id: PathId, payload: ContactPatch
) -> Contact:
    """Only the fields sent change. ``organization`` is a name; ``owner`` a user id or email."""
    fields = sent(payload)
    changes: dict[str, Any] = {
        f: fields[f] or "" for f in (*_TEXT_FIELDS, "status") if f in fields
    }
    if "organization" in fields:
        changes["organisation"] = fields["organization"] or ""
    if "owner" in fields:
        changes["owner"] = (
            find_user(fields["owner"]) if fields["owner"] is not None else None
        )
    services.update_contact(
        actor=actor(request),
        contact=selectors.get_contact(contact_id),
        changes=changes,
        source=Source.manual("api"),
    )
    return selectors.get_contact(contact_id)


@router.delete(
    "/contacts/{contact_id}",
    response=responses({204: None}),
    summary="Delete a contact",
)
def delete_contact(request: HttpRequest, contact_id: PathId) -> Status[None]:
    services.delete_contact(
        actor=actor(request), contact=selectors.get_contact(contact_id)
    )
    return Status(204, None)
