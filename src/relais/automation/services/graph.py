"""The relationship graph: users, contacts and organisations, with tie strengths.

Built from the database in a few queries (interactions with their author and participants,
organisations, overrides) into a ``networkx.Graph`` whose edges carry ``strength``, ``cost``
(``-log strength``: the best path is the cheapest, i.e. the highest product of strengths) and
``reason``. Building it costs seconds on a large base; ``relationship_graph()`` keeps the last
one for ``MAX_AGE`` and paths are then read from memory.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import defaultdict

import networkx as nx
from django.utils import timezone

from relais.accounts.models import User
from relais.automation.models import KnowsOverride
from relais.contacts.models import Contact
from relais.timeline.models import Participant

from .ties import COLLEAGUES, MET_TOGETHER, Tie

MAX_AGE = 300.0  # seconds a built graph is reused
MIN_STRENGTH = 0.02  # weaker ties are left out of the graph
MAX_GROUP = (
    12  # interactions with more contacts than this do not make "met together" ties
)

_lock = threading.Lock()
_cached: tuple[float, nx.Graph] | None = None


def user_node(pk: int) -> str:
    return f"u:{pk}"


def contact_node(pk: int) -> str:
    return f"c:{pk}"


def org_node(pk: int) -> str:
    return f"o:{pk}"


def _add(
    graph: nx.Graph, a: str, b: str, strength: float, reason: str, kind: str
) -> None:
    if strength < MIN_STRENGTH:
        return
    old = graph.get_edge_data(a, b)
    if old is not None and old["strength"] >= strength:
        return
    graph.add_edge(
        a, b, strength=strength, cost=-math.log(strength), reason=reason, kind=kind
    )


def build_graph(*, now: dt.datetime | None = None, lang: str = "en") -> nx.Graph:
    """The graph as the database holds it now."""
    now = now or timezone.now()
    graph = nx.Graph()
    for pk, name, email in User.objects.filter(is_active=True).values_list(
        "pk", "first_name", "email"
    ):
        graph.add_node(user_node(pk), kind="user", label=name or email)
    ties: dict[tuple[int, int], Tie] = defaultdict(Tie)
    groups: dict[int, list[int]] = defaultdict(list)
    rows = Participant.objects.values_list(
        "interaction_id",
        "contact_id",
        "interaction__author_id",
        "interaction__channel",
        "interaction__direction",
        "interaction__occurred_at",
    ).iterator(chunk_size=5000)
    for interaction, contact, author, channel, direction, when in rows:
        groups[interaction].append(contact)
        if author is not None:
            ties[(author, contact)].add(channel, direction, when, now)
    for row in KnowsOverride.objects.values_list("user_id", "contact_id", "strength"):
        ties[(row[0], row[1])].override = max(0.0, min(0.99, row[2]))
    for (user, contact), tie in ties.items():
        _add(
            graph,
            user_node(user),
            contact_node(contact),
            tie.strength,
            tie.reason(lang),
            "knows",
        )
    together = "réunis dans un même échange" if lang == "fr" else "in the same exchange"
    for members in groups.values():
        if 1 < len(members) <= MAX_GROUP:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    _add(
                        graph,
                        contact_node(a),
                        contact_node(b),
                        MET_TOGETHER,
                        together,
                        "together",
                    )
    colleagues = "même employeur" if lang == "fr" else "same employer"
    for pk, org, org_name in Contact.objects.filter(
        merged_into__isnull=True, organisation__isnull=False
    ).values_list("pk", "organisation_id", "organisation__name"):
        graph.add_node(org_node(org), kind="organisation", label=org_name)
        _add(
            graph,
            contact_node(pk),
            org_node(org),
            math.sqrt(COLLEAGUES),
            f"{colleagues}: {org_name}",
            "works_at",
        )
    return graph


def relationship_graph(*, refresh: bool = False) -> nx.Graph:
    """The graph, rebuilt when older than ``MAX_AGE`` seconds (or when asked)."""
    global _cached
    with _lock:
        if refresh or _cached is None or time.monotonic() - _cached[0] > MAX_AGE:
            _cached = (time.monotonic(), build_graph())
        return _cached[1]
