"""The contact list (search as you type, filters, pages) and the create/edit form."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais.accounts.services import ensure_can_write
from relais.contacts import selectors, services
from relais.contacts.services.edit import edit_contact
from relais.core.errors import InvalidInput
from relais.web.forms import ContactEditor, ContactFilterForm
from relais.web.forms.contact import KINDS, LABEL_CHOICES, PointRow

from .base import AuthedRequest, is_htmx, web_view

PAGE_SIZE = 50


@web_view
def contact_list(request: AuthedRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET)
    contacts = selectors.with_details(
        selectors.list_contacts(form.to_filter(request.user))
    )
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": form.is_filtered}
    if is_htmx(request):
        return render(request, "web/contacts/_results.html", context)
    return render(request, "web/contacts/list.html", context)


@web_view
def contact_create(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user)
    editor = ContactEditor(
        request.POST if request.method == "POST" else None, creator=request.user
    )
    if request.method == "POST" and editor.is_valid():
        try:
            contact = services.create_contact(
                actor=request.user,
                source=services.Source.manual("web"),
                points=editor.points.inputs(),
                tags=editor.form.tag_names(),
                **editor.form.field_values(),
            )
        except InvalidInput as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("%(name)s was added to your contacts.")
                % {"name": contact.display_name},
            )
            # ?new=1: the contact page says whether it looks like someone already there.
            return redirect(reverse("web:contact", args=[contact.pk]) + "?new=1")
    return _form_page(request, editor)


@web_view
def contact_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    ensure_can_write(request.user)
    editor = ContactEditor(
        request.POST if request.method == "POST" else None, contact=contact
    )
    if request.method == "POST" and editor.is_valid():
        try:
            edit_contact(
                actor=request.user,
                contact=contact,
                source=services.Source.manual("web"),
                changes=editor.form.field_values(),
                points=editor.points.edits(),
                tags=editor.form.tag_names(),
            )
        except InvalidInput as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("web:contact", pk=contact.pk)
    return _form_page(request, editor)


def _form_page(request: AuthedRequest, editor: ContactEditor) -> HttpResponse:
    context = {
        "editor": editor,
        "contact": editor.contact,
        "label_choices": LABEL_CHOICES,
    }
    return render(
        request,
        "web/contacts/form.html",
        context,
        status=400 if editor.has_errors else 200,
    )


@web_view
def point_row(request: AuthedRequest) -> HttpResponse:
    """One more empty email or phone row for the form (the "Add another" button)."""
    kind = request.GET.get("kind", "")
    if kind not in KINDS:
        kind = "email"
    return render(
        request,
        "web/contacts/_point_row.html",
        {"row": PointRow(kind=kind), "label_choices": LABEL_CHOICES},
    )
