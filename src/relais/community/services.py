"""Author profiles and contributions derived from mentions (docs/community.md).

``record`` is called for every batch listening stores (through ``listening.hooks``) and by
``sync`` for everything already there; both are idempotent: a mention is one contribution.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from relais.listening.models import Mention
from relais.listening.services.linking import author_key

from .models import Author, Contribution
from .voices import contribution_kind


def on_mentions_stored(sender: object, *, mentions: list[Mention], **_: object) -> None:
    record(mentions)


def record(mentions: Iterable[Mention]) -> int:
    """Create or update the author and the contribution of each mention; returns how many."""
    count = 0
    with transaction.atomic():
        authors: dict[tuple[int, str], Author] = {}
        for mention in mentions:
            key = author_key(mention)
            if not key or mention.pk is None:
                continue  # an anonymous item is nobody's contribution
            author = authors.get((mention.source_id, key))
            if author is None:
                author, _ = Author.objects.get_or_create(
                    source_id=mention.source_id, handle=key
                )
                authors[(mention.source_id, key)] = author
            _refresh_author(author, mention)
            Contribution.objects.update_or_create(
                mention=mention,
                defaults={
                    "author": author,
                    "kind": contribution_kind(
                        source_kind=mention.source.kind,
                        title=mention.title,
                        text=mention.text,
                        label=mention.label,
                    ),
                    "date": mention.published_at
                    or mention.created_at
                    or timezone.now(),
                },
            )
            count += 1
        for author in authors.values():
            author.save()
    return count


def _refresh_author(author: Author, mention: Mention) -> None:
    author.name = mention.author_name or author.name
    author.url = mention.author_url or author.url
    if mention.contact_id:
        author.contact_id = mention.contact_id


def sync(batch: int = 2000) -> int:
    """Record every stored mention (first run, or after contacts were linked)."""
    total = 0
    last = 0
    while True:
        chunk = list(
            Mention.objects.filter(pk__gt=last)
            .select_related("source")
            .order_by("pk")[:batch]
        )
        if not chunk:
            return total
        total += record(chunk)
        last = chunk[-1].pk
