"""Storing fetched items as mentions, deduplicated (docs/listening.md, "Deduplication").

Per item: its key in the source is the guid, else the canonical link, else a hash of title and
published date. A key already in the source's seen-set is the same mention (an edited item
updates it and keeps the old text as a version; an item that vanished and came back is not new).
A new key whose canonical link is already a mention (the same post in an account feed and a tag
feed) joins that mention. Work is batched: two queries find what is known, new rows are bulk
inserted, so a feed of 1,500 items costs a handful of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..connectors import Item
from ..hooks import mentions_stored
from ..models import Mention, MentionVersion, SeenItem, Source
from ..text import canonical_url, digest
from .labelling import classifier_available, label_texts, mention_text


@dataclass
class Stored:
    new: list[Mention] = field(default_factory=list)
    updated: list[Mention] = field(default_factory=list)
    unchanged: int = 0


def item_key(item: Item) -> str:
    if item.guid:
        return digest("g", item.guid.strip())
    if item.url:
        return digest("l", canonical_url(item.url))
    published = item.published_at.isoformat() if item.published_at else ""
    return digest("h", item.title.strip(), published)


def identity_of(source: Source, item: Item, key: str) -> str:
    if item.url:
        return "u:" + canonical_url(item.url)[:590]
    return f"s:{source.pk}:{key}"


def _content_hash(item: Item) -> str:
    return digest(item.title.strip(), item.text.strip())


def _new_mention(source: Source, item: Item, identity: str) -> Mention:
    return Mention(
        source=source,
        identity=identity,
        url=item.url[:1000],
        guid=item.guid[:1000],
        author_name=item.author_name[:300],
        author_handle=item.author_handle[:300],
        author_url=item.author_url[:1000],
        author_email=item.author_email[:300],
        title=item.title[:1000],
        text=item.text,
        content_hash=_content_hash(item),
        published_at=item.published_at,
        updated_at=item.updated_at or item.published_at,
    )


def _apply_edit(mention: Mention, item: Item, now: dt.datetime) -> MentionVersion:
    version = MentionVersion(
        mention=mention,
        title=mention.title,
        text=mention.text,
        content_hash=mention.content_hash,
        updated_at=mention.updated_at,
    )
    mention.title = item.title[:1000]
    mention.text = item.text
    mention.content_hash = _content_hash(item)
    mention.updated_at = item.updated_at or now
    return version


def _label(mentions: list[Mention]) -> None:
    results = label_texts([mention_text(m.title, m.text) for m in mentions])
    for mention, result in zip(mentions, results, strict=True):
        mention.label = result.label
        mention.scores = result.scores
        mention.evidence = [list(pair) for pair in result.evidence]
        mention.lang = result.lang or mention.lang


def store_items(source: Source, items: list[Item]) -> Stored:
    """Store a fetched batch; returns the new and updated mentions."""
    now = timezone.now()
    keyed: dict[str, Item] = {}
    for item in items:  # a feed listing one item twice keeps the last copy
        keyed[item_key(item)] = item
    result = Stored()
    with transaction.atomic():
        seen = {
            s.key: s
            for s in SeenItem.objects.filter(
                source=source, key__in=list(keyed)
            ).select_related("mention")
        }
        identities = {
            k: identity_of(source, it, k) for k, it in keyed.items() if k not in seen
        }
        known = {
            m.identity: m
            for m in Mention.objects.filter(identity__in=set(identities.values()))
        }
        fresh: dict[str, Mention] = {}
        touched: list[tuple[str, Mention]] = []
        versions: list[MentionVersion] = []
        for key, item in keyed.items():
            if key in seen:
                mention = seen[key].mention
            elif (
                mention_or_none := known.get(identities[key])
                or fresh.get(identities[key])
            ) is None:
                mention = fresh[identities[key]] = _new_mention(
                    source, item, identities[key]
                )
                touched.append((key, mention))
                continue
            else:
                mention = mention_or_none
                touched.append((key, mention))
            if mention.pk and mention.content_hash != _content_hash(item):
                versions.append(_apply_edit(mention, item, now))
                result.updated.append(mention)
            elif mention.pk:
                result.unchanged += 1
        new = list(fresh.values())
        _label(new + result.updated)
        Mention.objects.bulk_create(new)
        if not all(
            m.pk for m in new
        ):  # backends without RETURNING ids (none we support)
            ids = dict(
                Mention.objects.filter(identity__in=list(fresh)).values_list(
                    "identity", "id"
                )
            )
            for m in new:
                m.pk = ids[m.identity]
        result.new = new
        if result.updated:
            Mention.objects.bulk_update(
                result.updated,
                [
                    "title",
                    "text",
                    "content_hash",
                    "updated_at",
                    "label",
                    "scores",
                    "evidence",
                    "lang",
                ],
            )
            MentionVersion.objects.bulk_create(versions)
        SeenItem.objects.bulk_create(
            [
                SeenItem(source=source, key=k, mention=m, last_seen=now)
                for k, m in touched
            ]
        )
        SeenItem.objects.filter(source=source, key__in=list(seen)).update(last_seen=now)
    if result.new or result.updated:
        mentions_stored.send(sender=Source, mentions=result.new + result.updated)
    return result


def prune_seen(days: int) -> int:
    """Forget item keys not seen for ``days`` days (by age, never by count)."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = SeenItem.objects.filter(last_seen__lt=cutoff).delete()
    return deleted


def label_pending(limit: int = 5000) -> int:
    """Label mentions stored before the classifier was installed (a batch per poll pass)."""
    if not classifier_available():
        return 0
    pending = list(Mention.objects.filter(label="").order_by("id")[:limit])
    _label(pending)
    labelled = [m for m in pending if m.label]
    Mention.objects.bulk_update(
        labelled, ["label", "scores", "evidence", "lang"], batch_size=500
    )
    return len(labelled)
