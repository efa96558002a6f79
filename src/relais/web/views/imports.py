"""The imports page: upload files, check how they will be read, import in the background.

Three steps, each a thin call into ``relais.ingest``: the upload saves the files
(``tasks.save_uploads``) and remembers the upload in the session; the preview shows each
source's format, column mapping and first rows (``selectors.preview_sources``), with a select
per column to change its field; "Import" queues the job (``tasks.start_upload_import``) and
opens the batch page, whose progress fragment HTMX polls every second until the job is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.accounts.services import ensure_can_write
from relais.core.errors import InvalidInput
from relais.ingest import selectors, tasks
from relais.ingest.readers import MappingError
from relais.ingest.readers.mapping import parse_target
from relais.ingest.undo import undo_batch
from relais.web import import_display
from relais.web.forms import UploadForm

from .base import AuthedRequest, is_htmx, web_view, write_view

SESSION_KEY = "relais_uploads"
KEPT_UPLOADS = 20


def _list_page(
    request: AuthedRequest, form: UploadForm, status: int = 200
) -> HttpResponse:
    context = {"form": form, "batches": list(selectors.list_batches())}
    return render(request, "web/imports/list.html", context, status=status)


@web_view
def import_list(request: AuthedRequest) -> HttpResponse:
    return _list_page(request, UploadForm())


@web_view
def import_upload(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":  # a reload or a typed address: the page with the form
        return redirect("web:imports")
    ensure_can_write(request.user)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    token = tasks.save_uploads((f.name or "", f) for f in form.cleaned_data["upload"])
    mine = [token, *request.session.get(SESSION_KEY, [])][:KEPT_UPLOADS]
    request.session[SESSION_KEY] = mine
    return redirect("web:import_preview", token=token)


def _upload(request: AuthedRequest, token: str) -> list[Path]:
    """The upload's files, if this person made it (an upload is private to its uploader)."""
    if token not in request.session.get(SESSION_KEY, []):
        raise Http404(_("This upload is no longer available: upload the files again."))
    return tasks.upload_paths(token)


def _overrides(
    request: AuthedRequest, sources: list[import_display.SourceView]
) -> tuple[dict[str, str], list[str]]:
    """The columns whose field the person changed, and what is wrong with the changes."""
    overrides: dict[str, str] = {}
    errors: list[str] = []
    for source in sources:
        for column in source.columns:
            value = request.POST.get(f"map-{source.index}-{column.index}", "").strip()
            if not value or value == column.target:
                continue
            try:
                parse_target(value)
            except MappingError:
                errors.append(
                    _("Unknown field for column “%(c)s”.") % {"c": column.column}
                )
                continue
            if overrides.get(column.column, value) != value:
                errors.append(
                    _(
                        "Column “%(c)s” is given two different fields: import these "
                        "files separately."
                    )
                    % {"c": column.column}
                )
            overrides[column.column] = value
    # A changed column applies to the tables that have it (run_import checks that one does).
    return overrides, errors


@web_view
def import_preview(request: AuthedRequest, token: str) -> HttpResponse:
    paths = _upload(request, token)
    sources = import_display.source_views(selectors.preview_sources(paths))
    overrides: dict[str, str] = {}
    errors: list[str] = []
    if request.method == "POST":
        ensure_can_write(request.user)
        overrides, errors = _overrides(request, sources)
        if request.POST.get("action") == "import" and not errors:
            try:
                batch = tasks.start_upload_import(
                    actor=request.user, paths=paths, mapping_overrides=overrides
                )
            except InvalidInput as exc:
                errors = list(exc.errors.values())
            else:
                request.session[SESSION_KEY] = [
                    t for t in request.session.get(SESSION_KEY, []) if t != token
                ]
                return redirect("web:import_batch", pk=batch.pk)
        if overrides and not errors:
            sources = import_display.source_views(
                selectors.preview_sources(paths, overrides)
            )
    readable = [s for s in sources if not s.problem]
    context = {
        "token": token,
        "sources": sources,
        "readable": readable,
        "mappable": any(s.columns for s in readable),
        "problems": [s for s in sources if s.problem],
        "errors": errors,
        "files": [p.name for p in paths],
    }
    return render(request, "web/imports/preview.html", context)


def _batch_context(pk: int) -> dict[str, Any]:
    batch = selectors.get_batch(pk)
    stats = batch.stats or {}
    return {
        "batch": batch,
        "stats": stats,
        "progress": import_display.progress(batch),
        "skipped_more": max(
            (stats.get("records_skipped") or 0)
            + (stats.get("fields_skipped") or 0)
            - len(stats.get("skipped") or []),
            0,
        ),
    }


@web_view
def import_batch(request: AuthedRequest, pk: int) -> HttpResponse:
    context = _batch_context(pk)
    if is_htmx(request):
        return render(request, "web/imports/_progress.html", context)
    return render(request, "web/imports/batch.html", context)


@write_view
def import_undo(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        counts = undo_batch(actor=request.user, batch_id=pk)
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        removed = counts.get("contacts", 0)
        text = ngettext(
            "Import undone: %(n)d contact removed.",
            "Import undone: %(n)d contacts removed.",
            removed,
        )
        messages.success(request, text % {"n": removed})
    return redirect("web:imports")
