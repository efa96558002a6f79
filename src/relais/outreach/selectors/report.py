"""The campaign report: what happened to the messages of a campaign, people and machines apart.

Human figures leave out every event flagged ``machine`` (Apple Mail Privacy Protection, link
scanners…); those are counted on their own line. A human click on a message with no human
open counts as an open too (the pixel was blocked, the person clearly read it).
Rates are over delivered messages (sent minus hard bounces).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from relais.outreach.models import Campaign, Delivery, DeliveryEvent


@dataclass
class LinkFigures:
    index: int
    url: str
    clicks: int = 0  # human clicks
    unique: int = 0  # messages with a human click on it
    machine: int = 0
    ctr: float = 0.0  # unique / delivered


@dataclass
class DayFigures:
    day: dt.date
    sent: int = 0
    opens: int = 0  # human, unique messages opened that day
    clicks: int = 0  # human, unique messages clicked that day
    machine_opens: int = 0


@dataclass
class CampaignReport:
    campaign_id: int
    name: str
    messages: int = 0  # deliveries of the campaign, whatever their state
    sent: int = 0
    delivered: int = 0
    bounced: int = 0
    soft_bounces: int = 0
    failed: int = 0
    pending: int = 0  # queued, sending or waiting for a retry
    unique_opens: int = 0
    total_opens: int = 0
    machine_unique_opens: int = 0
    machine_total_opens: int = 0
    unique_clicks: int = 0
    total_clicks: int = 0
    machine_clicks: int = 0
    unsubscribes: int = 0
    replies: int = 0
    open_rate: float = 0.0
    click_rate: float = 0.0
    links: list[LinkFigures] = field(default_factory=list)
    days: list[DayFigures] = field(default_factory=list)
    machine_reasons: dict[str, int] = field(default_factory=dict)


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def campaign_report(campaign: Campaign) -> CampaignReport:
    """Figures of ``campaign`` (a few queries; events are read once)."""
    report = CampaignReport(campaign.pk, campaign.name)
    deliveries = Delivery.objects.filter(campaign=campaign)
    links_of: dict[int, list[str]] = {}
    local = timezone.get_current_timezone()
    days: dict[dt.date, DayFigures] = {}

    def day(moment: dt.datetime) -> DayFigures:
        key = moment.astimezone(local).date()
        return days.setdefault(key, DayFigures(key))

    for pk, status, sent_at, links in deliveries.values_list(
        "pk", "status", "sent_at", "links"
    ):
        report.messages += 1
        links_of[pk] = links if isinstance(links, list) else []
        if status == Delivery.Status.BOUNCED:
            report.bounced += 1
        elif status == Delivery.Status.FAILED:
            report.failed += 1
        elif status in (
            Delivery.Status.QUEUED,
            Delivery.Status.SENDING,
            Delivery.Status.DEFERRED,
        ):
            report.pending += 1
        if sent_at is not None:
            report.sent += 1
            day(sent_at).sent += 1
    report.delivered = max(report.sent - report.bounced, 0)

    opened: set[int] = set()
    machine_opened: set[int] = set()
    clicked: set[int] = set()
    open_days: dict[dt.date, set[int]] = defaultdict(set)
    click_days: dict[dt.date, set[int]] = defaultdict(set)
    machine_days: dict[dt.date, set[int]] = defaultdict(set)
    per_link: dict[int, LinkFigures] = {}
    link_people: dict[int, set[int]] = defaultdict(set)
    unsubscribed: set[int] = set()
    replied: set[int] = set()
    reasons: dict[str, int] = defaultdict(int)
    events = DeliveryEvent.objects.filter(delivery__campaign=campaign).values_list(
        "delivery_id", "kind", "at", "link_index", "machine", "reason"
    )
    for delivery_id, kind, at, index, machine, reason in events.order_by("at", "id"):
        if machine:
            reasons[reason or "machine"] += 1
        if kind == "open":
            if machine:
                report.machine_total_opens += 1
                machine_opened.add(delivery_id)
                machine_days[day(at).day].add(delivery_id)
            else:
                report.total_opens += 1
                opened.add(delivery_id)
                open_days[day(at).day].add(delivery_id)
        elif kind == "click":
            index = index or 0
            urls = links_of.get(delivery_id, [])
            figures = per_link.setdefault(
                index, LinkFigures(index, urls[index] if index < len(urls) else "")
            )
            if machine:
                report.machine_clicks += 1
                figures.machine += 1
                continue
            report.total_clicks += 1
            figures.clicks += 1
            link_people[index].add(delivery_id)
            clicked.add(delivery_id)
            click_days[day(at).day].add(delivery_id)
            if delivery_id not in opened:  # a click implies an open
                opened.add(delivery_id)
                report.total_opens += 1
                open_days[day(at).day].add(delivery_id)
        elif kind == "unsubscribe":
            unsubscribed.add(delivery_id)
        elif kind == "reply":
            replied.add(delivery_id)
        elif kind == "bounce_soft":
            report.soft_bounces += 1
    report.unique_opens = len(opened)
    report.machine_unique_opens = len(machine_opened)
    report.unique_clicks = len(clicked)
    report.unsubscribes = len(unsubscribed)
    report.replies = len(replied)
    report.open_rate = _rate(report.unique_opens, report.delivered)
    report.click_rate = _rate(report.unique_clicks, report.delivered)
    for index, figures in sorted(per_link.items()):
        figures.unique = len(link_people[index])
        figures.ctr = _rate(figures.unique, report.delivered)
        report.links.append(figures)
    for key, on_day in days.items():
        on_day.opens = len(open_days.get(key, ()))
        on_day.clicks = len(click_days.get(key, ()))
        on_day.machine_opens = len(machine_days.get(key, ()))
    report.days = [days[key] for key in sorted(days)]
    report.machine_reasons = dict(sorted(reasons.items()))
    return report
