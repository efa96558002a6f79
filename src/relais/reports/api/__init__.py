"""/reports/leads: the "lead day" leaderboard over the REST API, for dashboards and scripts."""

import datetime as dt
from dataclasses import asdict

from django.http import HttpRequest
from ninja import Query, Router, Schema

from relais.core.api_fields import Day
from relais.core.api_support import responses
from relais.reports.leads import LeadReport, lead_report

router = Router(tags=["reports"])


class SourceOut(Schema):
    type: str
    name: str
    format: str
    contacts: int


class LeaderOut(Schema):
    user: str | None
    user_id: int | None
    contacts: int
    by_type: dict[str, int]
    sources: list[SourceOut]


class LeadReportOut(Schema):
    since: dt.date
    until: dt.date
    contacts: int
    leaders: list[LeaderOut]
    sources: list[SourceOut]


class PeriodQuery(Schema):
    since: Day | None = None
    until: Day | None = None


def _out(report: LeadReport) -> dict[str, object]:
    return {
        "since": report.since,
        "until": report.until,
        "contacts": report.total,
        "leaders": [
            {
                "user": leader.user.email if leader.user else None,
                "user_id": leader.user.pk if leader.user else None,
                "contacts": leader.total,
                "by_type": leader.by_type,
                "sources": [asdict(s) for s in leader.sources],
            }
            for leader in report.leaders
        ],
        "sources": [asdict(s) for s in report.sources],
    }


@router.get(
    "/reports/leads",
    response=responses({200: LeadReportOut}),
    summary="Contacts added per user and source",
)
def leads(request: HttpRequest, period: Query[PeriodQuery]) -> dict[str, object]:
    """Who added contacts between ``since`` and ``until`` (days included; default the last
    seven days), from which sources (``web``, ``api``, ``cli``, ``import``, ``mail``,
    ``other``); users who added none come last."""
    return _out(lead_report(since=period.since, until=period.until))
