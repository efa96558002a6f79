"""The mentions inbox: filters, live counts, triage by mouse or keyboard (docs/listening.md).

Every action is a plain POST form that works without JavaScript; with HTMX the card is swapped
in place and an ``HX-Trigger: mentions-changed`` header refreshes the counts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from relais.core.errors import InvalidInput
from relais.listening import selectors
from relais.listening.models import Mention
from relais.listening.services import triage

from .base import AuthedRequest, is_htmx, web_view, write_view

PAGE = 100
LABELS = {
    "complaint": _("Complaint"),
    "question": _("Question"),
    "praise": _("Praise"),
    "purchase_intent": _("Purchase intent"),
    "spam": _("Spam"),
    "other": _("Other"),
}


def _filters(request: AuthedRequest) -> dict[str, str]:
    get = request.GET
    return {
        key: get.get(key, "").strip()[:200]
        for key in ("source", "label", "lang", "status", "q")
    }


def _query(filters: dict[str, str], contact: str) -> dict[str, object]:
    return {**filters, "contact": int(contact) if contact.isdigit() else None}


def _counts_context(filters: dict[str, str], contact: str) -> dict[str, object]:
    everything = selectors.list_mentions()
    counts = selectors.counts(everything)
    return {
        "counts": counts,
        "shown": selectors.list_mentions(**_query(filters, contact)).count(),  # type: ignore[arg-type]
        "spikes": selectors.spikes(),
        "labels": LABELS,
        "filters": filters,
    }


@web_view
def inbox(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    contact = request.GET.get("contact", "")
    mentions = list(selectors.list_mentions(**_query(filters, contact))[:PAGE])  # type: ignore[arg-type]
    for mention in mentions:
        mention.label_text = LABELS.get(mention.label, mention.label)  # type: ignore[attr-defined]
    context = {
        **_counts_context(filters, contact),
        "mentions": mentions,
        "contact": contact,
        "statuses": Mention.Status.choices,
        "page": PAGE,
    }
    return render(request, "web/mentions/inbox.html", context)


@web_view
def counts(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    context = _counts_context(filters, request.GET.get("contact", ""))
    return render(request, "web/mentions/_counts.html", context)


def _refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Bad input (an unknown label, no contact to unlink) answers 422 with the reason."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except InvalidInput as exc:
            return HttpResponse(
                escape(exc.message), status=422, content_type="text/plain"
            )

    return wrapper


def _card(request: AuthedRequest, mention: Mention) -> HttpResponse:
    if not is_htmx(request):
        # Back to the filtered inbox the form came from, never to another site.
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            target = reverse("web:mentions")
        return redirect(target)
    mention = triage.get_mention(mention.pk)
    mention.label_text = LABELS.get(mention.label, mention.label)  # type: ignore[attr-defined]
    response = render(
        request, "web/mentions/_card.html", {"mention": mention, "labels": LABELS}
    )
    response["HX-Trigger"] = "mentions-changed"
    return response


@write_view
@_refusals
def set_status(request: AuthedRequest, pk: int) -> HttpResponse:
    mention = triage.get_mention(pk)
    triage.set_status(
        actor=request.user, mention=mention, status=request.POST.get("status", "")
    )
    return _card(request, mention)


@write_view
@_refusals
def correct_label(request: AuthedRequest, pk: int) -> HttpResponse:
    mention = triage.get_mention(pk)
    triage.correct_label(
        actor=request.user, mention=mention, label=request.POST.get("label", "")
    )
    return _card(request, mention)


@write_view
@_refusals
def not_this_person(request: AuthedRequest, pk: int) -> HttpResponse:
    mention = triage.get_mention(pk)
    triage.not_this_person(actor=request.user, mention=mention)
    return _card(request, mention)


@write_view
@_refusals
def create_contact(request: AuthedRequest, pk: int) -> HttpResponse:
    mention = triage.get_mention(pk)
    triage.create_contact_from_author(actor=request.user, mention=mention)
    return _card(request, mention)
