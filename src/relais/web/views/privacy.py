"""Privacy and freshness pages of the web UI: actions on a contact (lawful basis, confirm,
self-update link, access export, erasure, self-update review), the freshness dashboard and
the retention review. Thin: each calls a service of ``relais.privacy``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from relais.accounts.services import ensure_admin, ensure_can_write
from relais.contacts import selectors
from relais.core.errors import InvalidInput
from relais.privacy import selectors as privacy
from relais.privacy.services import access, consent, erasure, freshness, self_update
from relais.privacy.services.people import expand
from relais.privacy.services.retention import (
    cutoff,
    keep_contacts,
    retention_candidates,
)
from relais.web.charts import band_chart, band_labels
from relais.web.forms.privacy import ConsentForm, RetentionForm

from .base import AuthedRequest, is_htmx, web_view, write_view


def _back(request: AuthedRequest, pk: int) -> HttpResponse:
    return redirect("web:contact", pk=pk)


@write_view
def consent_set(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        given = form.cleaned_data["given_on"]
        try:
            consent.set_lawful_basis(
                actor=request.user,
                contact=contact,
                basis=form.cleaned_data["basis"],
                source=form.cleaned_data["source"],
                given_at=given,
            )
        except InvalidInput as exc:
            messages.error(request, " ".join(exc.errors.values()))
        else:
            messages.success(request, _("Lawful basis recorded."))
    else:
        messages.error(
            request, " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    return _back(request, pk)


@write_view
def contact_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    freshness.confirm_contact(actor=request.user, contact=selectors.get_contact(pk))
    messages.success(request, _("Details confirmed: the freshness score starts again."))
    return _back(request, pk)


@write_view
def self_update_link(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    url = self_update.self_update_url(contact, actor=request.user)
    context = {"contact": contact, "link_url": url}
    if is_htmx(request):
        return render(request, "web/privacy/_link.html", context)
    messages.success(request, _("Self-update link: %(url)s") % {"url": url})
    return _back(request, pk)


@web_view
def access_export(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    point = contact.points.filter(kind__in=["email", "phone"]).first()
    document: dict[str, Any] | None = None
    if point is not None:
        try:
            document = access.person_document(
                point.normalized_value, actor=request.user
            )
            contacts = expand({contact.pk})
        except (
            InvalidInput
        ):  # the address is shared by other people: this contact alone
            document = None
    if document is None:
        contacts = [contact]
        document = {
            "format": "relais-access-export/1",
            "generated_at": timezone.now().isoformat(),
            "contacts": [access.contact_document(contact)],
        }
    if request.GET.get("format", "html") not in ("html", "json"):
        raise BadRequest(_("Unknown format: use json, or none for this page."))
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = dt.date.today().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="relais-access-{contact.pk}-{stamp}.json"'
        )
        return response
    return render(
        request,
        "web/privacy/access.html",
        {"contact": contact, "document": document, "contacts": contacts},
    )


@web_view
def contact_erase(request: AuthedRequest, pk: int) -> HttpResponse:
    ensure_admin(request.user)
    contact = selectors.get_contact(pk)
    contacts = expand({contact.pk})
    plan = erasure.plan_erasure(contacts)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        done = erasure.erase_contacts(actor=request.user, contacts=contacts)
        messages.success(
            request,
            _("The person was erased from every table (erasure #%(id)s).")
            % {"id": done.pk},
        )
        return redirect("web:contacts")
    return render(
        request,
        "web/privacy/erase.html",
        {
            "contact": contact,
            "plan": plan,
            "asked": request.method == "POST",
        },
    )


@write_view
def self_update_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = self_update.get_proposal(pk)
    approve = request.POST.get("decision") == "approve"
    self_update.decide(actor=request.user, proposal=proposal, approve=approve)
    messages.success(
        request, _("Changes applied.") if approve else _("Changes rejected.")
    )
    return _back(request, proposal.contact_id)


@web_view
def freshness_dashboard(request: AuthedRequest) -> HttpResponse:
    series = privacy.snapshot_series()
    labels = band_labels()
    now = privacy.current_bands()
    return render(
        request,
        "web/privacy/freshness.html",
        {
            "chart": mark_safe(band_chart(series)),  # noqa: S308 - every text escaped
            "bands": [
                (band, labels[band], now["counts"][band], now["shares"][band])
                for band in ("fresh", "ageing", "stale", "unknown")
            ],
            "total": now["total"],
            "stale": privacy.probably_stale().select_related("organisation")[:20],
        },
    )


@web_view
def retention_review(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        ensure_can_write(request.user)
        form = RetentionForm(request.POST)
        if form.is_valid():
            chosen = list(form.cleaned_data["contacts"])
            if form.cleaned_data["action"] == "erase":
                done = erasure.erase_contacts(actor=request.user, contacts=chosen)
                messages.success(
                    request,
                    _("%(n)s contacts erased (erasure #%(id)s).")
                    % {"n": len(chosen), "id": done.pk},
                )
            else:
                keep_contacts(actor=request.user, contacts=chosen)
                messages.success(
                    request,
                    _("%(n)s contacts kept for another period.") % {"n": len(chosen)},
                )
        else:
            messages.error(request, _("Choose contacts, then keep or erase them."))
        return redirect("web:retention")
    return render(
        request,
        "web/privacy/retention.html",
        {"candidates": retention_candidates()[:500], "since": cutoff()},
    )
