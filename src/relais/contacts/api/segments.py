"""/segments: saved filters over contacts, their live count, members and exports.

A definition is versioned JSON (docs/search.md): ``{"version": 1, "match": "all",
"criteria": [{"field": "tags", "op": "any", "value": ["VIP"]}]}``; a wrong one is refused
with a message naming the criterion (422).
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor, read_only_post_auth
from relais.contacts.models import Segment
from relais.contacts.segments import export, selectors, services
from relais.contacts.segments.definition import FIELDS, MAX_CRITERIA
from relais.contacts.selectors import with_details
from relais.core.api_fields import InputSchema, Line, LongText, Paging, PathId
from relais.core.api_support import responses

from .schemas import ContactOut

router = Router(tags=["segments"])

FieldName = Literal[tuple(FIELDS)]  # type: ignore[valid-type]


class CriterionIn(InputSchema):
    field: FieldName  # type: ignore[valid-type]
    op: Annotated[str, Field(max_length=20)]
    value: Any = Field(
        None,
        description="Depends on the field and operator: a text, a list of texts, an id, "
        "true/false, a day (2026-01-31) or a period back from today (30d, 2w, 6m, 1y).",
    )


class DefinitionIn(InputSchema):
    version: Literal[1] = 1
    match: Literal["all", "any"] = "all"
    criteria: Annotated[list[CriterionIn], Field(max_length=MAX_CRITERIA)] = []


class SegmentIn(InputSchema):
    name: Annotated[Line, Field(min_length=1, max_length=200)]
    description: LongText = ""
    definition: DefinitionIn


class SegmentPatch(InputSchema):
    name: Annotated[Line, Field(min_length=1, max_length=200)] | None = None
    description: LongText | None = None
    definition: DefinitionIn | None = None


class SegmentOut(Schema):
    id: int
    name: str
    description: str
    definition: dict[str, Any]
    count: int
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class CountOut(Schema):
    count: int


class ExportQuery(Schema):
    format: Literal["csv", "xlsx", "vcf", "jsonl"] = "csv"


def _out(segment: Segment) -> dict[str, Any]:
    return {
        "id": segment.pk,
        "name": segment.name,
        "description": segment.description,
        "definition": segment.definition,
        "count": selectors.segment_contacts(segment).count(),
        "created_by": segment.created_by.email if segment.created_by else None,
        "created_at": segment.created_at,
        "updated_at": segment.updated_at,
    }


def _definition(payload: DefinitionIn) -> dict[str, Any]:
    return payload.model_dump(mode="json")


@router.get(
    "/segments", response=responses({200: list[SegmentOut]}), summary="List segments"
)
@paginate(Paging)
def list_segments(request: HttpRequest) -> Any:
    """By name, each with its number of contacts now."""
    return [_out(s) for s in selectors.list_segments()]


@router.post(
    "/segments", response=responses({201: SegmentOut}), summary="Save a segment"
)
def create_segment(request: HttpRequest, payload: SegmentIn) -> Status[dict[str, Any]]:
    segment = services.create_segment(
        actor=actor(request),
        name=payload.name,
        description=payload.description,
        definition=_definition(payload.definition),
    )
    return Status(201, _out(segment))


@router.post(
    "/segments/count",
    response=responses({200: CountOut}),
    auth=read_only_post_auth,
    summary="Count the contacts of a definition",
)
def count_definition(request: HttpRequest, payload: DefinitionIn) -> dict[str, int]:
    """For a filter being built: how many contacts it selects, without saving it."""
    return {"count": selectors.contacts_matching(_definition(payload)).count()}


@router.get(
    "/segments/{segment_id}",
    response=responses({200: SegmentOut}),
    summary="Read a segment",
)
def get_segment(request: HttpRequest, segment_id: PathId) -> dict[str, Any]:
    return _out(selectors.get_segment(segment_id))


@router.patch(
    "/segments/{segment_id}",
    response=responses({200: SegmentOut}),
    summary="Change a segment",
)
def update_segment(
    request: HttpRequest, segment_id: PathId, payload: SegmentPatch
) -> dict[str, Any]:
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True, mode="json")
    changes = {k: v for k, v in changes.items() if v is not None}
    segment = services.update_segment(
        actor=actor(request),
        segment=selectors.get_segment(segment_id),
        changes=changes,
    )
    return _out(segment)


@router.delete(
    "/segments/{segment_id}",
    response=responses({204: None}),
    summary="Delete a segment",
)
def delete_segment(request: HttpRequest, segment_id: PathId) -> Status[None]:
    """The contacts it selected are untouched."""
    services.delete_segment(
        actor=actor(request), segment=selectors.get_segment(segment_id)
    )
    return Status(204, None)


@router.get(
    "/segments/{segment_id}/count",
    response=responses({200: CountOut}),
    summary="Count a segment's contacts",
)
def count_segment(request: HttpRequest, segment_id: PathId) -> dict[str, int]:
    return {
        "count": selectors.segment_contacts(selectors.get_segment(segment_id)).count()
    }


@router.get(
    "/segments/{segment_id}/contacts",
    response=responses({200: list[ContactOut]}),
    summary="A segment's contacts",
)
@paginate(Paging)
def segment_members(request: HttpRequest, segment_id: PathId) -> Any:
    """The contacts the segment selects now, by name."""
    return with_details(selectors.segment_contacts(selectors.get_segment(segment_id)))


@router.get(
    "/segments/{segment_id}/export",
    response=responses({200: None}),
    summary="Export a segment's contacts",
)
def export_segment(
    request: HttpRequest, segment_id: PathId, query: Query[ExportQuery]
) -> HttpResponse:
    """CSV, XLSX, vCard or JSONL (the export record), as a file download."""
    segment = selectors.get_segment(segment_id)
    fmt = query.format
    content, content_type, name = export.export_download(segment, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
