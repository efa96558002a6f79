"""The listening area of the REST API: mentions, sources, and the signed webhook."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor, find_user
from relais.contacts import selectors as contact_selectors
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import as_field, responses, sent
from relais.listening import selectors
from relais.listening.services import triage, webhook
from relais.listening.services.sources import add_source

from .schemas import (
    CountsOut,
    LinkIn,
    MentionOut,
    MentionPatch,
    MentionQuery,
    MentionSourceOut,
    SourceIn,
    StoredOut,
)

router = Router(tags=["mentions"])


def _filters(query: MentionQuery) -> dict[str, Any]:
    return {
        "source": query.source,
        "label": query.label,
        "lang": query.lang,
        "status": query.status.value if query.status else "",
        "contact": query.contact,
        "q": query.q,
    }


@router.get(
    "/mentions", response=responses({200: list[MentionOut]}), summary="List mentions"
)
@paginate(Paging)
def list_mentions(request: HttpRequest, filters: Query[MentionQuery]) -> Any:
    """Newest first, with the inbox's filters."""
    found = selectors.list_mentions(**_filters(filters)).prefetch_related("versions")
    return _Records(found)


class _Records:
    """A sliceable view of mentions as their records, so paging queries only one page."""

    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset

    def __len__(self) -> int:
        return int(self.queryset.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [selectors.mention_record(m) for m in self.queryset[index]]


@router.get(
    "/mentions/counts", response=responses({200: CountsOut}), summary="Count mentions"
)
def mention_counts(
    request: HttpRequest, filters: Query[MentionQuery]
) -> dict[str, Any]:
    """Per status, label, language and source for these filters, and today's spikes."""
    return {
        **selectors.counts(selectors.list_mentions(**_filters(filters))),
        "spikes": selectors.spikes(),
    }


# Public by design, authenticated by the HMAC signature of the body (services/webhook.py).
# Left out of the OpenAPI schema: its body is whatever bytes were signed.
@router.post(
    "/mentions/webhook",
    auth=None,
    response=responses({200: StoredOut}),
    include_in_schema=False,
)
def receive_webhook(request: HttpRequest) -> dict[str, int]:
    stored = webhook.receive(
        request.body, request.headers.get("X-Relais-Signature", "")
    )
    return {"new": len(stored.new), "updated": len(stored.updated)}


@router.get(
    "/mentions/{mention_id}",
    response=responses({200: MentionOut}),
    summary="Read a mention",
)
def get_mention(request: HttpRequest, mention_id: PathId) -> dict[str, Any]:
    return selectors.mention_record(triage.get_mention(mention_id))


@router.patch(
    "/mentions/{mention_id}",
    response=responses({200: MentionOut}),
    summary="Triage a mention",
)
def update_mention(
    request: HttpRequest, mention_id: PathId, payload: MentionPatch
) -> dict[str, Any]:
    """Status, corrected label (kept for retraining), assignee (null to unassign)."""
    mention = triage.get_mention(mention_id)
    changes = sent(payload)
    who = actor(request)
    if changes.get("status"):
        triage.set_status(actor=who, mention=mention, status=changes["status"])
    if changes.get("label"):
        triage.correct_label(actor=who, mention=mention, label=changes["label"])
    if "assignee" in changes:
        assignee = (
            find_user(changes["assignee"], "assignee")
            if changes["assignee"] is not None
            else None
        )
        triage.assign(actor=who, mention=mention, assignee=assignee)
    return selectors.mention_record(mention)


@router.post(
    "/mentions/{mention_id}/contact",
    response=responses({200: MentionOut}),
    summary="Link to a contact",
)
def link_contact(
    request: HttpRequest, mention_id: PathId, payload: LinkIn
) -> dict[str, Any]:
    """Link the mention to a contact, or (without ``contact``) create one from its author."""
    mention = triage.get_mention(mention_id)
    if payload.contact is None:
        triage.create_contact_from_author(actor=actor(request), mention=mention)
    else:
        with as_field("contact"):
            contact = contact_selectors.get_contact(payload.contact)
        triage.link_to(actor=actor(request), mention=mention, contact=contact)
    return selectors.mention_record(mention)


@router.post(
    "/mentions/{mention_id}/not-this-person",
    response=responses({200: MentionOut}),
    summary="Unlink a wrongly linked contact",
)
def not_this_person(request: HttpRequest, mention_id: PathId) -> dict[str, Any]:
    mention = triage.get_mention(mention_id)
    triage.not_this_person(actor=actor(request), mention=mention)
    return selectors.mention_record(mention)


@router.get(
    "/sources",
    response=responses({200: list[MentionSourceOut]}),
    summary="List sources",
)
def list_sources(request: HttpRequest) -> Any:
    return [_source(s) for s in selectors.list_sources()]


@router.post(
    "/sources", response=responses({201: MentionSourceOut}), summary="Add a source"
)
def create_source(request: HttpRequest, payload: SourceIn) -> Status[dict[str, Any]]:
    source = add_source(
        actor=actor(request),
        url=payload.url,
        kind=payload.kind,
        name=payload.name,
        config=dict(payload.config),
        interval_minutes=payload.interval_minutes,
    )
    return Status(201, _source(source))


def _source(source: Any) -> dict[str, Any]:
    return {
        "id": source.pk,
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "health": source.health,
        "last_success_at": source.last_success_at,
        "last_error": source.last_error,
    }
