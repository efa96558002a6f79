"""/interactions: exchanges with one or more contacts (emails, calls, meetings…), with their roles."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor
from relais.contacts import selectors as contact_selectors
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import as_field, responses, sent
from relais.timeline import selectors, services
from relais.timeline.models import Interaction

from .schemas import InteractionIn, InteractionOut, InteractionPatch, InteractionQuery

router = Router(tags=["interactions"])


@router.get(
    "/interactions",
    response=responses({200: list[InteractionOut]}),
    summary="List interactions",
)
@paginate(Paging)
def list_interactions(request: HttpRequest, filters: Query[InteractionQuery]) -> Any:
    """Newest first; ``contact`` keeps those involving one contact."""
    return selectors.list_interactions(
        contact_id=filters.contact,
        channel=filters.channel.value if filters.channel else "",
    )


@router.post(
    "/interactions",
    response=responses({201: InteractionOut}),
    summary="Log an interaction",
)
def log_interaction(
    request: HttpRequest, payload: InteractionIn
) -> Status[Interaction]:
    """Each contact comes with its role (from, to, cc, participant)."""
    with as_field("contacts"):
        roles = {
            contact_selectors.get_contact(p.contact_id): p.role.value
            for p in payload.contacts
        }
    interaction = services.log_interaction(
        actor=actor(request),
        channel=payload.channel.value,
        direction=payload.direction.value,
        contacts=roles,
        occurred_at=payload.occurred_at,
        subject=payload.subject,
        body=payload.body,
        external_id=payload.external_id,
    )
    return Status(
        201, selectors.get_interaction(interaction.pk)
    )  # as stored: times in UTC


@router.get(
    "/interactions/{interaction_id}",
    response=responses({200: InteractionOut}),
    summary="Read one",
)
def get_interaction(request: HttpRequest, interaction_id: PathId) -> Interaction:
    return selectors.get_interaction(interaction_id)


@router.patch(
    "/interactions/{interaction_id}",
    response=responses({200: InteractionOut}),
    summary="Change one",
)
def update_interaction(
    request: HttpRequest, interaction_id: PathId, payload: InteractionPatch
) -> Interaction:
    changes = {
        field: value for field, value in sent(payload).items() if value is not None
    }
    services.update_interaction(
        actor=actor(request),
        interaction=selectors.get_interaction(interaction_id),
        changes=changes,
    )
    return selectors.get_interaction(interaction_id)


@router.delete(
    "/interactions/{interaction_id}",
    response=responses({204: None}),
    summary="Delete one",
)
def delete_interaction(request: HttpRequest, interaction_id: PathId) -> Status[None]:
    services.delete_interaction(
        actor=actor(request), interaction=selectors.get_interaction(interaction_id)
    )
    return Status(204, None)
