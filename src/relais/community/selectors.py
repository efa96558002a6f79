"""Authors with their counts, kind of voice and influence (docs/community.md, "Influence").

The facts behind each score come from the database here; the arithmetic is in ``scoring``.
Reach without follower counts is the author's share of links from other monitored authors:
PageRank over the mention graph (networkx), an edge A → B when a post of A links to a post
of B or to B's blog.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx
from django.utils import timezone

from . import scoring
from .models import Author, Contribution
from .voices import voice_of

_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)


@dataclass
class AuthorRow:
    id: int
    source: str
    handle: str
    name: str
    contact_id: int | None
    kind: str
    contributions: dict[str, int]
    influence: float
    components: dict[str, float]
    first_at: dt.datetime | None = None
    last_at: dt.datetime | None = None
    urls: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source,
            "handle": self.handle,
            "name": self.name,
            "contact_id": self.contact_id,
            "kind": self.kind,
            "contributions": self.contributions,
            "influence": self.influence,
            "components": self.components,
        }


def _norm(url: str) -> str:
    return (
        url.lower()
        .split("#")[0]
        .rstrip("/.,;")
        .removeprefix("https://")
        .removeprefix("http://")
    )


def _link_graph(
    posts: dict[int, list[tuple[str, str]]], blogs: dict[int, str]
) -> nx.DiGraph:
    owner = {_norm(url): a for a, items in posts.items() for url, _ in items if url}
    graph = nx.DiGraph()
    graph.add_nodes_from(posts)
    for author, items in posts.items():
        for _, text in items:
            for found in _URL.findall(text):
                target = owner.get(_norm(found))
                if target is None:
                    host = _norm(found).split("/")[0]
                    target = next((a for a, h in blogs.items() if h == host), None)
                if target is not None and target != author:
                    weight = graph.get_edge_data(author, target, {"weight": 0})[
                        "weight"
                    ]
                    graph.add_edge(author, target, weight=weight + 1)
    return graph


def author_rows(*, now: dt.datetime | None = None) -> list[AuthorRow]:
    """Every author, most influential first."""
    now = now or timezone.now()
    authors = {
        a.pk: a
        for a in Author.objects.select_related("source", "contact").prefetch_related(
            "contact__tags"
        )
    }
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    posts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    dates: dict[int, list[dt.datetime]] = defaultdict(list)
    # Every contribution counts whatever its label: the label is the classifier's guess (it
    # takes some press articles for spam), and off-topic posts already score no relevance.
    for c in Contribution.objects.select_related("mention"):
        counts[c.author_id][c.kind] += 1
        posts[c.author_id].append(
            (c.mention.url, f"{c.mention.title} {c.mention.text}")
        )
        dates[c.author_id].append(c.date)
    profile = scoring.topic_profile(t for items in posts.values() for _, t in items)
    blogs = {
        a.pk: _norm(items[0][0]).split("/")[0]
        for a_id, items in posts.items()
        if (a := authors.get(a_id)) and a.source.kind in ("rss", "atom") and items[0][0]
    }
    graph = _link_graph(posts, blogs)
    rank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {}
    inbound = {
        a: sum(d["weight"] for *_, d in graph.in_edges(a, data=True)) for a in graph
    }
    base = min(rank.values(), default=0.0)
    best = max(rank.values(), default=0.0)
    relevance = {
        a: sum(scoring.similarity(t, profile) for _, t in items) / len(items)
        for a, items in posts.items()
    }
    top_relevance = max(relevance.values(), default=0.0) or 1.0
    rows = []
    for a_id, author in authors.items():
        when = sorted(dates.get(a_id, []))
        n = len(when)
        facts = scoring.Facts(
            posts=n,
            relevance=relevance.get(a_id, 0.0) / top_relevance,
            interactions=inbound.get(a_id, 0),
            followers=author.followers,
            link_share=(rank.get(a_id, base) - base) / (best - base)
            if best > base
            else 0.0,
            months_active=((now - when[0]).days / 30.0) if when else 1.0,
            days_since_last=((now - when[-1]).total_seconds() / 86400)
            if when
            else None,
        )
        result = scoring.influence(facts)
        urls = [author.url] + [u for u, _ in posts.get(a_id, [])]
        tags = (
            tuple(t.name for t in author.contact.tags.all()) if author.contact else ()
        )
        rows.append(
            AuthorRow(
                id=a_id,
                source=author.source.name,
                handle=author.handle,
                name=author.name,
                contact_id=author.contact_id,
                kind=voice_of(
                    source_kind=author.source.kind, urls=urls, contact_tags=tags
                ),
                contributions=dict(sorted(counts.get(a_id, Counter()).items())),
                influence=result.score,
                components=result.components(),
                first_at=when[0] if when else None,
                last_at=when[-1] if when else None,
            )
        )
    rows.sort(key=lambda r: (-r.influence, r.handle))
    return rows


@dataclass
class ContactAuthor:
    source: str
    handle: str
    name: str
    url: str
    contributions: dict[str, int]
    last_at: dt.datetime | None


def contact_authors(contact_id: int) -> list[ContactAuthor]:
    """A contact's authors across networks, with their contributions by kind."""
    found = []
    for author in Author.objects.filter(contact_id=contact_id).select_related("source"):
        kinds = Counter(author.contributions.values_list("kind", flat=True))
        last = (
            author.contributions.order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        found.append(
            ContactAuthor(
                source=author.source.name,
                handle=author.handle,
                name=author.name,
                url=author.url
                if author.url.lower().startswith(("https://", "http://"))
                else "",
                contributions=dict(sorted(kinds.items())),
                last_at=last,
            )
        )
    return found
