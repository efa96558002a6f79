"""Contact points (emails, phones, web and social addresses): /contacts/{id}/points and /points/{id}."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor
from relais.contacts import selectors, services
from relais.contacts.models import ContactPoint
from relais.contacts.services import Source
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import responses

from .schemas import PointIn, PointOut, PointPatch

router = Router(tags=["contact points"])


@router.get(
    "/contacts/{contact_id}/points",
    response=responses({200: list[PointOut]}),
    summary="A contact's points",
)
@paginate(Paging)
def list_points(request: HttpRequest, contact_id: PathId) -> Any:
    return selectors.list_points(selectors.get_contact(contact_id))


@router.post(
    "/contacts/{contact_id}/points",
    response=responses({201: PointOut}),
    summary="Add a point",
)
def add_point(
    request: HttpRequest, contact_id: PathId, payload: PointIn
) -> Status[ContactPoint]:
    """The value is normalised (E.164 phones, lower-case emails); an equal point already held is returned."""
    point = services.add_point(
        actor=actor(request),
        contact=selectors.get_contact(contact_id),
        kind=payload.kind.value,
        value=payload.value,
        label=payload.label,
        primary=payload.primary,
        source=Source.manual("api"),
    )
    return Status(201, point)


@router.get(
    "/points/{point_id}", response=responses({200: PointOut}), summary="Read a point"
)
def get_point(request: HttpRequest, point_id: PathId) -> ContactPoint:
    return selectors.get_point(point_id)


@router.patch(
    "/points/{point_id}", response=responses({200: PointOut}), summary="Change a point"
)
def update_point(
    request: HttpRequest, point_id: PathId, payload: PointPatch
) -> ContactPoint:
    """``confirmed`` and ``invalid`` stamp (or clear) when the value was confirmed or found dead."""
    return services.update_point(
        actor=actor(request),
        point=selectors.get_point(point_id),
        **payload.model_dump(exclude_unset=True, exclude_none=True),
    )


@router.delete(
    "/points/{point_id}", response=responses({204: None}), summary="Remove a point"
)
def remove_point(request: HttpRequest, point_id: PathId) -> Status[None]:
    services.remove_point(actor=actor(request), point=selectors.get_point(point_id))
    return Status(204, None)
