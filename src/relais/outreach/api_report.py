"""``GET /api/v1/outreach/campaigns/{id}/report``: the campaign report as JSON
(``relais.outreach.selectors.report``; any signed-in user or token may read it)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from relais.core.api_fields import PathId
from relais.core.api_support import responses
from relais.core.errors import NotFound

from .models import Campaign
from .selectors.report import campaign_report

router = Router(tags=["outreach"])


class CampaignLinkFigures(Schema):
    index: int
    url: str
    clicks: int
    unique: int
    machine: int
    ctr: float


class CampaignDayFigures(Schema):
    day: dt.date
    sent: int
    opens: int
    clicks: int
    machine_opens: int


class CampaignReportOut(Schema):
    campaign_id: int
    name: str
    messages: int
    sent: int
    delivered: int
    bounced: int
    soft_bounces: int
    failed: int
    pending: int
    unique_opens: int
    total_opens: int
    machine_unique_opens: int
    machine_total_opens: int
    unique_clicks: int
    total_clicks: int
    machine_clicks: int
    unsubscribes: int
    replies: int
    open_rate: float
    click_rate: float
    links: list[CampaignLinkFigures]
    days: list[CampaignDayFigures]
    machine_reasons: dict[str, int]


@router.get(
    "/outreach/campaigns/{campaign_id}/report",
    response=responses({200: CampaignReportOut}),
    summary="A campaign's report: deliveries, opens and clicks (people and machines apart), "
    "click-through per link, unsubscribes, replies, day by day",
)
def get_campaign_report(request: HttpRequest, campaign_id: PathId) -> object:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound(f"No campaign {campaign_id}.")
    return campaign_report(campaign)
