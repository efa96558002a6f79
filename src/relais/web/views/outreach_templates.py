"""Message templates in the web UI: the list, and the editor that checks the message as one
types (``services.check``) and previews it for a chosen contact (``services.render``).

The check and the preview answer one HTMX request per pause in typing: the findings replace
``#check-findings`` and the preview comes along as an out-of-band swap. The preview's HTML is
shown in an ``<iframe sandbox srcdoc>``: no script of a template runs in Relais's origin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais.accounts.services import ensure_can_write
from relais.contacts import selectors as contact_selectors
from relais.contacts.models import Contact
from relais.contacts.selectors import ContactFilter
from relais.core.errors import InvalidInput, NotFound
from relais.outreach import selectors
from relais.outreach.models import Template
from relais.outreach.services import templates
from relais.outreach.services.check import Finding, blocks, check_message
from relais.outreach.services.render import TemplateProblem, preview, template_fields
from relais.web.forms import add_service_errors
from relais.web.forms.outreach import TemplateForm

from .base import AuthedRequest, fragments, web_view, write_view

PREVIEW_CHOICES = 8


def template_check(data: Mapping[str, Any]) -> list[Finding]:
    """The check of a campaign template: bulk, and the composer adds the unsubscribe link
    itself unless the template places ``{{ unsubscribe_url }}``. Nothing written yet:
    nothing to report (not three red "Blocks sending" on an empty new template)."""
    if not any(
        str(data.get(k) or "").strip() for k in ("subject", "body_text", "body_html")
    ):
        return []
    return check_message(
        subject=data.get("subject", "") or "",
        body_text=data.get("body_text", "") or "",
        body_html=data.get("body_html", "") or "",
        bulk=True,
        has_unsubscribe=True,
    )


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {
        s: sum(1 for f in findings if f.severity == s)
        for s in ("high", "medium", "low")
    }


@web_view
def template_list(request: AuthedRequest) -> HttpResponse:
    rows = []
    for template in selectors.list_templates():
        findings = template_check(
            {
                "subject": template.subject,
                "body_text": template.body_text,
                "body_html": template.body_html,
            }
        )
        rows.append((template, _counts(findings)))
    return render(request, "web/outreach/template_list.html", {"rows": rows})


def _preview_contact(
    data: Mapping[str, Any], searching: bool
) -> tuple[Contact | None, list[Contact]]:
    """The contact chosen for the preview, and a few matching the preview search (a new
    search picks its first match)."""
    q = " ".join(data.get("preview_q", "").split())[:200]
    choices = list(
        contact_selectors.list_contacts(ContactFilter(q=q))[:PREVIEW_CHOICES]
    )
    chosen = None
    raw = "" if searching else data.get("preview_contact", "")
    if raw.isdigit() and len(raw) < 19:
        try:
            chosen = contact_selectors.get_contact(int(raw))
        except NotFound:
            chosen = None
    if chosen is None and q and choices:
        chosen = choices[0]
    if chosen is not None and chosen not in choices:
        choices.insert(0, chosen)
    return chosen, choices


def _preview(request: AuthedRequest, data: Mapping[str, Any]) -> dict[str, Any]:
    searching = request.headers.get("HX-Trigger-Name") == "preview_q"
    contact, choices = _preview_contact(data, searching)
    context: dict[str, Any] = {
        "preview_q": data.get("preview_q", ""),
        "preview_contact": contact,
        "preview_choices": choices,
        "rendered": None,
        "problem": "",
    }
    sample = contact or Contact(first_name="Camille", last_name="Martin")
    draft = Template(
        subject=data.get("subject", ""),
        body_text=data.get("body_text", ""),
        body_html=data.get("body_html", ""),
    )
    try:
        rendered = preview(template=draft, contact=sample, sender=request.user)
    except TemplateProblem as exc:
        context["problem"] = exc.message
    else:
        context["rendered"] = rendered if contact is not None else None
    return context


def _editor(
    request: AuthedRequest,
    template: Template | None,
    form: TemplateForm,
    status: int = 200,
) -> HttpResponse:
    data = form.data if form.is_bound else QueryDict(mutable=True)
    if not form.is_bound and template is not None:
        data = QueryDict(mutable=True)
        data.update(
            {
                "subject": template.subject,
                "body_text": template.body_text,
                "body_html": template.body_html,
            }
        )
    findings = template_check(data)
    context = {
        "template": template,
        "form": form,
        "findings": findings,
        "blocked": blocks(findings),
        "fields": template_fields(),
        **_preview(request, data),
    }
    return render(request, "web/outreach/template_editor.html", context, status=status)


def _save(request: AuthedRequest, template: Template | None) -> HttpResponse:
    """The editor; a read-only user may open an existing template but not change it."""
    readonly = not request.user.can_write
    if readonly and (template is None or request.method == "POST"):
        ensure_can_write(request.user)
    check_url = "" if readonly else reverse("web:outreach_template_check")
    if request.method != "POST":
        initial = {}
        if template is not None:
            initial = {
                f: getattr(template, f)
                for f in ("name", "language", "subject", "body_text", "body_html")
            }
        else:
            initial = {"language": request.LANGUAGE_CODE[:2]}
        form = TemplateForm(initial=initial, check_url=check_url)
        for field in form.fields.values():
            field.disabled = readonly
        return _editor(request, template, form)
    form = TemplateForm(request.POST, check_url=check_url)
    if form.is_valid():
        try:
            if template is None:
                template = templates.create_template(
                    actor=request.user, **form.cleaned_data
                )
            else:
                template = templates.update_template(
                    actor=request.user, template=template, **form.cleaned_data
                )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Template “%(name)s” saved.") % {"name": template.name}
            )
            return redirect("web:outreach_template", pk=template.pk)
    return _editor(request, template, form, status=400)


@web_view
def template_new(request: AuthedRequest) -> HttpResponse:
    return _save(request, None)


@web_view
def template_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        template = selectors.get_template(pk)
    except NotFound:
        raise NotFound(_("No template with this id.")) from None
    return _save(request, template)


@write_view
def template_check_live(request: AuthedRequest) -> HttpResponse:
    """The findings of the editor's current text, and its preview out of band."""
    findings = template_check(request.POST)
    return fragments(
        request,
        [
            (
                "web/outreach/_findings.html",
                {"findings": findings, "blocked": blocks(findings)},
            ),
            (
                "web/outreach/_preview.html",
                {**_preview(request, request.POST), "oob": True},
            ),
        ],
    )
