"""Warm introductions: the best ways from someone in the team to a person or an organisation.

A path is ranked by the product of its ties' strengths (``graph.py``): a user who met the
target twice beats a chain through a customer, which beats a chain through a colleague of a
colleague. Each link says why it is there. For a path through a connector, ``draft_request``
writes a short, non-intrusive message asking that connector for an introduction — a draft
only: nobody is contacted unless a user decides to send it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from relais.contacts.models import Contact, Organisation
from relais.core.errors import NotFound

from .graph import contact_node, org_node, relationship_graph

MAX_COST = -math.log(0.005)  # paths weaker than this are not worth suggesting
MAX_LINKS = 3


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    strength: float
    reason: str


@dataclass(frozen=True)
class IntroPath:
    user_id: int
    strength: float
    nodes: list[str]
    links: list[Link]

    def as_dict(self) -> dict[str, Any]:
        return {
            "user": self.user_id,
            "strength": round(self.strength, 4),
            "path": self.nodes,
            "links": [
                asdict(link) | {"strength": round(link.strength, 4)}
                for link in self.links
            ],
        }


def _label(graph: nx.Graph, node: str) -> str:
    if node.startswith("c:"):
        label = graph.nodes[node].get("label")
        return str(label) if label else node
    return str(graph.nodes[node].get("label", node))


def _labels(graph: nx.Graph, nodes: list[str]) -> None:
    missing = [
        int(n[2:])
        for n in nodes
        if n.startswith("c:") and "label" not in graph.nodes[n]
    ]
    if missing:
        for pk, name in Contact.objects.filter(pk__in=missing).values_list(
            "pk", "display_name"
        ):
            graph.nodes[contact_node(pk)]["label"] = name


def _nearby(graph: nx.Graph, node: str) -> dict[str, list[str]]:
    """The cheapest path of at most ``MAX_LINKS`` links from ``node`` to each node near it.

    Bounded by depth as well as cost: a warm introduction is user → contact, user → connector
    → contact, or through the contact's organisation; anything longer is not an introduction
    anyone would ask for, and a depth bound keeps a query on a 100,000-contact graph small.
    A path stops at the first user it meets (that user is the closer one).
    """
    best: dict[str, tuple[float, list[str]]] = {node: (0.0, [node])}
    frontier = [node]
    for _ in range(MAX_LINKS):
        reached: list[str] = []
        for here in frontier:
            cost, path = best[here]
            if here.startswith("u:") and here != node:
                continue
            for there, edge in graph[here].items():
                total = cost + edge["cost"]
                if total > MAX_COST or there in path:
                    continue
                if there not in best or total < best[there][0]:
                    best[there] = (total, [*path, there])
                    reached.append(there)
        frontier = reached
    return {end: path for end, (_, path) in best.items() if end != node}


def paths_to(
    node: str, *, limit: int = 5, graph: nx.Graph | None = None
) -> list[IntroPath]:
    """The best path from each user to ``node``, best first (at most ``limit``)."""
    graph = graph if graph is not None else relationship_graph()
    if node not in graph:
        return []
    out = []
    for end, path in _nearby(graph, node).items():
        if not end.startswith("u:"):
            continue
        ordered = list(reversed(path))
        _labels(graph, ordered)
        links = [
            Link(
                _label(graph, a),
                _label(graph, b),
                graph[a][b]["strength"],
                graph[a][b]["reason"],
            )
            for a, b in zip(ordered, ordered[1:], strict=False)
        ]
        strength = math.prod(link.strength for link in links)
        out.append(IntroPath(int(end[2:]), strength, ordered, links))
    out.sort(key=lambda p: (-p.strength, p.user_id))
    return out[:limit]


def intros_for_contact(
    contact: Contact, *, limit: int = 5, graph: nx.Graph | None = None
) -> list[IntroPath]:
    """The best ways to reach ``contact`` through people the team knows."""
    return paths_to(contact_node(contact.pk), limit=limit, graph=graph)


def intros_for_organisation(
    org: Organisation, *, limit: int = 5, graph: nx.Graph | None = None
) -> list[IntroPath]:
    """Who in the team knows someone at ``org`` (paths end at the organisation)."""
    return paths_to(org_node(org.pk), limit=limit, graph=graph)


def find_target(ref: str) -> Contact:
    text = ref.strip()
    found = Contact.objects.filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        raise NotFound(f"No contact '{text}'.")
    return found


def draft_request(path: IntroPath, *, lang: str = "en") -> str | None:
    """A message to the path's connector asking for an introduction (None for a direct tie)."""
    if len(path.nodes) < 3 or not path.nodes[1].startswith("c:"):
        return None
    connector = Contact.objects.filter(pk=int(path.nodes[1][2:])).first()
    if connector is None:
        return None
    target = path.links[-1].target
    first = connector.first_name or connector.display_name
    if lang == "fr":
        return (
            f"Bonjour {first},\n\n"
            f"J'espère que vous allez bien. Je crois que vous connaissez {target} : "
            "accepteriez-vous de nous présenter ? Si cela ne vous semble pas opportun, "
            "aucun souci, dites-le-moi simplement.\n\nMerci d'avance,"
        )
    return (
        f"Hello {first},\n\n"
        f"I hope you are well. I believe you know {target}: would you be comfortable "
        "introducing us? If it does not feel right, no problem at all, just say so.\n\n"
        "Thank you,"
    )
