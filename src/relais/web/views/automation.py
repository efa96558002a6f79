"""Automation pages: workflows (list, editor, runs) and web forms (builder, snippet)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais.automation.models import Run, WebForm, Workflow
from relais.automation.services import forms as web_forms
from relais.automation.services import workflows
from relais.automation.services.step_lines import lines_of, steps_from_lines
from relais.core.errors import InvalidInput, NotFound
from relais.web.forms import add_service_errors
from relais.web.forms.automation import WebFormForm, WorkflowForm

from .base import AuthedRequest, web_view


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@web_view
def automation_home(request: AuthedRequest) -> HttpResponse:
    rows = [
        (w, w.runs.filter(status=Run.Status.WAITING).count())
        for w in Workflow.objects.all()
    ]
    return render(
        request,
        "web/automation/home.html",
        {"workflows": rows, "forms": WebForm.objects.all()},
    )


def _save_workflow(request: AuthedRequest, workflow: Workflow | None) -> HttpResponse:
    if request.method == "POST":
        form = WorkflowForm(request.POST)
        if not request.user.can_write:
            return render(request, "403.html", status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = workflows.save_workflow(
                    actor=request.user,
                    workflow=workflow,
                    active=data["active"],
                    definition={
                        "name": data["name"],
                        "trigger": {"event": data["trigger"]},
                        "cancel_on": _split(data["cancel_on"]),
                        "steps": steps_from_lines(data["steps"]),
                    },
                )
            except InvalidInput as exc:
                add_service_errors(
                    form, exc, {"trigger": "trigger", "steps.1": "steps"}
                )
            else:
                return redirect("web:workflow", pk=saved.pk)
        status = 422
    else:
        initial: dict[str, object] = {"active": True}
        if workflow is not None:
            initial = {
                "name": workflow.name,
                "trigger": workflow.trigger_type,
                "cancel_on": ", ".join(workflow.cancel_on),
                "steps": lines_of(workflow.steps),
                "active": workflow.active,
            }
        form = WorkflowForm(initial=initial)
        status = 200
    runs = (
        list(workflow.runs.select_related("contact")[:50])
        if workflow is not None
        else []
    )
    return render(
        request,
        "web/automation/workflow.html",
        {"form": form, "workflow": workflow, "runs": runs},
        status=status,
    )


@web_view
def workflow_new(request: AuthedRequest) -> HttpResponse:
    return _save_workflow(request, None)


@web_view
def workflow_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    found = Workflow.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such workflow."))
    return _save_workflow(request, found)


@web_view
def form_new(request: AuthedRequest) -> HttpResponse:
    form = WebFormForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.can_write:
            return render(request, "403.html", status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = web_forms.create_form(
                    actor=request.user,
                    name=data["name"],
                    fields=web_forms.parse_field_lines(data["fields_text"]),
                    consent_text=data["consent_text"],
                    thanks=data["thanks"],
                    tags=_split(data["tags"]),
                )
            except InvalidInput as exc:
                add_service_errors(form, exc, {"fields": "fields_text"})
            else:
                return redirect("web:web_form", pk=made.pk)
        status = 422
    return render(
        request, "web/automation/form_new.html", {"form": form}, status=status
    )


@web_view
def form_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    found = WebForm.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such form."))
    return render(
        request,
        "web/automation/form_detail.html",
        {
            "web_form": found,
            "snippet": web_forms.snippet(found),
            "submissions": found.submissions.select_related("contact")[:50],
        },
    )
