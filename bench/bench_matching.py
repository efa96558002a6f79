"""Benchmark of duplicate detection (issue 4): Relais against plain Splink, in the same run.

Quality on public data with ground truth (../shared/data/dedup, never copied here) and on our
own generated contacts; speed and memory on a million generated contacts; the incremental
check against a million contacts in a database. The baseline is Splink 4 on DuckDB with its
comparison library's defaults for each column, trained the usual way (prior from
deterministic rules, u by random sampling, m by EM).

    .venv/bin/python bench/bench_matching.py                 # every quality set
    .venv/bin/python bench/bench_matching.py --only febrl3,fake1000
    .venv/bin/python bench/bench_matching.py --only million --records 1000000
    .venv/bin/python bench/bench_matching.py --only incremental --records 1000000

After a real `relais import` of generated exports and `relais dedupe --auto`:
bench/bench_dedupe_import.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dedup"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")

Pair = tuple[int, int]


# --- measures -----------------------------------------------------------------------------


def true_pairs(clusters: dict[int, object]) -> set[Pair]:
    members: dict[object, list[int]] = defaultdict(list)
    for rid, cluster in clusters.items():
        members[cluster].append(rid)
    return {(a, b) for ids in members.values() for a, b in combinations(sorted(ids), 2)}


def pairwise(predicted: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def components(ids: Iterable[int], pairs: Iterable[Pair]) -> dict[int, int]:
    parent = {i: i for i in ids}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: root(i) for i in parent}


def b_cubed(
    predicted: dict[int, int], truth: dict[int, object]
) -> tuple[float, float, float]:
    pred_members: dict[int, set[int]] = defaultdict(set)
    true_members: dict[object, set[int]] = defaultdict(set)
    for rid, c in predicted.items():
        pred_members[c].add(rid)
    for rid, c in truth.items():
        true_members[c].add(rid)
    precision = recall = 0.0
    for rid in truth:
        mine, real = pred_members[predicted[rid]], true_members[truth[rid]]
        common = len(mine & real)
        precision += common / len(mine)
        recall += common / len(real)
    precision, recall = precision / len(truth), recall / len(truth)
    return precision, recall, 2 * precision * recall / (precision + recall)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU of this process and of the children it has waited for (the batch's helper)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


# --- systems ------------------------------------------------------------------------------


def relais_pairs(
    records: list, *, train: bool, threshold: float
) -> tuple[dict[Pair, float], float]:
    from relais.matching.engine import score_batch

    start = time.perf_counter()
    pairs = score_batch(records, min_probability=threshold, train=train)
    elapsed = time.perf_counter() - start
    return {(p.left_id, p.right_id): p.probability for p in pairs}, elapsed


def splink_pairs(
    frame,  # noqa: ANN001 - a pandas DataFrame with unique_id and the columns below
    comparisons: list,
    blocking: list,
    deterministic: list,
    em_rules: list,
    *,
    threshold: float,
    link_type: str = "dedupe_only",
    frames: list | None = None,
) -> tuple[dict[Pair, float], float]:
    """Plain Splink: the comparison library's defaults, trained the usual way."""
    from splink import DuckDBAPI, Linker, SettingsCreator

    start = time.perf_counter()
    settings = SettingsCreator(
        link_type=link_type,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
    )
    linker = Linker(
        frames or frame, settings, db_api=DuckDBAPI(), set_up_basic_logging=False
    )
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    frame_out = linker.inference.predict(
        threshold_match_probability=threshold
    ).as_pandas_dataframe()
    elapsed = time.perf_counter() - start
    out = {}
    for left, right, probability in zip(
        frame_out["unique_id_l"],
        frame_out["unique_id_r"],
        frame_out["match_probability"],
        strict=True,
    ):
        a, b = int(left), int(right)
        out[(min(a, b), max(a, b))] = float(probability)
    return out, elapsed


# --- data sets ----------------------------------------------------------------------------


def _febrl(name: str):  # noqa: ANN202
    import pandas as pd

    frame = pd.read_csv(DATA / "febrl" / name, dtype=str, skipinitialspace=True).fillna(
        ""
    )
    frame.columns = [c.strip() for c in frame.columns]
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    return frame


def _febrl_records(frame, offset: int = 0) -> tuple[list, dict[int, object]]:  # noqa: ANN001
    from relais.matching.engine import MatchRecord

    records, truth = [], {}
    for index, row in enumerate(frame.itertuples(index=False), start=1 + offset):
        records.append(
            MatchRecord(
                id=index,
                first_name=row.given_name,
                last_name=row.surname,
                city=row.suburb,
                birth_date=row.date_of_birth,
                postcode=row.postcode,
                address=" ".join(
                    p for p in (row.street_number, row.address_1, row.address_2) if p
                ),
            )
        )
        truth[index] = row.rec_id.split("-")[1]
    return records, truth


def _febrl_splink_frame(frame, offset: int = 0):  # noqa: ANN001, ANN202
    out = frame.copy()
    out.insert(0, "unique_id", range(1 + offset, len(out) + 1 + offset))
    out = out.drop(columns=["rec_id"]).replace("", None)
    return out


def _febrl_baseline_settings() -> tuple[list, list, list, list]:
    import splink.comparison_library as cl
    from splink import block_on

    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison(
            "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
        ),
        cl.ExactMatch("suburb"),
        cl.ExactMatch("postcode"),
        cl.ExactMatch("state"),
        cl.LevenshteinAtThresholds("address_1", 2),
        cl.LevenshteinAtThresholds("street_number", 1),
        cl.LevenshteinAtThresholds("soc_sec_id", 2),
    ]
    blocking = [
        block_on("given_name", "surname"),
        block_on("surname", "date_of_birth"),
        block_on("given_name", "date_of_birth"),
        block_on("postcode", "street_number"),
        block_on("soc_sec_id"),
    ]
    deterministic = [
        block_on("soc_sec_id"),
        block_on("given_name", "surname", "date_of_birth"),
    ]
    em = [block_on("given_name", "surname"), block_on("date_of_birth", "postcode")]
    return comparisons, blocking, deterministic, em


def bench_febrl3(threshold: float) -> list[str]:
    frame = _febrl("dataset3.csv")
    records, truth = _febrl_records(frame)
    truth_pairs = true_pairs(truth)
    relais, t_relais = relais_pairs(records, train=True, threshold=threshold)
    base, t_base = splink_pairs(
        _febrl_splink_frame(frame), *_febrl_baseline_settings(), threshold=threshold
    )
    return [
        _row(
            "FEBRL3 dedupe (5,000)",
            "Relais",
            pairwise(set(relais), truth_pairs),
            t_relais,
        ),
        _row(
            "FEBRL3 dedupe (5,000)",
            "plain Splink",
            pairwise(set(base), truth_pairs),
            t_base,
        ),
    ]


def bench_febrl4(threshold: float) -> list[str]:
    a, b = _febrl("dataset4a.csv"), _febrl("dataset4b.csv")
    records_a, truth_a = _febrl_records(a)
    records_b, truth_b = _febrl_records(b, offset=len(a))
    truth = {**truth_a, **truth_b}
    cross = {p for p in true_pairs(truth) if (p[0] <= len(a)) != (p[1] <= len(a))}
    relais, t_relais = relais_pairs(
        records_a + records_b, train=True, threshold=threshold
    )
    relais_cross = {p for p in relais if (p[0] <= len(a)) != (p[1] <= len(a))}
    fa, fb = _febrl_splink_frame(a), _febrl_splink_frame(b, offset=len(a))
    base, t_base = splink_pairs(
        None,
        *_febrl_baseline_settings(),
        threshold=threshold,
        link_type="link_only",
        frames=[fa, fb],
    )
    return [
        _row(
            "FEBRL4 link (5,000 + 5,000)",
            "Relais",
            pairwise(relais_cross, cross),
            t_relais,
        ),
        _row(
            "FEBRL4 link (5,000 + 5,000)",
            "plain Splink",
            pairwise(set(base), cross),
            t_base,
        ),
    ]


def _clusters_row(
    label: str,
    system: str,
    ids: list[int],
    pairs: dict[Pair, float],
    truth: dict[int, object],
    threshold: float,
    seconds: float,
) -> str:
    kept = [p for p, prob in pairs.items() if prob >= threshold]
    precision, recall, f1 = b_cubed(components(ids, kept), truth)
    return (
        f"| {label} | {system} | B³ at {threshold} | {precision:.3f} | {recall:.3f} | "
        f"**{f1:.3f}** | {seconds:.1f} s |"
    )


def bench_fake1000(threshold: float) -> list[str]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import block_on

    from relais.matching.engine import MatchRecord

    frame = pd.read_csv(DATA / "splink" / "fake_1000.csv", dtype=str).drop(
        columns=["dob"]
    )
    frame["unique_id"] = frame["unique_id"].astype(int)
    truth = {int(r.unique_id): r.cluster for r in frame.itertuples()}
    records = [
        MatchRecord(
            id=int(r.unique_id),
            first_name=r.first_name if isinstance(r.first_name, str) else "",
            last_name=r.surname if isinstance(r.surname, str) else "",
            city=r.city if isinstance(r.city, str) else "",
            emails=(r.email,) if isinstance(r.email, str) else (),
        )
        for r in frame.itertuples()
    ]
    relais, t_relais = relais_pairs(records, train=True, threshold=0.01)
    base, t_base = splink_pairs(
        frame.drop(columns=["cluster"]),
        [
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.ExactMatch("city"),
            cl.EmailComparison("email"),
        ],
        [
            block_on("first_name"),
            block_on("surname"),
            block_on("email"),
            block_on("city"),
        ],
        [block_on("first_name", "surname"), block_on("email")],
        [block_on("first_name", "surname"), block_on("email")],
        threshold=0.01,
    )
    ids = sorted(truth)
    rows = []
    for cut in (0.5, 0.9, 0.95):
        rows.append(
            _clusters_row(
                "fake_1000 without dob", "Relais", ids, relais, truth, cut, t_relais
            )
        )
        rows.append(
            _clusters_row(
                "fake_1000 without dob", "plain Splink", ids, base, truth, cut, t_base
            )
        )
    return rows


def bench_historical(threshold: float) -> list[str]:
    import duckdb
    import splink.comparison_library as cl
    from splink import block_on

    from relais.matching.engine import MatchRecord

    path = str(DATA / "splink" / "historical_figures_with_errors_50k.parquet")
    frame = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [path]).df()
    frame["unique_id"] = range(1, len(frame) + 1)
    truth = {int(r.unique_id): r.cluster for r in frame.itertuples()}

    def text(value: object) -> str:
        return value if isinstance(value, str) else ""

    records = [
        MatchRecord(
            id=int(r.unique_id),
            first_name=text(r.first_name),
            last_name=text(r.surname),
            city=text(r.birth_place),
            title=text(r.occupation),
            birth_date=text(r.dob),
            postcode=text(r.postcode_fake),
        )
        for r in frame.itertuples()
    ]
    relais, t_relais = relais_pairs(records, train=True, threshold=0.01)
    columns = [
        "unique_id",
        "first_name",
        "surname",
        "dob",
        "birth_place",
        "postcode_fake",
        "gender",
        "occupation",
    ]
    base, t_base = splink_pairs(
        frame[columns],
        [
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.LevenshteinAtThresholds("postcode_fake", 2),
            cl.ExactMatch("birth_place"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("occupation"),
        ],
        [
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("postcode_fake", "first_name"),
        ],
        [
            block_on("first_name", "surname", "dob"),
            block_on("surname", "dob", "postcode_fake"),
        ],
        [block_on("first_name", "surname"), block_on("dob")],
        threshold=0.01,
    )
    ids = sorted(truth)
    rows = []
    for cut in (0.5, 0.9, 0.95):
        rows.append(
            _clusters_row("historical_50k", "Relais", ids, relais, truth, cut, t_relais)
        )
        rows.append(
            _clusters_row(
                "historical_50k", "plain Splink", ids, base, truth, cut, t_base
            )
        )
    return rows


def bench_generated(threshold: float, count: int = 10_000) -> list[str]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import block_on
    from tests.fixtures_gen.duplicates import generate

    data = list(generate(count, seed=11))
    records = [r for r, _ in data]
    truth = {r.id: person for r, person in data}
    truth_pairs = true_pairs(truth)
    relais, t_relais = relais_pairs(records, train=False, threshold=0.3)
    frame = pd.DataFrame(
        {
            "unique_id": [r.id for r in records],
            "first_name": [r.first_name or None for r in records],
            "surname": [r.last_name or None for r in records],
            "organisation": [r.organisation or None for r in records],
            "title": [r.title or None for r in records],
            "city": [r.city or None for r in records],
            "email": [r.emails[0] if r.emails else None for r in records],
            "phone": [r.phones[0] if r.phones else None for r in records],
        }
    )
    base, t_base = splink_pairs(
        frame,
        [
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.JaroWinklerAtThresholds("organisation"),
            cl.ExactMatch("title"),
            cl.ExactMatch("city"),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
        ],
        [
            block_on("first_name", "surname"),
            block_on("email"),
            block_on("phone"),
            block_on("surname", "organisation"),
        ],
        [block_on("email"), block_on("phone")],
        [block_on("first_name", "surname"), block_on("email")],
        threshold=0.3,
    )
    rows = []
    for cut in (0.5, 0.9):
        for system, pairs, seconds in (
            ("Relais", relais, t_relais),
            ("plain Splink", base, t_base),
        ):
            kept = {p for p, prob in pairs.items() if prob >= cut}
            rows.append(
                _row(
                    f"generated contacts ({count:,}), pairs ≥ {cut}",
                    system,
                    pairwise(kept, truth_pairs),
                    seconds,
                )
            )
    return rows


def _row(
    label: str, system: str, prf: tuple[float, float, float], seconds: float
) -> str:
    precision, recall, f1 = prf
    return (
        f"| {label} | {system} | pairwise | {precision:.4f} | {recall:.4f} | **{f1:.4f}** | "
        f"{seconds:.1f} s |"
    )


def bench_million(count: int) -> list[str]:
    import gc

    from tests.fixtures_gen.duplicates import generate

    from relais.matching.engine import score_batch

    start = time.perf_counter()
    gc.disable()
    generated_records = list(generate(count, seed=5, duplicate_rate=0.1))
    records = [r for r, _ in generated_records]
    person = {r.id: number for r, number in generated_records}
    del generated_records
    gc.enable()
    generated = time.perf_counter() - start
    logging.disable(logging.NOTSET)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("relais.matching.engine").setLevel(logging.INFO)
    cpu_before, start = cpu_s(), time.perf_counter()
    # What `relais dedupe` asks for: the pairs at or above the review threshold.
    pairs = score_batch(records, min_probability=0.75)
    elapsed, cpu = time.perf_counter() - start, cpu_s() - cpu_before
    # Recall against the generator's truth, to show that speed work found the same people.
    # (Its precision is not a measure here: at a million records the generator gives some
    # namesakes the same free-mail address, which no real mailbox does.)
    members: dict[int, list[int]] = defaultdict(list)
    for rid, number in person.items():
        members[number].append(rid)
    truth = {p for ids in members.values() for p in combinations(sorted(ids), 2)}
    recall = {
        threshold: len(
            {(p.left_id, p.right_id) for p in pairs if p.probability >= threshold}
            & truth
        )
        / len(truth)
        for threshold in (0.75, 0.98)
    }
    return [
        f"| batch dedupe, {count:,} generated contacts | Relais (DuckDB) | {elapsed:.1f} s wall, "
        f"{cpu:.1f} s CPU (with the features' helper process) | "
        f"{len(pairs):,} pairs ≥ 0.75; recall of the {len(truth):,} true pairs "
        f"{recall[0.75]:.4f} at 0.75, {recall[0.98]:.4f} at 0.98 | peak RSS {peak_mb():,.0f} MB "
        f"(generating the records: {generated:.1f} s) |"
    ]


def _fill(records: list) -> None:
    """Write contacts, their points and their blocking keys with plain INSERTs (the ORM's
    bulk_create takes most of an hour for a million contacts on this machine)."""
    import gc

    from django.db import connection, transaction

    from relais.matching.engine.incremental import keys_for
    from relais.matching.features import features_of

    now = "2026-01-01 00:00:00"
    gc.disable()
    chunk = 50_000
    for begin in range(0, len(records), chunk):
        part = records[begin : begin + chunk]
        contacts, points, keys = [], [], []
        for r in part:
            contacts.append(
                (r.id, r.first_name, r.last_name, f"{r.first_name} {r.last_name}",
                 r.title, r.city, r.country, "", "lead", "", now, now, "")
            )  # fmt: skip
            points += [
                (r.id, "email", "", e, e, i == 0, now) for i, e in enumerate(r.emails)
            ]
            points += [
                (r.id, "phone", "mobile" if p in r.mobiles else "", p, p, False, now)
                for p in r.phones
            ]
            keys += [(k, r.id) for k in keys_for(features_of(r))]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO contacts_contact (id, first_name, last_name, display_name, "
                "title, city, country, language, status, search_text, created_at, "
                "updated_at, lawful_basis) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s)",
                contacts,
            )
            cursor.executemany(
                "INSERT INTO contacts_contactpoint (contact_id, kind, label, value, "
                "normalized_value, is_primary, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                points,
            )
            cursor.executemany(
                "INSERT INTO matching_matchkey (key, contact_id) VALUES (%s, %s)", keys
            )
    gc.enable()


def bench_incremental(count: int, probes: int = 500, reuse: str = "") -> list[str]:
    """Fill a fresh SQLite base with ``count`` contacts (bulk), then time find_matches_for.
    ``reuse``: the data directory of an earlier run with the same ``count`` (not refilled)."""
    import random
    import tempfile

    data_dir = reuse or tempfile.mkdtemp(prefix="relais-bench-match-")
    os.environ["RELAIS_DATA_DIR"] = data_dir
    os.environ.pop("RELAIS_DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tests.fixtures_gen.duplicates import generate

    from relais.contacts.models import Contact
    from relais.matching.engine import find_matches_for

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    data = [r for r, _ in generate(count + probes, seed=9, duplicate_rate=0.1)]
    base, probe_records = data[:count], data[count:]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
    if not Contact.objects.exists():
        _fill(base)
    filled = time.perf_counter() - start
    rng = random.Random(3)
    # Half the probes are edited copies of existing contacts, half are new people.
    probe_list = [
        (rng.choice(base) if i % 2 else probe_records[i]) for i in range(probes)
    ]
    timings: list[float] = []
    cpu_timings: list[float] = []
    found = 0
    for record in probe_list:
        typed = record.__class__(
            **{**{f: getattr(record, f) for f in record.__dataclass_fields__}, "id": 0}
        )
        begin, cpu_begin = time.perf_counter(), time.process_time()
        matches = find_matches_for(typed)
        timings.append((time.perf_counter() - begin) * 1000)
        cpu_timings.append((time.process_time() - cpu_begin) * 1000)
        found += bool(matches)
    timings.sort()
    cpu_timings.sort()
    p50, p95, p99 = (timings[int(len(timings) * q)] for q in (0.5, 0.95, 0.99))
    c50, c95 = (cpu_timings[int(len(cpu_timings) * q)] for q in (0.5, 0.95))
    return [
        f"| incremental check against {count:,} contacts (SQLite) | Relais | wall p50 "
        f"{p50:.1f} ms, **p95 {p95:.1f} ms**, p99 {p99:.1f} ms; CPU p50 {c50:.1f} ms, "
        f"p95 {c95:.1f} ms (SQLite runs in-process, so CPU includes the queries) over "
        f"{probes} probes | {found} probes with a match | base filled in {filled:.0f} s |"
    ]


SETS: dict[str, Callable[..., list[str]]] = {
    "febrl3": bench_febrl3,
    "febrl4": bench_febrl4,
    "fake1000": bench_fake1000,
    "historical": bench_historical,
    "generated": bench_generated,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SETS))
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument(
        "--reuse", default="", help="data dir of an earlier incremental run"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    wanted = args.only.split(",")
    if "incremental" not in wanted:
        import django

        django.setup()
    print(f"load average before: {loadavg()}")
    print("| data | system | measure | precision | recall | F1 | time |")
    print("|---|---|---|---|---|---|---|")
    for name in wanted:
        if name == "million":
            rows = bench_million(args.records)
        elif name == "incremental":
            rows = bench_incremental(args.records, reuse=args.reuse)
        else:
            rows = SETS[name](args.threshold)
        for row in rows:
            print(row, flush=True)
    print(
        f"load average after: {loadavg()}; process CPU {cpu_s():.1f} s; peak RSS {peak_mb():,.0f} MB"
    )


if __name__ == "__main__":
    main()
