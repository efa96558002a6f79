"""Intro paths for one contact over a graph of 200 users and 100,000 contacts (issue 19:
<= 200 ms a query).

The graph is generated in memory with the same edge builder and costs as
``relais.automation.services.graph`` (the built graph is what queries read; building it from
the database is a separate, cached step). Shape: each user knows 300 contacts (ties of random
strength), each contact sits at one of 5,000 organisations, and 150,000 "met together" ties
join contacts. Baseline in the same run: one plain ``networkx.single_source_dijkstra`` over
the same graph with no cut-off (what a naive query does).

    .venv/bin/python bench/bench_intros.py [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
os.environ.setdefault(
    "RELAIS_DATA_DIR", tempfile.mkdtemp(prefix="relais-bench-intros-")
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    import django

    django.setup()
    import networkx as nx

    from relais.automation.services import intros
    from relais.automation.services.graph import _add, contact_node, org_node, user_node

    rng = random.Random(19)
    graph = nx.Graph()
    started = time.perf_counter()
    for u in range(args.users):
        graph.add_node(user_node(u), kind="user", label=f"User {u}")
        for c in rng.sample(range(args.contacts), 300):
            _add(
                graph,
                user_node(u),
                contact_node(c),
                rng.uniform(0.05, 0.95),
                "bench",
                "knows",
            )
    for c in range(args.contacts):
        graph.add_node(contact_node(c), label=f"Contact {c}")
        _add(
            graph,
            contact_node(c),
            org_node(c % 5000),
            0.59,
            "same employer",
            "works_at",
        )
    for _ in range(150_000):
        a, b = rng.sample(range(args.contacts), 2)
        _add(graph, contact_node(a), contact_node(b), 0.25, "together", "together")
    built = time.perf_counter() - started
    targets = rng.sample(range(args.contacts), args.queries)
    timings, naive = [], []
    found = 0
    for c in targets:
        t0 = time.perf_counter()
        paths = intros.paths_to(contact_node(c), graph=graph, limit=5)
        timings.append(time.perf_counter() - t0)
        found += bool(paths)
    for c in targets[:5]:
        t0 = time.perf_counter()
        nx.single_source_dijkstra(graph, contact_node(c), weight="cost")
        naive.append(time.perf_counter() - t0)
    timings.sort()
    p50 = statistics.median(timings) * 1000
    p99 = timings[int(len(timings) * 0.99) - 1] * 1000
    base = statistics.median(naive) * 1000
    print(
        f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges, built in {built:.1f} s"
    )
    print(f"queries: {len(timings)}, with a path: {found}")
    print(
        f"paths_to: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {timings[-1] * 1000:.1f} ms (bar: 200 ms)"
    )
    print(f"baseline (uncut Dijkstra): p50 {base:.1f} ms; ratio {base / p50:.1f}x")
    sys.exit(0 if p99 <= 200 else 1)


if __name__ == "__main__":
    main()
