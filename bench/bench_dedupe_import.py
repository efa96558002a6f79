"""Duplicate detection end to end (issue 4): `relais import` of realistic exports, then
`relais dedupe --auto`, measured against the known truth; plain Splink beside it.

``gen_contact_exports.write_exports`` writes ≥ 10,000 records across the import formats
(trade-show CSV and XLSX, Google CSV, Outlook CSV, iPhone and Android vCards, LinkedIn
Connections.csv) and keeps, outside the files, which person each (file, record number) is.
The real CLI imports them into a fresh data directory, then `relais dedupe --auto` runs;
each source record's contact is read back from its provenance (file name and record number,
moved to the survivor by a merge), and two records are "predicted the same" when they ended
in one surviving contact. Pairwise precision, recall and F1 over source records.

The baseline is plain Splink (library defaults for each column, trained the usual way) on the
same records as written in the files, clustered at the same threshold as `--auto`.

    .venv/bin/python bench/bench_dedupe_import.py                 # 10,000 records, seed 11
    .venv/bin/python bench/bench_dedupe_import.py --records 20000 --show 20
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

Key = tuple[str, int]  # (file name, record number)


def _loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def _run(args: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """Run a CLI command; (first line of its output, wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.stdout.strip().splitlines()[0], wall, cpu


def pairs_of(groups: dict[object, list[Key]]) -> set[tuple[Key, Key]]:
    return {
        (a, b)
        for members in groups.values()
        for a, b in combinations(sorted(members), 2)
    }


def measure(
    predicted: set[tuple[Key, Key]], truth: set[tuple[Key, Key]]
) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def read_back() -> dict[int, list[Key]]:
    """Source records grouped by the surviving contact that holds them."""
    return _read_back()[0]


def _read_back() -> tuple[dict[int, list[Key]], dict[Key, int]]:
    from relais.contacts.models import Contact, Provenance

    parent = dict(
        Contact.objects.filter(merged_into__isnull=False).values_list(
            "pk", "merged_into"
        )
    )

    def root(pk: int) -> int:
        seen = set()
        while pk in parent and pk not in seen:
            seen.add(pk)
            pk = parent[pk]
        return pk

    groups: dict[int, list[Key]] = defaultdict(list)
    seen: dict[Key, int] = {}
    for contact_id, name, number in Provenance.objects.filter(
        source_kind=Provenance.SourceKind.IMPORT
    ).values_list("contact_id", "source_name", "record_number"):
        key = (name, number)
        if key not in seen:
            seen[key] = root(contact_id)
            groups[seen[key]].append(key)
    return groups, seen


def baseline(rows: dict[Key, object], threshold: float) -> set[tuple[Key, Key]]:
    """Plain Splink on the records as written, clustered at ``threshold``."""
    import pandas as pd
    import splink.comparison_library as cl
    from bench_matching import components, splink_pairs
    from splink import block_on

    keys = sorted(rows)
    frame = pd.DataFrame(
        {
            "unique_id": range(1, len(keys) + 1),
            "first_name": [rows[k].first or None for k in keys],  # type: ignore[attr-defined]
            "surname": [rows[k].last or None for k in keys],  # type: ignore[attr-defined]
            "organisation": [rows[k].organisation or None for k in keys],  # type: ignore[attr-defined]
            "title": [rows[k].title or None for k in keys],  # type: ignore[attr-defined]
            "city": [rows[k].city or None for k in keys],  # type: ignore[attr-defined]
            "email": [(rows[k].emails or [None])[0] for k in keys],  # type: ignore[attr-defined]
            "phone": [rows[k].mobile or rows[k].landline or None for k in keys],  # type: ignore[attr-defined]
            "linkedin": [rows[k].linkedin or None for k in keys],  # type: ignore[attr-defined]
        }
    )
    found, _ = splink_pairs(
        frame,
        [
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.JaroWinklerAtThresholds("organisation"),
            cl.ExactMatch("title"),
            cl.ExactMatch("city"),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("linkedin"),
        ],
        [
            block_on("first_name", "surname"),
            block_on("email"),
            block_on("phone"),
            block_on("linkedin"),
            block_on("surname", "organisation"),
        ],
        [block_on("email"), block_on("phone"), block_on("linkedin")],
        [block_on("first_name", "surname"), block_on("email")],
        threshold=min(threshold, 0.5),
    )
    ids = list(range(1, len(keys) + 1))
    kept = [p for p, prob in found.items() if prob >= threshold]
    clusters: dict[object, list[Key]] = defaultdict(list)
    for rid, cluster in components(ids, kept).items():
        clusters[cluster].append(keys[rid - 1])
    return pairs_of(clusters)


def _describe(key: Key, rows: dict[Key, object]) -> str:
    r = rows[key]
    return (
        f"{key[0]}#{key[1]} p{r.person}: {r.first} {r.last} | {r.organisation} | "  # type: ignore[attr-defined]
        f"{', '.join(r.emails)} | {r.mobile} {r.landline} | {r.city} | {r.linkedin}"  # type: ignore[attr-defined]
    )


def show_errors(
    predicted: set[tuple[Key, Key]],
    truth: set[tuple[Key, Key]],
    rows: dict[Key, object],
    count: int,
) -> None:
    from relais.matching.models import MatchCandidate

    contact_of = _read_back()[1]
    queued = {
        (a, b): p
        for a, b, p in MatchCandidate.objects.values_list(
            "left_id", "right_id", "probability"
        )
    }

    def verdict(a: Key, b: Key) -> str:
        x, y = sorted((contact_of[a], contact_of[b]))
        found = queued.get((x, y))
        return f"contacts {x}, {y}: " + (
            f"queued at {found:.3f}" if found is not None else "not proposed"
        )

    false = sorted(predicted - truth)[:count]
    missed = sorted(truth - predicted)
    print(f"\nFalse merges ({len(predicted - truth)} pairs), first {len(false)}:")
    for a, b in false:
        print(f"  {_describe(a, rows)}\n  {_describe(b, rows)}\n")
    print(f"Missed pairs ({len(missed)}), every {max(1, len(missed) // count)}th:")
    for a, b in missed[:: max(1, len(missed) // count)][:count]:
        print(f"  {verdict(a, b)}\n  {_describe(a, rows)}\n  {_describe(b, rows)}\n")
    levels: dict[str, int] = defaultdict(int)
    for a, b in missed:
        x, y = sorted((contact_of[a], contact_of[b]))
        found = queued.get((x, y))
        band = "not proposed" if found is None else f"queued {found:.1f}"
        levels[band] += 1
    print("Missed pairs by what became of them:", dict(sorted(levels.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--show", type=int, default=0, help="print N false merges and missed pairs"
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--auto-threshold",
        type=float,
        default=None,
        help="RELAIS_MATCHING_AUTO_THRESHOLD for the import and the dedupe (default: the "
        "setting's default)",
    )
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    env["RELAIS_DATA_DIR"] = tempfile.mkdtemp(prefix="relais-bench-dedupe-")
    if args.auto_threshold is not None:
        env["RELAIS_MATCHING_AUTO_THRESHOLD"] = str(args.auto_threshold)
        os.environ["RELAIS_MATCHING_AUTO_THRESHOLD"] = str(args.auto_threshold)
    os.environ.update(
        RELAIS_DATA_DIR=env["RELAIS_DATA_DIR"], DJANGO_SETTINGS_MODULE="relais.settings"
    )
    os.environ.pop("RELAIS_DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from gen_contact_exports import write_exports

    files = Path(tempfile.mkdtemp(prefix="relais-exports-"))
    paths, rows = write_exports(files, args.records, seed=args.seed)
    by_person: dict[object, list[Key]] = defaultdict(list)
    for key, row in rows.items():
        by_person[row.person].append(key)
    truth = pairs_of(by_person)
    print(f"load average before: {_loadavg()}")
    print(
        f"{len(rows):,} records in {len(paths)} files ({files}), {len(by_person):,} people, "
        f"{len(truth):,} true pairs"
    )
    relais = str(Path(sys.executable).parent / "relais")
    line, wall, cpu = _run([relais, "import", *map(str, paths)], env)
    print(f"relais import: {wall:.1f} s wall, {cpu:.1f} s CPU — {line}")
    after_import = pairs_of(read_back())  # type: ignore[arg-type]
    line, wall, cpu = _run([relais, "dedupe", "--auto"], env)
    print(f"relais dedupe --auto: {wall:.1f} s wall, {cpu:.1f} s CPU — {line}")
    after_dedupe = pairs_of(read_back())  # type: ignore[arg-type]
    threshold = float(settings.RELAIS_MATCHING_AUTO_THRESHOLD)

    print("\n| stage | system | precision | recall | F1 |\n|---|---|---|---|---|")
    for label, found in (
        ("after `relais import`", after_import),
        ("after `relais import` + `relais dedupe --auto`", after_dedupe),
    ):
        p, r, f = measure(found, truth)
        print(f"| {label} | Relais | {p:.4f} | {r:.4f} | **{f:.4f}** |")
    if not args.no_baseline:
        start = time.perf_counter()
        for cut in (threshold, 0.5):
            p, r, f = measure(baseline(rows, cut), truth)
            print(
                f"| same records, clusters of pairs ≥ {cut} | plain Splink | {p:.4f} | "
                f"{r:.4f} | **{f:.4f}** |"
            )
        print(f"(baseline: {time.perf_counter() - start:.1f} s)")
    print(f"load average after: {_loadavg()}")
    if args.show:
        show_errors(after_dedupe, truth, rows, args.show)


if __name__ == "__main__":
    main()
