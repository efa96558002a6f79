"""The users page (admins): the team, and the handover of a departing user's contacts and tasks."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais.accounts import selectors
from relais.accounts.services import ensure_admin
from relais.core.errors import InvalidInput
from relais.handover import services as handover
from relais.web.forms import HandoverForm, add_service_errors

from .base import AuthedRequest, web_view


@web_view
def user_list(request: AuthedRequest) -> HttpResponse:
    ensure_admin(request.user)
    users = selectors.list_users(include_inactive=True).annotate(
        contacts=Count("owned_contacts", distinct=True),
        open_tasks=Count("tasks", filter=Q(tasks__done=False), distinct=True),
    )
    return render(request, "web/users/list.html", {"users": users})


@web_view
def user_handover(request: AuthedRequest, pk: int) -> HttpResponse:
    ensure_admin(request.user)
    departing = selectors.get_user(pk)
    form = HandoverForm(request.POST or None, departing=departing)
    if request.method == "POST" and form.is_valid():
        try:
            result = handover.hand_over(
                actor=request.user,
                departing=departing,
                successor=selectors.get_user(int(form.cleaned_data["successor"])),
                deactivate=form.cleaned_data["deactivate"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc, {"to": "successor"})
        else:
            messages.success(
                request,
                _(
                    "%(contacts)d contacts and %(tasks)d open tasks handed over to %(name)s."
                )
                % {
                    "contacts": result.contacts,
                    "tasks": result.tasks,
                    "name": result.successor.get_full_name() or result.successor.email,
                },
            )
            return redirect("web:users")
    context = {
        "departing": departing,
        "form": form,
        "contacts": departing.owned_contacts.count(),
        "open_tasks": departing.tasks.filter(done=False).count(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "web/users/handover.html", context, status=status)
