"""Benchmark of reading business card photos (issue 21): the bar is <= 3 s per card on one
core of this machine, OCR included, and <= 1 GB of memory.

Generates phone photos of cards (tests/fixtures_gen/cards.py, 1522 x 1260 JPEG, a quarter of
them upside down or turned), then, in this process pinned to one core with ONNX Runtime on
one thread: decode, straighten, RapidOCR, parse, for each card. CPU time per card is the
process's (user + system), wall time is beside it; peak RSS is the process's maximum. The
same photos read by Tesseract alone (no straightening, one thread) are the baseline.

    .venv/bin/python bench/bench_cards.py --cards 20
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

BAR_SECONDS = 3.0
BAR_MB = 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2103)
    args = parser.parse_args()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from tests.fixtures_gen import cards

    from relais.ingest.cards import ocr
    from relais.ingest.cards.image import decode, read_card
    from relais.ingest.cards.parse import parse_card

    specs = cards.card_specs(args.seed, args.cards, held_out=True)
    photos = [cards.photograph(cards.render(s, i), i) for i, s in enumerate(specs)]
    engine = ocr.engine("rapidocr")
    parse_card(read_card(photos[0], engine).lines)  # models loaded before timing
    cpu, wall = [], []
    for photo in photos:
        c0, w0 = _cpu(), time.perf_counter()
        parse_card(read_card(photo, engine).lines)
        cpu.append(_cpu() - c0)
        wall.append(time.perf_counter() - w0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tesseract = ocr.TesseractEngine(orient=False)
    base_cpu = []
    for photo in photos:
        c0 = _cpu()
        tesseract.pieces(decode(photo))
        base_cpu.append(_cpu() - c0)
    load = os.getloadavg()[0]
    mean, worst = statistics.mean(cpu), max(cpu)
    print(f"cards: {len(photos)}, load average {load:.2f}")
    print(
        "| engine | CPU per card (mean / max) | wall per card (mean / max) | peak RSS | bar | ratio |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| RapidOCR + straightening + parse | {mean:.2f} s / {worst:.2f} s | "
        f"{statistics.mean(wall):.2f} s / {max(wall):.2f} s | {peak_mb:.0f} MB | "
        f"{BAR_SECONDS:.0f} s, {BAR_MB} MB | {mean / BAR_SECONDS:.2f} of the bar |"
    )
    print(
        f"| baseline: Tesseract alone, raw photo | {statistics.mean(base_cpu):.2f} s / "
        f"{max(base_cpu):.2f} s | | | | |"
    )


if __name__ == "__main__":
    main()
