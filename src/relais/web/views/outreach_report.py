"""The campaign report page: sent, delivered, bounced, opens and clicks (people and machines
apart), click-through per link, unsubscribes, replies, and a chart day by day."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from relais.outreach.selectors.report import campaign_report
from relais.outreach.services.campaigns import skip_reasons
from relais.web.outreach_charts import day_chart, series_labels
from relais.web.outreach_display import reason_rows

from .base import AuthedRequest, web_view
from .outreach_campaigns import campaign_or_404


@web_view
def campaign_report_page(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(pk)
    report = campaign_report(campaign)
    context = {
        "campaign": campaign,
        "report": report,
        "chart": mark_safe(day_chart(report.days)),  # noqa: S308 - every text escaped
        "labels": series_labels(),
        "not_sent": reason_rows(skip_reasons(campaign)),
    }
    return render(request, "web/outreach/report.html", context)
