"""The contact page, and how it answers after a change made on it.

A change made on the page (a note, a tag, a task, a logged call) answers an HTMX request with
the sections it changed — the first one replaces the element the form targets, the others
swap out-of-band — and a plain form post with a redirect back to the page. A form with errors
comes back with its messages, in place.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render

from relais.contacts import selectors
from relais.contacts.models import Contact
from relais.timeline import selectors as timeline
from relais.web.display import point_groups, provenance_lines
from relais.web.forms import InteractionForm, NoteForm, TagForm, TaskForm
from relais.web.privacy_display import privacy_context

from .base import AuthedRequest, fragments, is_htmx, retarget, web_view

SECTIONS = {
    "summary": "web/contacts/_summary.html",
    "timeline": "web/contacts/_timeline.html",
    "tags": "web/contacts/_tags.html",
    "tasks": "web/contacts/_tasks.html",
    "note_form": "web/contacts/_note_form.html",
    "log_form": "web/contacts/_log_form.html",
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
}


def page_context(
    request: AuthedRequest, contact: Contact, **bound: forms.Form
) -> dict[str, Any]:
    entries = timeline.timeline_for(contact)
    open_tasks = list(timeline.open_tasks_for(contact))
    return {
        "contact": contact,
        "point_groups": point_groups(contact),
        "provenance": provenance_lines(contact),
        "entries": entries,
        "last_interaction": timeline.last_interaction(contact),
        "last_note": next((e.item for e in entries if e.kind == "note"), None),
        "open_tasks": open_tasks,
        "next_task": next(
            (t for t in open_tasks if t.due_date), open_tasks[0] if open_tasks else None
        ),
        "note_form": bound.get("note_form") or NoteForm(),
        "log_form": bound.get("log_form") or InteractionForm(),
        "tag_form": bound.get("tag_form") or TagForm(),
        "task_form": bound.get("task_form")
        or TaskForm(initial={"assignee": request.user.pk}),
        **privacy_context(contact),
    }


@web_view
def contact_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    return render(request, "web/contacts/detail.html", page_context(request, contact))


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
            for i, name in enumerate(sections)
        ],
    )
