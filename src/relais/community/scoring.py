"""Influence of an author, as a score whose components are always shown (docs/community.md).

Pure functions, no database: the service gathers the facts (``Facts``), this module turns them
into components in [0, 1] and a score in [0, 100]:

- reach: followers when the network gives them, on a log scale capped at ``REACH_CEILING``
  (one celebrity does not flatten everyone else); else the author's share of links from other
  monitored sources (PageRank over the mention graph, divided by the best-linked author's);
- engagement: interactions per post (replies, boosts, favourites, links from others), log scale;
- relevance: mean cosine similarity of the author's posts to the brand's topic profile;
- activity: half frequency (posts per month, 4 a month is full), half recency (halves every
  ``RECENCY_HALF_LIFE_DAYS``).

score = 100 × relevance × (0.4 reach + 0.3 engagement + 0.3 activity). Relevance multiplies
the rest on purpose: a large audience talking about something else is not influence on us.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REACH_CEILING = 1_000_000
ENGAGEMENT_CEILING = 50.0
FULL_POSTS_PER_MONTH = 4.0
RECENCY_HALF_LIFE_DAYS = 90.0
WEIGHTS = {"reach": 0.4, "engagement": 0.3, "activity": 0.3}

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    line
    for line in (Path(__file__).with_name("data") / "stopwords.txt")
    .read_text("utf-8")
    .split()
    if not line.startswith("#")
)


@dataclass(frozen=True)
class Facts:
    posts: int
    relevance: float  # mean similarity of the posts to the topic profile, 0..1
    interactions: float = 0.0  # replies, boosts, favourites, inbound links, in total
    followers: int | None = None
    link_share: float = (
        0.0  # PageRank / best PageRank, 0..1, used when followers are unknown
    )
    months_active: float = 1.0
    days_since_last: float | None = None


@dataclass(frozen=True)
class Influence:
    score: float
    reach: float
    engagement: float
    relevance: float
    activity: float

    def components(self) -> dict[str, float]:
        return {
            "reach": self.reach,
            "engagement": self.engagement,
            "relevance": self.relevance,
            "activity": self.activity,
        }


def reach(followers: int | None, link_share: float) -> float:
    if followers is None:
        return _clamp(link_share)
    return _clamp(math.log10(1 + max(followers, 0)) / math.log10(1 + REACH_CEILING))


def engagement(interactions: float, posts: int) -> float:
    if posts <= 0:
        return 0.0
    per_post = max(interactions, 0.0) / posts
    return _clamp(math.log1p(per_post) / math.log1p(ENGAGEMENT_CEILING))


def activity(posts: int, months_active: float, days_since_last: float | None) -> float:
    frequency = _clamp(posts / max(months_active, 1.0) / FULL_POSTS_PER_MONTH)
    recency = (
        0.0
        if days_since_last is None
        else 0.5 ** (max(days_since_last, 0.0) / RECENCY_HALF_LIFE_DAYS)
    )
    return 0.5 * frequency + 0.5 * recency


def influence(facts: Facts) -> Influence:
    parts = {
        "reach": reach(facts.followers, facts.link_share),
        "engagement": engagement(facts.interactions, facts.posts),
        "activity": activity(facts.posts, facts.months_active, facts.days_since_last),
    }
    relevance = _clamp(facts.relevance)
    audience = sum(WEIGHTS[name] * value for name, value in parts.items())
    return Influence(
        score=round(100 * relevance * audience, 1),
        reach=round(parts["reach"], 3),
        engagement=round(parts["engagement"], 3),
        relevance=round(relevance, 3),
        activity=round(parts["activity"], 3),
    )


def words(text: str) -> Counter[str]:
    return Counter(
        w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOP
    )


def topic_profile(texts: Iterable[str]) -> Counter[str]:
    """The brand's topic: the words monitored mentions share, by how many mentions use them.

    Counted once per mention, so one long post cannot dominate; a word only one mention uses
    is that author's own subject, not the brand's, and is left out once there are 3 mentions.
    """
    profile: Counter[str] = Counter()
    n = 0
    for text in texts:
        profile.update(set(words(text)))
        n += 1
    if n >= 3:
        profile = Counter({w: c for w, c in profile.items() if c >= 2})
    return profile


def similarity(text: str, profile: Counter[str]) -> float:
    """Cosine similarity of a post's words to the topic profile."""
    bag = words(text)
    dot = sum(count * profile.get(word, 0) for word, count in bag.items())
    norm = math.sqrt(sum(c * c for c in bag.values())) * math.sqrt(
        sum(c * c for c in profile.values())
    )
    return dot / norm if norm else 0.0


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)
