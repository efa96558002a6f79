"""/organisations: the companies contacts work for. Deleting one keeps its contacts."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor
from relais.contacts import selectors, services
from relais.contacts.models import Organisation
from relais.core.api_fields import Paging, PathId, Term
from relais.core.api_support import responses

from .schemas import OrganisationIn, OrganisationOut, OrganisationPatch

router = Router(tags=["organisations"])


class OrganisationQuery(Schema):
    q: Term = ""


@router.get(
    "/organisations",
    response=responses({200: list[OrganisationOut]}),
    summary="List organisations",
)
@paginate(Paging)
def list_organisations(request: HttpRequest, filters: Query[OrganisationQuery]) -> Any:
    """By name, with the number of contacts of each; ``q`` matches words of the name."""
    return selectors.find_organisations(filters.q)


@router.post(
    "/organisations",
    response=responses({201: OrganisationOut}),
    summary="Create an organisation",
)
def create_organisation(
    request: HttpRequest, payload: OrganisationIn
) -> Status[Organisation]:
    organisation = services.create_organisation(
        actor=actor(request),
        name=payload.name,
        website=payload.website,
        domains=payload.domains,
    )
    return Status(201, organisation)


@router.get(
    "/organisations/{organisation_id}",
    response=responses({200: OrganisationOut}),
    summary="Read one",
)
def get_organisation(request: HttpRequest, organisation_id: PathId) -> Organisation:
    return selectors.get_organisation(organisation_id)


@router.patch(
    "/organisations/{organisation_id}",
    response=responses({200: OrganisationOut}),
    summary="Change one",
)
def update_organisation(
    request: HttpRequest, organisation_id: PathId, payload: OrganisationPatch
) -> Organisation:
    return services.update_organisation(
        actor=actor(request),
        organisation=selectors.get_organisation(organisation_id),
        **payload.model_dump(exclude_unset=True, exclude_none=True),
    )


@router.delete(
    "/organisations/{organisation_id}",
    response=responses({204: None}),
    summary="Delete one",
)
def delete_organisation(request: HttpRequest, organisation_id: PathId) -> Status[None]:
    services.delete_organisation(
        actor=actor(request), organisation=selectors.get_organisation(organisation_id)
    )
    return Status(204, None)
