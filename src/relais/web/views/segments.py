"""Segments in the web UI: the list with counts, the filter builder (rows added and removed
with HTMX, the count updated as criteria change), a segment's members and its exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts.services import ensure_can_write
from relais.contacts.models import Segment
from relais.contacts.segments import export, selectors, services
from relais.contacts.selectors import with_details
from relais.core.errors import InvalidInput
from relais.web.forms.segments import (
    Row,
    attach_errors,
    definition_from_rows,
    field_choices,
    rows_from_definition,
    rows_from_post,
)

from .base import AuthedRequest, web_view

PAGE_SIZE = 50


@web_view
def segment_list(request: AuthedRequest) -> HttpResponse:
    segments = [
        (s, selectors.segment_contacts(s).count()) for s in selectors.list_segments()
    ]
    return render(request, "web/segments/list.html", {"segments": segments})


def _builder(request: AuthedRequest, segment: Segment | None) -> HttpResponse:
    ensure_can_write(request.user)
    if request.method == "POST":
        rows = rows_from_post(request.POST)
        match = request.POST.get("match", "all")
        name = request.POST.get("name", "")
        description = request.POST.get("description", "")
        definition = definition_from_rows(rows, match)
        try:
            if segment is None:
                segment = services.create_segment(
                    actor=request.user,
                    name=name,
                    description=description,
                    definition=definition,
                )
            else:
                services.update_segment(
                    actor=request.user,
                    segment=segment,
                    changes={
                        "name": name,
                        "description": description,
                        "definition": definition,
                    },
                )
        except InvalidInput as exc:
            name_error = exc.errors.pop("name", "")
            general = attach_errors(rows, exc.errors)
            return _builder_page(
                request,
                segment,
                rows,
                match,
                name,
                description,
                name_error,
                general,
                400,
            )
        messages.success(
            request, _("Segment “%(name)s” saved.") % {"name": segment.name}
        )
        return redirect("web:segment", pk=segment.pk)
    if segment is not None:
        rows = rows_from_definition(segment.definition)
        match = segment.definition.get("match", "all")
        name, description = segment.name, segment.description
    else:
        rows, match, name, description = [Row(index=0, field="tags")], "all", "", ""
    return _builder_page(request, segment, rows, match, name, description)


def _builder_page(
    request: AuthedRequest,
    segment: Segment | None,
    rows: list[Row],
    match: str,
    name: str,
    description: str,
    name_error: str = "",
    general_error: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "segment": segment,
        "rows": rows,
        "match": match,
        "name": name,
        "description": description,
        "name_error": name_error,
        "general_error": general_error,
        "fields": field_choices(),
        "next_index": max((r.index for r in rows), default=-1) + 1,
        "count": _count(rows, match),
    }
    return render(request, "web/segments/builder.html", context, status=status)


def _count(rows: list[Row], match: str) -> int | None:
    try:
        return selectors.contacts_matching(definition_from_rows(rows, match)).count()
    except InvalidInput:
        return None


@web_view
def segment_new(request: AuthedRequest) -> HttpResponse:
    return _builder(request, None)


@web_view
def segment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _builder(request, selectors.get_segment(pk))


@web_view
def segment_count(request: AuthedRequest) -> HttpResponse:
    """The live count of the filter being built (the builder sends its rows on each change)."""
    rows = rows_from_post(request.GET)
    return render(
        request,
        "web/segments/_count.html",
        {"count": _count(rows, request.GET.get("match", "all"))},
    )


@web_view
def segment_row(request: AuthedRequest) -> HttpResponse:
    """A criterion row: a new one (Add a criterion) or one whose field or operator changed."""
    raw = request.GET.get("index", "0")
    index = int(raw) if raw.isdigit() and int(raw) < 1000 else 0
    field = request.GET.get(f"field-{index}", "")
    row = Row(
        index=index,
        field=field if field in dict(field_choices()) else "tags",
        op=request.GET.get(f"op-{index}", ""),
        value=request.GET.get(f"value-{index}", ""),
    )
    if row.op not in dict(row.ops):
        row.op = row.ops[0][0] if row.ops else ""
    return render(
        request, "web/segments/_row.html", {"row": row, "fields": field_choices()}
    )


@web_view
def segment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = selectors.get_segment(pk)
    members = with_details(selectors.segment_contacts(segment))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/segments/detail.html",
        {"segment": segment, "page": page, "formats": export.SEGMENT_FORMATS},
    )


@web_view
def segment_export(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = selectors.get_segment(pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in export.SEGMENT_FORMATS:  # never a silent CSV for a mistyped format
        raise BadRequest(
            _("Unknown format “%(format)s”: use one of %(formats)s.")
            % {"format": fmt[:20], "formats": ", ".join(export.SEGMENT_FORMATS)}
        )
    content, content_type, name = export.export_download(segment, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@web_view
@require_POST
def segment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = selectors.get_segment(pk)
    try:
        services.delete_segment(actor=request.user, segment=segment)
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
        return redirect("web:segment", pk=pk)
    messages.success(request, _("Segment “%(name)s” deleted.") % {"name": segment.name})
    return redirect("web:segments")
