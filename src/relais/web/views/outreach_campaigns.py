"""Campaigns in the web UI: the list, the form (a segment, steps = template + delay, the
visible sender, the purpose), and a campaign's page with its progress and start/pause.

Starting runs the message check on the first step (``services.campaigns.start_campaign``);
a blocked start shows the findings, and an admin may start anyway.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais.accounts.services import ensure_can_write
from relais.contacts.segments.selectors import segment_contacts
from relais.core.errors import InvalidInput, NotFound
from relais.outreach import selectors
from relais.outreach.models import Campaign
from relais.outreach.services import campaigns, recipients
from relais.outreach.services.check import MessageBlocked, blocks
from relais.web.forms import add_service_errors
from relais.web.forms.outreach import CampaignForm
from relais.web.outreach_display import reason_rows

from .base import AuthedRequest, web_view, write_view
from .outreach_templates import template_check


def campaign_or_404(pk: int) -> Campaign:
    """The campaign of a page, or a 404 in the user's language."""
    try:
        return selectors.get_campaign(pk)
    except NotFound:
        raise NotFound(_("No campaign with this id.")) from None


@web_view
def campaign_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        (c, campaigns.campaign_progress(c)) for c in selectors.list_campaigns()[:200]
    ]
    return render(request, "web/outreach/campaign_list.html", {"rows": rows})


@web_view
def campaign_new(request: AuthedRequest) -> HttpResponse:
    ensure_can_write(request.user)
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = campaigns.create_campaign(
                    actor=request.user,
                    name=data["name"],
                    segment=data["segment"],
                    steps=form.steps(),
                    sender_mode=data["sender_mode"],
                    sender=data["sender"] or request.user,
                    purpose=data["purpose"],
                )
            except InvalidInput as exc:
                add_service_errors(form, exc, {"steps": "step_1_template"})
            else:
                messages.success(
                    request, _("Campaign “%(name)s” created.") % {"name": campaign.name}
                )
                return redirect("web:outreach_campaign", pk=campaign.pk)
        status = 400
    else:
        form = CampaignForm(initial={"sender": request.user.pk})
        status = 200
    return render(
        request, "web/outreach/campaign_form.html", {"form": form}, status=status
    )


def _detail(
    request: AuthedRequest,
    campaign: Campaign,
    blocked_by: list | None = None,
    status: int = 200,
) -> HttpResponse:
    steps = []
    for step in campaign.steps.select_related("template").order_by("position"):
        t = step.template
        findings = template_check(
            {"subject": t.subject, "body_text": t.body_text, "body_html": t.body_html}
        )
        steps.append((step, findings, blocks(findings)))
    audience = None
    if campaign.status == Campaign.Status.DRAFT and campaign.segment is not None:
        audience = recipients.audience(
            segment_contacts(campaign.segment), campaign.purpose
        )
        not_sent = reason_rows(audience.skipped)
    else:
        not_sent = reason_rows(campaigns.skip_reasons(campaign))
    context = {
        "campaign": campaign,
        "steps": steps,
        "progress": campaigns.campaign_progress(campaign),
        "blocked_by": blocked_by,
        "audience": audience,
        "not_sent": not_sent,
    }
    return render(request, "web/outreach/campaign_detail.html", context, status=status)


@web_view
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(pk)
    blocked_by = None
    if request.GET.get("check") and campaign.status == Campaign.Status.DRAFT:
        blocked_by = campaigns.start_blockers(campaign) or None
    return _detail(request, campaign, blocked_by=blocked_by)


@write_view
def campaign_start(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(pk)
    force = request.POST.get("force") == "1" and request.user.is_admin
    try:
        campaigns.start_campaign(actor=request.user, campaign=campaign, force=force)
    except MessageBlocked:
        # Post/redirect/get: the page lists the findings, and a reload sends nothing again.
        messages.error(request, _("The message check blocks this campaign: see below."))
        return redirect(
            reverse("web:outreach_campaign", args=[campaign.pk]) + "?check=1"
        )
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        messages.success(request, _("Campaign started: messages are being queued."))
    return redirect("web:outreach_campaign", pk=campaign.pk)


@write_view
def campaign_pause(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(pk)
    try:
        campaigns.pause_campaign(actor=request.user, campaign=campaign)
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        messages.success(
            request, _("Campaign paused: no more messages leave until you resume it.")
        )
    return redirect("web:outreach_campaign", pk=campaign.pk)
