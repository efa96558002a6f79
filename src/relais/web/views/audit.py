"""The audit log pages: every change in the workspace (admins), and one contact's history."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from relais.accounts.services import ensure_admin
from relais.audit import selectors
from relais.audit.display import change_lines
from relais.contacts import selectors as contact_selectors
from relais.web.forms import AuditFilterForm

from .base import AuthedRequest, web_view

PER_PAGE = 50


def _listing(request: AuthedRequest, contact_id: int | None) -> dict[str, Any]:
    form = AuditFilterForm(request.GET, choices=selectors.choices(contact_id))
    entries = selectors.list_entries(form.to_filter(contact_id))
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "rows": [
            (entry, change_lines(entry.changes, entry.object_type))
            for entry in page.object_list
        ],
        "query": query.urlencode(),
    }


@web_view
def audit_log(request: AuthedRequest) -> HttpResponse:
    ensure_admin(request.user)
    return render(request, "web/audit/list.html", _listing(request, None))


@web_view
def contact_audit(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = contact_selectors.get_contact(pk)
    context = {"contact": contact, **_listing(request, contact.pk)}
    return render(request, "web/audit/list.html", context)
