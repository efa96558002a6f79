"""The business cards page: photos taken on the phone, fields checked and confirmed.

Mobile first: one column at phone width, photo beside its fields from 900 px. Thin calls into
``relais.ingest.card_drafts`` (read, confirm, discard) and the matching engine (duplicates
shown before saving).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais.core.errors import InvalidInput
from relais.ingest import card_drafts
from relais.ingest.models import CardDraft
from relais.matching.services.incremental import draft_record, possible_duplicates

from .base import AuthedRequest, web_view, write_view

_LABELS = ("work", "mobile", "direct", "standard", "")


def _view(draft: CardDraft) -> dict[str, Any]:
    fields = draft.fields
    low = card_drafts.low_fields(draft)
    phones = [list(p) for p in fields.get("phones", [])] or [["", "work"]]
    record = draft_record(
        first_name=str(fields.get("first_name", "")),
        last_name=str(fields.get("last_name", "")),
        organisation=str(fields.get("organisation", "")),
        emails=list(fields.get("emails", [])),
        phones=[p[0] for p in phones if p[0]],
    )
    return {
        "draft": draft,
        "fields": fields,
        "email": ", ".join(fields.get("emails", [])),
        "phones": [
            {"n": i, "value": p[0], "label": p[1], "low": f"phone {i}" in low}
            for i, p in enumerate(phones, 1)
        ],
        "low": low,
        "duplicates": possible_duplicates(record),
    }


def _page(request: AuthedRequest, status: int = 200, **extra: Any) -> HttpResponse:
    drafts = card_drafts.pending_drafts(request.user)
    context = {
        "drafts": [_view(d) for d in drafts],
        "labels": _LABELS,
        "event": drafts[-1].event if drafts else "",
        "tag": drafts[-1].tag if drafts else "",
        **extra,
    }
    return render(request, "web/cards/page.html", context, status=status)


@web_view
def cards_page(request: AuthedRequest) -> HttpResponse:
    return _page(request)


@write_view
def cards_upload(request: AuthedRequest) -> HttpResponse:
    photos = [
        card_drafts.Photo(f.name or "card.jpg", f.read())
        for f in request.FILES.getlist("photos")
    ]
    try:
        added = card_drafts.add_drafts(
            actor=request.user,
            photos=photos,
            event=request.POST.get("event", ""),
            tag=request.POST.get("tag", ""),
        )
    except InvalidInput as exc:
        return _page(request, status=400, upload_errors=list(exc.errors.values()))
    messages.success(
        request,
        _("%(count)d card(s) read: check and confirm below.") % {"count": len(added)},
    )
    return redirect("web:cards")


@web_view
def card_image(request: AuthedRequest, pk: int) -> HttpResponse:
    draft = card_drafts.get_draft(request.user, pk)
    response = HttpResponse(
        bytes(draft.data), content_type=draft.content_type or "image/jpeg"
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@write_view
def card_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    values = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    try:
        report = card_drafts.confirm_draft(
            actor=request.user, draft_id=pk, values=values
        )
    except InvalidInput as exc:
        return _page(request, status=400, card_errors={pk: list(exc.errors.values())})
    if report.contacts_created:
        messages.success(request, _("Card saved as a new contact."))
    else:
        messages.success(request, _("Card saved on the contact already in Relais."))
    return redirect("web:cards")


@write_view
def card_discard(request: AuthedRequest, pk: int) -> HttpResponse:
    card_drafts.discard_draft(actor=request.user, draft_id=pk)
    messages.info(request, _("Card discarded."))
    return redirect("web:cards")
