"""/contacts/{id}/timeline: what happened with a contact, across channels and colleagues."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from relais.contacts import selectors as contact_selectors
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import responses
from relais.timeline import selectors

from .schemas import TimelinePage

router = Router(tags=["timeline"])


@router.get(
    "/contacts/{contact_id}/timeline",
    response=responses({200: TimelinePage}),
    summary="A contact's timeline",
)
def timeline(
    request: HttpRequest, contact_id: PathId, page: Query[Paging.Input]
) -> dict[str, Any]:
    """Newest first: interactions, notes and completed tasks, paged like every list.

    The timeline merges three sources, so it is paged here rather than by ninja's paginator.
    """
    contact = contact_selectors.get_contact(contact_id)
    entries = selectors.timeline_for(contact, limit=page.offset + page.limit)[
        page.offset :
    ]
    return {
        "items": [{"kind": e.kind, "at": e.at, e.kind: e.item} for e in entries],
        "count": selectors.timeline_size(contact),
    }
