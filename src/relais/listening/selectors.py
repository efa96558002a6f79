"""Reads on mentions: the inbox's filters and counts, the JSONL record, spikes, corrections."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from relais.contacts.models import Contact

from .models import LabelCorrection, Mention, Source

FILTERS = ("source", "label", "lang", "status", "contact")
SPIKE_MIN = 10  # fewer mentions in a day are never a spike
SPIKE_FACTOR = 3.0  # ...and a spike is at least three times the usual daily count


def list_mentions(
    *,
    source: str = "",
    label: str = "",
    lang: str = "",
    status: str = "",
    contact: int | None = None,
    q: str = "",
) -> QuerySet[Mention]:
    mentions = Mention.objects.select_related("source", "contact", "assignee")
    if source:
        mentions = mentions.filter(source__name=source)
    if label:
        mentions = mentions.filter(label="" if label == "none" else label)
    if lang:
        mentions = mentions.filter(lang=lang)
    if status:
        mentions = mentions.filter(status=status)
    if contact is not None:
        mentions = mentions.filter(contact_id=contact)
    if q:
        mentions = mentions.filter(text__icontains=q)
    return mentions.order_by("-published_at", "-id")


def counts(mentions: QuerySet[Mention]) -> dict[str, dict[str, int]]:
    """How many mentions per status, label, language and source (the inbox's live counts)."""
    result: dict[str, dict[str, int]] = {}
    for field, key in (
        ("status", "status"),
        ("label", "label"),
        ("lang", "lang"),
        ("source", "source__name"),
    ):
        rows = mentions.order_by().values(key).annotate(n=Count("id"))
        result[field] = {str(row[key] or ""): row["n"] for row in rows}
    return result


def versions_of(mention: Mention) -> list[dict[str, Any]]:
    return [
        {
            "title": v.title,
            "text": v.text,
            "updated_at": v.updated_at.isoformat() if v.updated_at else None,
        }
        for v in mention.versions.all()
    ]


def mention_record(mention: Mention) -> dict[str, Any]:
    """The JSONL contract of ``relais mentions list`` and the API."""

    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": mention.pk,
        "source": mention.source.name,
        "url": mention.url,
        "guid": mention.guid,
        "author": {
            "name": mention.author_name,
            "handle": mention.author_handle,
            "url": mention.author_url,
        },
        "title": mention.title,
        "text": mention.text,
        "lang": mention.lang,
        "published_at": iso(mention.published_at),
        "updated_at": iso(mention.updated_at),
        "versions": versions_of(mention),
        "label": mention.label,
        "scores": mention.scores,
        "evidence": mention.evidence,
        "contact_id": mention.contact_id,
        "link_evidence": mention.link_evidence,
        "status": mention.status,
        "assignee": mention.assignee.email if mention.assignee else None,
    }


def spikes(
    now: dt.datetime | None = None, days: int = 14
) -> dict[str, dict[str, float]]:
    """Sources whose last 24 hours hold far more mentions than their usual day."""
    now = now or timezone.now()
    start = now - dt.timedelta(days=days + 1)
    per_day: dict[str, list[int]] = defaultdict(lambda: [0] * (days + 1))
    rows = (
        Mention.objects.filter(created_at__gte=start)
        .values_list("source__name", "published_at", "created_at")
        .iterator()
    )
    for name, published, created in rows:  # an old post found today is not today's news
        age = int((now - (published or created)).total_seconds() // 86400)
        if 0 <= age <= days:
            per_day[name][age] += 1
    found = {}
    for name, series in per_day.items():
        today, before = series[0], series[1:]
        usual = sum(before) / len(before)
        if today >= SPIKE_MIN and today >= SPIKE_FACTOR * max(usual, 1.0):
            found[name] = {"today": today, "usual": round(usual, 2)}
    return found


def label_corrections() -> list[tuple[str, str]]:
    """(text, corrected label) pairs, oldest first, for retraining the classifier."""
    return list(LabelCorrection.objects.values_list("text", "label"))


def list_sources() -> QuerySet[Source]:
    return Source.objects.annotate(mention_count=Count("mentions")).order_by("name")


@dataclass(frozen=True)
class MentionEntry:
    """A mention on a contact's timeline (the web contact page merges these in)."""

    kind: str
    at: dt.datetime
    item: Mention


def timeline_mentions(contact: Contact, limit: int = 200) -> list[MentionEntry]:
    mentions = (
        Mention.objects.filter(contact=contact)
        .select_related("source")
        .order_by("-published_at", "-id")[:limit]
    )
    return [
        MentionEntry("mention", m.published_at or m.created_at, m) for m in mentions
    ]
