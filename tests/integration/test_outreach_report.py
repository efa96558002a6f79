"""The campaign report: human figures leave machines out, a click implies an open, CTR per
link over delivered messages; the page (login required, chart) and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from relais.outreach.models import Delivery, DeliveryEvent
from relais.outreach.selectors.report import campaign_report

from .api_fixtures import Api
from .outreach_track_fixtures import LINKS, make_campaign, make_delivery


@pytest.fixture
def campaign(people):
    """Five messages: 1 hard bounce; Anaïs opens twice and clicks link 0; Bruno clicks link 1
    without the pixel loading; Chloé is only opened by Apple's proxy and scanned; one
    unsubscribes, one replies."""
    campaign = make_campaign("Salon 2027")
    a, b, c, d, e = (make_delivery(campaign, p) for p in people(5))
    Delivery.objects.filter(pk=e.pk).update(status=Delivery.Status.BOUNCED)
    now = timezone.now()

    def event(delivery, kind, *, machine=False, reason="", index=None, ago=0):
        DeliveryEvent.objects.create(
            delivery=delivery,
            kind=kind,
            at=now - dt.timedelta(minutes=ago),
            machine=machine,
            reason=reason,
            link_index=index,
        )

    event(a, "open", ago=30)
    event(a, "open", ago=20)
    event(a, "click", index=0, ago=19)
    event(b, "click", index=1, ago=10)
    event(c, "open", machine=True, reason="apple_mpp", ago=50)
    event(c, "click", index=0, machine=True, reason="head", ago=50)
    event(c, "click", index=1, machine=True, reason="scanner:mimecast", ago=50)
    event(d, "unsubscribe")
    event(a, "reply")
    event(e, "bounce_hard")
    return campaign


def test_figures(campaign) -> None:
    report = campaign_report(campaign)
    assert (report.sent, report.bounced, report.delivered) == (5, 1, 4)
    assert (report.unique_opens, report.total_opens) == (
        2,
        3,
    )  # Bruno's click is an open
    assert (report.machine_unique_opens, report.machine_total_opens) == (1, 1)
    assert (report.unique_clicks, report.total_clicks, report.machine_clicks) == (
        2,
        2,
        2,
    )
    assert [
        (link.url, link.unique, link.ctr, link.machine) for link in report.links
    ] == [
        (LINKS[0], 1, 0.25, 1),
        (LINKS[1], 1, 0.25, 1),
    ]
    assert (report.unsubscribes, report.replies) == (1, 1)
    assert report.open_rate == 0.5
    assert report.machine_reasons == {"apple_mpp": 1, "head": 1, "scanner:mimecast": 1}
    assert sum(day.sent for day in report.days) == 5


def test_page_needs_login_and_shows_the_report(campaign, member) -> None:
    url = f"/outreach/campaigns/{campaign.pk}/report"
    assert Client().get(url).status_code == 302
    client = Client()
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "Salon 2027" in body
    assert LINKS[0] in body
    assert client.get("/outreach/campaigns/999999/report").status_code == 404


def test_api(api: Api, campaign) -> None:
    response = api.get(f"/outreach/campaigns/{campaign.pk}/report")
    assert response.status_code == 200
    data = response.json()
    assert (data["unique_opens"], data["machine_total_opens"], data["delivered"]) == (
        2,
        1,
        4,
    )
    assert data["links"][0]["url"] == LINKS[0]
    assert api.get("/outreach/campaigns/999999/report").status_code == 404
    assert (
        Client().get(f"/api/v1/outreach/campaigns/{campaign.pk}/report").status_code
        == 401
    )
