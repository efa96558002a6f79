"""Tags of the workspace (/tags) and of one contact (/contacts/{id}/tags).

A contact's tags are a property of the contact and come back whole, as names; the workspace's
tags are a collection and are paginated like every other list.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor
from relais.contacts import selectors, services
from relais.contacts.models import Tag
from relais.core.api_fields import Paging, PathId, PathText, Term
from relais.core.api_support import responses

from .schemas import ContactTagsOut, TagIn, TagNames, TagOut

router = Router(tags=["tags"])


class TagQuery(Schema):
    q: Term = ""


def _tags_of(contact_id: int) -> dict[str, list[str]]:
    return {
        "tags": sorted(t.name for t in selectors.get_contact(contact_id).tags.all())
    }


@router.get("/tags", response=responses({200: list[TagOut]}), summary="List tags")
@paginate(Paging)
def list_tags(request: HttpRequest, filters: Query[TagQuery]) -> Any:
    """By name, with the number of contacts carrying each; ``q`` matches part of the name."""
    return selectors.find_tags(filters.q)


@router.post("/tags", response=responses({201: TagOut}), summary="Create a tag")
def create_tag(request: HttpRequest, payload: TagIn) -> Status[Tag]:
    return Status(201, services.create_tag(actor=actor(request), name=payload.name))


@router.get("/tags/{tag_id}", response=responses({200: TagOut}), summary="Read a tag")
def get_tag(request: HttpRequest, tag_id: PathId) -> Tag:
    return selectors.get_tag(tag_id)


@router.patch(
    "/tags/{tag_id}", response=responses({200: TagOut}), summary="Rename a tag"
)
def rename_tag(request: HttpRequest, tag_id: PathId, payload: TagIn) -> Tag:
    return services.rename_tag(
        actor=actor(request), tag=selectors.get_tag(tag_id), name=payload.name
    )


@router.delete(
    "/tags/{tag_id}", response=responses({204: None}), summary="Delete a tag"
)
def delete_tag(request: HttpRequest, tag_id: PathId) -> Status[None]:
    """The tag is taken off every contact that carried it."""
    services.delete_tag(actor=actor(request), tag=selectors.get_tag(tag_id))
    return Status(204, None)


@router.get(
    "/contacts/{contact_id}/tags",
    response=responses({200: ContactTagsOut}),
    summary="A contact's tags",
)
def contact_tags(request: HttpRequest, contact_id: PathId) -> dict[str, list[str]]:
    return _tags_of(contact_id)


@router.post(
    "/contacts/{contact_id}/tags",
    response=responses({200: ContactTagsOut}),
    summary="Add tags",
)
def add_tags(
    request: HttpRequest, contact_id: PathId, payload: TagNames
) -> dict[str, list[str]]:
    """Unknown tags are created; tags the contact already has are left as they are."""
    services.add_tags(
        actor=actor(request),
        contact=selectors.get_contact(contact_id),
        names=payload.names,
    )
    return _tags_of(contact_id)


@router.put(
    "/contacts/{contact_id}/tags",
    response=responses({200: ContactTagsOut}),
    summary="Set the tags",
)
def set_tags(
    request: HttpRequest, contact_id: PathId, payload: TagNames
) -> dict[str, list[str]]:
    """The contact ends up with exactly these tags."""
    services.set_tags(
        actor=actor(request),
        contact=selectors.get_contact(contact_id),
        names=payload.names,
    )
    return _tags_of(contact_id)


@router.delete(
    "/contacts/{contact_id}/tags/{path:name}",
    response=responses({204: None}),
    summary="Remove a tag",
)
def remove_tag(
    request: HttpRequest, contact_id: PathId, name: PathText
) -> Status[None]:
    """Case and accents do not matter; removing a tag the contact does not have is not an error."""
    services.remove_tag(
        actor=actor(request), contact=selectors.get_contact(contact_id), name=name
    )
    return Status(204, None)
