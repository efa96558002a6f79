"""The tasks page: what is overdue and what is due today, for me or for the whole team."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from relais.timeline import selectors, services
from relais.web.forms import TaskScopeForm

from .base import AuthedRequest, is_htmx, web_view, write_view
from .contact_page import answer


@web_view
def task_list(request: AuthedRequest) -> HttpResponse:
    everyone = TaskScopeForm(request.GET).everyone
    overdue, today = selectors.tasks_due(None if everyone else request.user)
    context = {"overdue": list(overdue), "today": list(today), "everyone": everyone}
    return render(request, "web/tasks/list.html", context)


@write_view
def task_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    task = services.complete_task(actor=request.user, task=selectors.get_task(pk))
    if request.POST.get("from") == "contact" and task.contact is not None:
        return answer(request, task.contact, ["tasks", "timeline", "summary"])
    if is_htmx(request):
        everyone = request.POST.get("scope") == "everyone"
        return render(
            request, "web/tasks/_row.html", {"task": task, "everyone": everyone}
        )
    return redirect("web:tasks")
