"""A one-to-one mail from a contact page, with the message check shown as one types.

Sending goes through ``services.one_to_one.send_one``, which runs the same check (with the
contact's timeline: an earlier thread for a "Re:", the follow-up cap) and refuses a blocked
message unless an admin forces it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais.accounts.services import ensure_can_write
from relais.contacts import selectors
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput
from relais.outreach import selectors as outreach_selectors
from relais.outreach.models import Template
from relais.outreach.services.check import MessageBlocked, blocks, check_message
from relais.outreach.services.one_to_one import send_one
from relais.outreach.services.smtp import NotConfigured
from relais.web.forms import add_service_errors
from relais.web.forms.outreach import MailForm

from .base import AuthedRequest, web_view, write_view


def _addresses(contact: Contact) -> list[str]:
    """The contact's email addresses, primary first, those known to bounce left out."""
    points = [
        p for p in contact.points.all() if p.kind == "email" and p.invalid_since is None
    ]
    points.sort(key=lambda p: (not p.is_primary, p.id))
    return [p.normalized_value or p.value for p in points]


def _check(contact: Contact, subject: str, body_text: str) -> list:
    return check_message(
        subject=subject, body_text=body_text, bulk=False, contact=contact
    )


def _page(
    request: AuthedRequest,
    contact: Contact,
    form: MailForm,
    findings: list,
    status: int = 200,
) -> HttpResponse:
    context = {
        "contact": contact,
        "form": form,
        "findings": findings,
        "blocked": blocks(findings),
        "templates": outreach_selectors.list_templates(),
        "mail_on": bool(settings.RELAIS_SMTP_HOST),
    }
    return render(request, "web/outreach/mail_form.html", context, status=status)


@web_view
def mail_form(request: AuthedRequest, pk: int) -> HttpResponse:
    ensure_can_write(request.user)
    contact = selectors.get_contact(pk)
    check_url = reverse("web:outreach_mail_check", args=[contact.pk])
    addresses = _addresses(contact)
    if request.method != "POST":
        initial: dict[str, str] = {}
        raw = request.GET.get("template", "")
        template = (
            Template.objects.filter(pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 19
            else None
        )
        if template is not None:
            initial = {"subject": template.subject, "body_text": template.body_text}
        form = MailForm(initial=initial, addresses=addresses, check_url=check_url)
        findings = _check(
            contact, initial.get("subject", ""), initial.get("body_text", "")
        )
        return _page(request, contact, form, findings if initial else [])
    form = MailForm(request.POST, addresses=addresses, check_url=check_url)
    findings = _check(
        contact, request.POST.get("subject", ""), request.POST.get("body_text", "")
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            send_one(
                actor=request.user,
                contact=contact,
                subject=data["subject"],
                body_text=data["body_text"],
                to_email=data["to_email"],
                force=bool(data["force"]) and request.user.is_admin,
            )
        except NotConfigured:
            # Said on the page before typing too; the draft stays in the form.
            form.add_error(
                None,
                _(
                    "No mail server is set up, so nothing was sent; your draft is kept "
                    "below. An administrator sets RELAIS_SMTP_HOST (docs/deployment.md)."
                ),
            )
        except MessageBlocked as exc:
            form.add_error(None, _("The message check blocks this message: see below."))
            findings = exc.findings
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Email sent to %(name)s.") % {"name": contact.display_name}
            )
            return redirect("web:contact", pk=contact.pk)
    return _page(request, contact, form, findings, status=400)


@write_view
def mail_check(request: AuthedRequest, pk: int) -> HttpResponse:
    """The findings of the mail being written (HTMX, as one types)."""
    contact = selectors.get_contact(pk)
    findings = _check(
        contact, request.POST.get("subject", ""), request.POST.get("body_text", "")
    )
    return render(
        request,
        "web/outreach/_findings.html",
        {"findings": findings, "blocked": blocks(findings)},
    )
