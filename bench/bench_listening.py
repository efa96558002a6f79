"""Benchmark of polling (issue 14): one pass over 1,000 feeds served from a local server must
take at most 60 s.

In one run, on a fresh data directory (SQLite unless RELAIS_DATABASE_URL is set):

1. writes 1,000 RSS feeds of ``--items`` items each (French and English text, 300 authors) and
   serves them with ``python -m http.server`` in a second process (threaded, answers
   If-Modified-Since with 304);
2. adds 1,000 sources (``add_source``, kind rss);
3. baseline: the same 1,000 GETs through ``relais.core.outbound.fetch`` with the same
   concurrency, nothing parsed or stored (the network part alone);
4. ``poll_all()``: the first pass (every item new: parsed, deduplicated, stored, linked);
5. ``poll_all()`` again: the steady state (every feed answers 304 Not Modified).

Reports wall time, CPU time of this process, mentions stored, and the ratio to the baseline.

    .venv/bin/python bench/bench_listening.py --feeds 1000 --items 20
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

WORDS_FR = [
    "livraison",
    "commande",
    "remboursement",
    "service",
    "client",
    "application",
    "synchro",
    "export",
    "import",
    "contacts",
    "lampe",
    "garantie",
    "merci",
    "bravo",
    "problème",
    "bug",
    "question",
    "tarif",
]
WORDS_EN = [
    "delivery",
    "order",
    "refund",
    "support",
    "app",
    "sync",
    "export",
    "import",
    "contacts",
    "lamp",
    "warranty",
    "thanks",
    "great",
    "problem",
    "bug",
    "question",
    "pricing",
    "plan",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_feeds(root: Path, feeds: int, items: int, rng: random.Random) -> None:
    authors = [f"Auteur{n} Nom{n % 97}" for n in range(300)]
    for f in range(feeds):
        body = []
        for i in range(items):
            words = WORDS_FR if (f + i) % 2 else WORDS_EN
            text = " ".join(rng.choice(words) for _ in range(rng.randint(12, 40)))
            body.append(
                f"<item><title>{escape(text[:60])}</title>"
                f"<link>https://blog{f}.example/posts/{i}</link>"
                f"<guid isPermaLink='false'>feed{f}-item{i}</guid>"
                f"<author>a{f}@example.org ({rng.choice(authors)})</author>"
                f"<pubDate>Mon, 07 Dec 2026 {i % 24:02d}:{f % 60:02d}:00 +0000</pubDate>"
                f"<description>&lt;p&gt;{escape(text)}&lt;/p&gt;</description></item>"
            )
        (root / f"feed{f}.xml").write_text(
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Blog {f}</title><link>https://blog{f}.example/</link>"
            + "".join(body)
            + "</channel></rss>"
        )


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="relais-bench-listen-"))
    feeds_dir = work / "feeds"
    feeds_dir.mkdir()
    write_feeds(feeds_dir, args.feeds, args.items, random.Random(14))
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(feeds_dir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ.setdefault("RELAIS_DATA_DIR", str(work / "data"))
    os.environ["RELAIS_OUTBOUND_ALLOW"] = f"127.0.0.1:{port}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from relais.core import outbound
    from relais.listening.models import Mention, Source
    from relais.listening.services.poll import poll_all

    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                outbound.fetch(f"{base}/feed0.xml")
                break
            except outbound.OutboundError:
                time.sleep(0.1)
        Source.objects.bulk_create(
            Source(name=f"blog {f}", kind="rss", url=f"{base}/feed{f}.xml")
            for f in range(args.feeds)
        )
        urls = [f"{base}/feed{f}.xml" for f in range(args.feeds)]

        start, cpu0 = time.monotonic(), cpu()
        with ThreadPoolExecutor(args.concurrency) as pool:
            sizes = list(pool.map(lambda u: len(outbound.fetch(u).content), urls))
        baseline, baseline_cpu = time.monotonic() - start, cpu() - cpu0

        start, cpu0 = time.monotonic(), cpu()
        first = poll_all(args.concurrency)
        first_time, first_cpu = time.monotonic() - start, cpu() - cpu0

        start, cpu0 = time.monotonic(), cpu()
        second = poll_all(args.concurrency)
        second_time, second_cpu = time.monotonic() - start, cpu() - cpu0

        print(
            f"{args.feeds} feeds x {args.items} items, {sum(sizes) / 1e6:.1f} MB, concurrency {args.concurrency}, load {os.getloadavg()[0]:.2f}"
        )
        print(
            "| run | time | CPU (this process) | new mentions | failed | ratio to baseline |"
        )
        print("|---|---|---|---|---|---|")
        print(
            f"| baseline: fetch only (outbound.fetch) | {baseline:.1f} s | {baseline_cpu:.1f} s | | | 1 |"
        )
        print(
            f"| first pass (all new) | {first_time:.1f} s | {first_cpu:.1f} s | {first.new:,} | {first.failed} | {first_time / baseline:.1f} |"
        )
        print(
            f"| second pass (304 Not Modified) | {second_time:.1f} s | {second_cpu:.1f} s | {second.new:,} | {second.failed} | {second_time / baseline:.1f} |"
        )
        print(
            f"mentions stored: {Mention.objects.count():,}; verdict: {'OK' if first_time <= 60 else 'OVER'} (<= 60 s)"
        )
        return 0 if first_time <= 60 and not first.failed else 1
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
