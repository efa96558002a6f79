"""Changes made from the contact page: notes, tags, tasks, logged calls and meetings.

Each view validates its small form, calls one service, and lets ``contact_page.answer``
send back the sections that changed.
"""

from __future__ import annotations

from django.http import HttpResponse

from relais.contacts import selectors, services
from relais.core.errors import InvalidInput
from relais.timeline import services as timeline
from relais.web.forms import (
    InteractionForm,
    NoteForm,
    TagForm,
    TaskForm,
    add_service_errors,
)

from .base import AuthedRequest, write_view
from .contact_page import answer


@write_view
def note_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(
                actor=request.user, contact=contact, body=form.cleaned_data["body"]
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
    return answer(
        request, contact, ["timeline", "note_form", "summary"], "note_form", form
    )


@write_view
def tag_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    form = TagForm(request.POST)
    if form.is_valid():
        try:
            services.add_tags(
                actor=request.user, contact=contact, names=form.tag_names()
            )
        except InvalidInput as exc:
            add_service_errors(form, exc, aliases={"tag": "names"})
    return answer(request, contact, ["tags"], "tag_form", form)


@write_view
def tag_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    services.remove_tag(
        actor=request.user, contact=contact, name=request.POST.get("name", "")
    )
    return answer(request, contact, ["tags"])


@write_view
def task_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            timeline.create_task(
                actor=request.user,
                contact=contact,
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data["due_date"],
                assignee=form.cleaned_data["assignee"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
    return answer(request, contact, ["tasks", "summary"], "task_form", form)


@write_view
def interaction_log(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    form = InteractionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            timeline.log_interaction(
                actor=request.user,
                contacts=[contact],
                channel=data["channel"],
                direction=data["direction"],
                occurred_at=data["occurred_at"],
                subject=data["subject"],
                body=data["body"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
    return answer(
        request, contact, ["timeline", "log_form", "summary"], "log_form", form
    )
