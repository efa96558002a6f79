"""The lead report page: who brought contacts into Relais over a period, and from where."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from relais.core.errors import InvalidInput
from relais.reports.leads import lead_report
from relais.web.forms import PeriodForm

from .base import AuthedRequest, web_view


@web_view
def leads(request: AuthedRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    since, until = form.dates()
    try:
        report = lead_report(since=since, until=until)
    except InvalidInput as exc:
        form.add_error("since", exc.errors.get("since", exc.message))
        report = lead_report(until=until)
    best = max((leader.total for leader in report.leaders), default=0)
    context = {"form": form, "report": report, "best": best or 1}
    return render(request, "web/reports/leads.html", context)
