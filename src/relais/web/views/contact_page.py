"""The contact page, and how it answers after a change made on it.

A change made on the page (a note, a tag, a task, a logged call) answers an HTMX request with
the sections it changed — the first one replaces the element the form targets, the others
swap out-of-band — and a plain form post with a redirect back to the page. A form with errors
comes back with its messages, in place.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais.audit.display import change_lines
from relais.audit.selectors import AuditFilter, list_entries
from relais.community.selectors import contact_authors
from relais.contacts import selectors
from relais.contacts.models import Contact
from relais.insight.profiles import profile_for
from relais.listening.selectors import timeline_mentions
from relais.matching import selectors as matching_selectors
from relais.matching.hints import hints_for_contact
from relais.timeline import selectors as timeline
from relais.web.display import point_groups, provenance_lines
from relais.web.forms import InteractionForm, NoteForm, TagForm, TaskForm
from relais.web.privacy_display import privacy_context

from .base import AuthedRequest, fragments, is_htmx, retarget, web_view
from .profiles import profile_context

SECTIONS = {
    "summary": "web/contacts/_pickup.html",
    "timeline": "web/contacts/_timeline.html",
    "tags": "web/contacts/_tags.html",
    "tasks": "web/contacts/_tasks.html",
    "note_form": "web/contacts/_note_form.html",
    "log_form": "web/contacts/_log_form.html",
    "audit": "web/contacts/_audit.html",
}
# Where each form is shown: the section re-rendered (with its errors) when it does not validate.
FORM_SECTIONS = {
    "note_form": "note_form",
    "log_form": "log_form",
    "tag_form": "tags",
    "task_form": "tasks",
}
SECTION_IDS = {
    "summary": "pickup",
    "timeline": "timeline",
    "tags": "tags",
    "tasks": "open-tasks",
    "note_form": "note-form",
    "log_form": "log-form",
    "audit": "recent-changes",
}


def page_context(
    request: AuthedRequest, contact: Contact, **bound: forms.Form
) -> dict[str, Any]:
    entries: list[Any] = [*timeline.timeline_for(contact), *timeline_mentions(contact)]
    entries = sorted(entries, key=lambda e: e.at, reverse=True)[:200]
    pickup = timeline.pickup_for(contact)
    return {
        "contact": contact,
        "point_groups": point_groups(contact),
        "provenance": provenance_lines(contact),
        "entries": entries,
        "pickup": pickup,
        "open_tasks": pickup.open_tasks,
        "recent_changes": [
            (entry, change_lines(entry.changes, entry.object_type))
            for entry in list_entries(AuditFilter(contact_id=contact.pk))[:5]
        ],
        "note_form": bound.get("note_form") or NoteForm(),
        "log_form": bound.get("log_form") or InteractionForm(),
        "tag_form": bound.get("tag_form") or TagForm(),
        "task_form": bound.get("task_form")
        or TaskForm(initial={"assignee": request.user.pk}),
        "community_authors": contact_authors(contact.pk),
        **privacy_context(contact),
        **profile_context(profile_for(contact)),
    }


@web_view
def contact_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A merged contact's page leads to the contact it was merged into."""
    contact = selectors.get_contact(pk)
    if contact.merged_into_id is not None:
        survivor = matching_selectors.final_survivor(contact)
        messages.info(
            request,
            _("%(merged)s was merged into %(survivor)s: here is the contact now.")
            % {"merged": contact.display_name, "survivor": survivor.display_name},
        )
        return redirect("web:contact", pk=survivor.pk)
    context = page_context(request, contact)
    context["merged_here"] = list(
        matching_selectors.list_merges(contact_id=contact.pk).filter(
            survivor=contact, undone_at__isnull=True
        )
    )
    if request.GET.get("new"):
        context["similar"] = hints_for_contact(contact)
        context["new_contact"] = contact
    return render(request, "web/contacts/detail.html", context)


def answer(
    request: AuthedRequest,
    contact: Contact,
    sections: list[str],
    form_name: str = "",
    form: forms.Form | None = None,
) -> HttpResponse:
    """The response to a change made from the contact page (see the module docstring)."""
    if form is not None and form.errors:
        context = page_context(request, contact, **{form_name: form})
        if not is_htmx(request):
            return render(request, "web/contacts/detail.html", context, status=400)
        section = FORM_SECTIONS[form_name]
        response = render(request, SECTIONS[section], context)
        return retarget(response, f"#{SECTION_IDS[section]}")
    if not is_htmx(request):
        return redirect("web:contact", pk=contact.pk)
    # Read again: the prefetched tags and points of ``contact`` predate the change.
    context = page_context(request, selectors.get_contact(contact.pk))
    return fragments(
        request,
        [
            (SECTIONS[name], {**context, "oob": i > 0})
            # Every change shows in "Recent changes", whatever else it touched.
            for i, name in enumerate([*sections, "audit"])
        ],
    )
