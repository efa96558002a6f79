"""Benchmark of contact search (issue 5) on generated contacts, with a ``LIKE`` baseline.

Generates N contacts straight into the database (French and English names with accents,
organisations, cities, titles, emails, phones, some notes), builds the search index, then times
1,000 mixed queries through ``contacts.selectors.list_contacts`` — what the web box, the API
``?q=`` and ``relais contacts search`` run — fetching the first page of 50. Baseline in the same
run: ``LIKE '%word%'`` over the same indexed columns (every word in names, reach or other), the
way search worked before, on a sample of the queries (each one scans the whole table).

    .venv/bin/python bench/bench_search.py --contacts 1000000
    .venv/bin/python bench/bench_search.py --contacts 1000000 \
        --postgres postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FIRST = [
    "Hélène",
    "Frédéric",
    "Élodie",
    "Jérôme",
    "Amélie",
    "Benoît",
    "Cécile",
    "Clément",
    "Gaëlle",
    "Loïc",
    "Maëlle",
    "Noël",
    "Anaïs",
    "Chloé",
    "Zoé",
    "Léa",
    "Inès",
    "Théo",
    "Raphaël",
    "Mathéo",
    "Françoise",
    "Josée",
    "Agnès",
    "Thérèse",
    "Désiré",
    "Marie",
    "Jean",
    "Pierre",
    "Michel",
    "Anne",
    "Philippe",
    "Nathalie",
    "Isabelle",
    "Catherine",
    "Sylvie",
    "Nicolas",
    "Christophe",
    "Stéphane",
    "Laurent",
    "Sébastien",
    "Julien",
    "Camille",
    "Manon",
    "Sarah",
    "Emma",
    "Louise",
    "Hugo",
    "Lucas",
    "Thomas",
    "Antoine",
    "Alexandre",
    "Maxime",
    "Paul",
    "Yann",
    "Gwenaël",
    "Soizic",
    "Morgane",
    "Erwan",
    "Ronan",
    "John",
    "James",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Steven",
    "Andrew",
    "Joshua",
    "Kevin",
    "Brian",
    "George",
    "Edward",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Karen",
    "Nancy",
    "Margaret",
    "Emily",
    "Olivia",
    "Sophia",
    "Charlotte",
    "Amelia",
    "Harper",
    "Evelyn",
    "Abigail",
    "Ella",
    "Grace",
    "Victoria",
    "Riley",
    "Aria",
    "Lily",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Perez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Canevet",
    "Le",
    "Gall",
    "Le",
    "Goff",
    "Kerjean",
    "Quéré",
    "Le",
    "Bihan",
    "Tanguy",
    "Prigent",
    "Cariou",
    "Guillou",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Jackson",
    "White",
    "Harris",
    "Thompson",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Torres",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Morgan",
    "Cooper",
    "O'Brien",
    "O'Connor",
    "McCarthy",
    "Sullivan",
    "Kennedy",
    "Walsh",
    "Byrne",
    "Ørsted",
    "Müller",
    "Weiß",
    "Schäfer",
]
CITIES = [
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Nice",
    "Nantes",
    "Strasbourg",
    "Montpellier",
    "Bordeaux",
    "Lille",
    "Rennes",
    "Reims",
    "Brest",
    "Quimper",
    "Vannes",
    "Lorient",
    "Angers",
    "Grenoble",
    "Dijon",
    "Besançon",
    "Orléans",
    "London",
    "Manchester",
    "Bristol",
    "Leeds",
    "Glasgow",
    "Edinburgh",
    "Dublin",
    "Cork",
    "Boston",
    "Chicago",
    "Seattle",
    "Montréal",
    "Québec",
    "Genève",
    "Lausanne",
    "Bruxelles",
    "Liège",
    "Namur",
]
ORG_WORDS = [
    "Société",
    "Générale",
    "Atelier",
    "Breizh",
    "Conseil",
    "Nordic",
    "Wind",
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Soylent",
    "Stark",
    "Wayne",
    "Cyberdyne",
    "Hooli",
    "Pied",
    "Piper",
    "Vandelay",
    "Kramerica",
    "Dunder",
    "Mifflin",
    "Brasserie",
    "Crêperie",
    "Boulangerie",
    "Studio",
    "Agence",
    "Cabinet",
    "Groupe",
    "Industries",
    "Solutions",
    "Logistique",
    "Transports",
    "Énergie",
    "Santé",
    "Médical",
    "Numérique",
    "Digital",
    "Systems",
    "Partners",
    "Capital",
    "Ventures",
    "Labs",
    "Foods",
    "Pharma",
    "Bio",
    "Tech",
    "Data",
    "Cloud",
    "Réseaux",
    "Bâtiment",
    "Immobilier",
]
TITLES = (
    "Directrice financière",
    "Directeur commercial",
    "Chef de projet",
    "Responsable achats",
    "CEO",
    "CTO",
    "Sales Manager",
    "Account Executive",
    "Ingénieure",
    "Consultant",
    "Office Manager",
    "Head of Marketing",
)
NOTES = (
    "Rencontré au salon {city}, intéressé par l'offre premium",
    "Met at the {city} meetup, wants a demo next quarter",
    "Rappeler après les vacances, budget validé",
    "Prefers phone calls, do not email on Fridays",
)


def setup(postgres: str | None, data_dir: Path | None = None) -> Any:
    os.environ["RELAIS_DATA_DIR"] = (
        str(data_dir) if data_dir else tempfile.mkdtemp(prefix="relais-bench-search-")
    )
    os.environ.pop("RELAIS_DATABASE_URL", None)
    dropper = None
    if postgres:
        import psycopg
        from psycopg import sql

        name = f"relais_bench_{secrets.token_hex(4)}"
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        os.environ["RELAIS_DATABASE_URL"] = postgres.rsplit("/", 1)[0] + "/" + name

        def dropper() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(postgres, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return dropper


def _phone(rng: random.Random) -> tuple[str, str]:
    digits = f"6{rng.randrange(10**8):08d}"
    written = "0" + " ".join([digits[0]] + [digits[i : i + 2] for i in range(1, 9, 2)])
    return written, "+33" + digits


def generate(
    count: int, vocabulary: set[str], seed: int = 5
) -> tuple[float, list[dict[str, Any]]]:
    """Insert ``count`` contacts with points, notes and index rows; returns the seconds spent
    and a sample of generated people to draw queries from."""
    from django.db import connection, transaction

    from relais.contacts.models import (
        Organisation,
    )
    from relais.contacts.search.index import build_document
    from relais.core.bulk import insert_rows
    from relais.core.text import fold

    rng = random.Random(seed)
    start = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throwaway database: no fsync
            cursor.execute("PRAGMA synchronous=OFF")
    orgs = []
    for i in range(1, 10_001):
        name = " ".join(rng.sample(ORG_WORDS, rng.choice((1, 2, 2, 3))))
        orgs.append((i, f"{name} {i}" if i > 2000 else name))
    insert_rows(
        Organisation,
        (
            "id",
            "name",
            "normalized_name",
            "domains",
            "website",
            "created_at",
            "updated_at",
        ),
        [(i, n, fold(n), "[]", "", "2026-01-01", "2026-01-01") for i, n in orgs],
    )
    sample: list[dict[str, Any]] = []
    point_id = note_id = 0
    chunk = 20_000
    for base in range(0, count, chunk):
        contacts, points, notes, search = [], [], [], []
        for pk in range(base + 1, min(base + chunk, count) + 1):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            # A few large organisations, a long tail of small ones (the largest holds ~1%).
            org_id, org = orgs[int(len(orgs) * rng.random() ** 2)]
            city, title = rng.choice(CITIES), rng.choice(TITLES)
            display = f"{first} {last}"
            # first.last@company, sometimes with a number, as real addresses are: the
            # company's domain keeps them apart (10,000 organisations).
            local = f"{fold(first)}.{fold(last)}".replace("'", "").replace(" ", "")
            if rng.random() < 0.3:
                local += str(rng.randrange(100))
            email = f"{local}@{fold(org).split()[0]}{org_id}.example"
            contact_points = [("email", email, email)]
            if rng.random() < 0.7:
                written, e164 = _phone(rng)
                contact_points.append(("phone", written, e164))
            texts = []
            if rng.random() < 0.1:
                texts.append(rng.choice(NOTES).format(city=city))
            doc = build_document(
                contact_id=pk,
                first_name=first,
                last_name=last,
                display_name=display,
                title=title,
                city=city,
                organisation=org,
                points=contact_points,
                tags=[],
                texts=texts,
            )
            search_text = fold(
                " ".join([first, last, display, title, city, org])
                + " "
                + " ".join(v for _, v, _ in contact_points)
            )
            contacts.append(
                (
                    pk,
                    first,
                    last,
                    display,
                    title,
                    org_id,
                    city,
                    "FR",
                    "fr",
                    "lead",
                    search_text,
                    "2026-01-01",
                    "2026-01-01",
                )
            )
            for kind, value, normalized in contact_points:
                point_id += 1
                points.append(
                    (point_id, pk, kind, "", value, normalized, False, "2026-01-01")
                )
            for text in texts:
                note_id += 1
                notes.append((note_id, pk, text, "2026-01-01", "2026-01-01"))
            search.append((pk, doc.names, doc.reach, doc.other))
            vocabulary |= doc.vocabulary
            if pk % 997 == 0:
                sample.append(
                    {"first": first, "last": last, "org": org, "points": contact_points}
                )
        with transaction.atomic():
            _insert_chunk(contacts, points, notes, search)
    return time.perf_counter() - start, sample


def _insert_chunk(contacts: list, points: list, notes: list, search: list) -> None:
    from relais.contacts.models import Contact, ContactPoint, ContactSearch, Note
    from relais.core.bulk import insert_rows

    insert_rows(
        Contact,
        (
            "id",
            "first_name",
            "last_name",
            "display_name",
            "title",
            "organisation_id",
            "city",
            "country",
            "language",
            "status",
            "search_text",
            "created_at",
            "updated_at",
        ),
        contacts,
    )
    insert_rows(
        ContactPoint,
        (
            "id",
            "contact_id",
            "kind",
            "label",
            "value",
            "normalized_value",
            "is_primary",
            "created_at",
        ),
        points,
    )
    insert_rows(Note, ("id", "contact_id", "body", "created_at", "updated_at"), notes)
    insert_rows(ContactSearch, ("contact_id", "names", "reach", "other"), search)


def load_sample() -> list[dict[str, Any]]:
    """Every 997th contact of an existing database (``--data-dir`` reuse)."""
    from relais.contacts.models import Contact

    sample = []
    for contact in (
        Contact.objects.filter(id__in=range(997, 10**8, 997))
        .select_related("organisation")
        .prefetch_related("points")
    ):
        sample.append(
            {
                "first": contact.first_name,
                "last": contact.last_name,
                "org": contact.organisation.name if contact.organisation else "",
                "points": sorted(
                    (
                        (p.kind, p.value, p.normalized_value)
                        for p in contact.points.all()
                    ),
                    key=lambda p: p[0],
                ),
            }
        )
    return sample


def _sqlite_triggers(drop: bool) -> None:
    """Bulk load without the per-row triggers, then one FTS5 'rebuild' (the index build)."""
    import importlib

    from django.db import connection

    migration = importlib.import_module(
        "relais.contacts.migrations.0005_contact_search"
    )

    with connection.cursor() as cursor:
        for statement in migration.SQLITE:
            if statement.startswith("CREATE TRIGGER"):
                name = statement.split()[2]
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}" if drop else statement)


def build_index(postgres: bool, vocabulary: set[str]) -> tuple[float, int]:
    """Build the backend's index over the loaded rows; seconds and bytes on disk."""
    from django.db import connection

    from relais.contacts.search import get_backend
    from relais.contacts.search.index import Document

    start = time.perf_counter()
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for column in ("names", "reach", "other"):
                cursor.execute(
                    f"CREATE INDEX contacts_search_{column}_trgm ON "
                    f"contacts_contactsearch USING gin ({column} gin_trgm_ops)"
                )
        else:
            for table in ("contacts_search_fts", "contacts_search_tokens"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
    # The typo vocabulary: the distinct name and organisation words of every document.
    get_backend().indexed([Document(0, "", "", "", vocabulary)])
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT sum(pg_relation_size(indexrelid)) FROM pg_index "
                "WHERE indexrelid::regclass::text LIKE 'contacts_search_%%_trgm'"
            )
        else:
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'contacts_search_%%'"
            )
        size = int(cursor.fetchone()[0] or 0)
    return seconds, size


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + rng.choice("aeioubdklmnrst".replace(word[i], "")) + word[i + 1 :]


def queries(
    sample: list[dict[str, Any]], n: int, seed: int = 7
) -> list[tuple[str, str]]:
    """A mixed set: names with and without accents, typos, phone fragments, emails, orgs."""
    from relais.core.text import fold

    rng = random.Random(seed)
    made: list[tuple[str, str]] = []
    kinds = (
        ["full name"] * 20
        + ["name, folded"] * 15
        + ["last name"] * 10
        + ["typo"] * 15
        + ["phone fragment"] * 15
        + ["email"] * 10
        + ["organisation"] * 10
        + ["first name + org"] * 5
    )
    while len(made) < n:
        person = rng.choice(sample)
        kind = rng.choice(kinds)
        if kind == "full name":
            q = f"{person['first']} {person['last']}"
        elif kind == "name, folded":
            q = fold(f"{person['first']} {person['last']}")
            q = q.upper() if rng.random() < 0.3 else q
        elif kind == "last name":
            q = person["last"]
        elif kind == "typo":
            last = fold(person["last"])
            if len(last) < 5 or not last.isalpha():
                continue
            q = f"{person['first']} {_typo(last, rng)}"
        elif kind == "phone fragment":
            phones = [p for p in person["points"] if p[0] == "phone"]
            if not phones:
                continue
            written = phones[0][1]
            q = (
                written[: rng.choice((8, 11, 14))]
                if rng.random() < 0.6
                else (written.replace(" ", "")[1 : rng.choice((6, 8, 10))])
            )
        elif kind == "email":
            q = person["points"][0][1]
        elif kind == "organisation":
            q = person["org"]
        else:
            q = f"{person['first']} {person['org'].split()[0]}"
        made.append((kind, q))
    return made


def time_search(
    qs: list[tuple[str, str]],
) -> tuple[list[float], list[float], dict[str, list[float]]]:
    """Wall-clock and CPU milliseconds per query (CPU: this process, SQLite included; it
    shows the work done when other processes load the machine), and wall times by kind."""
    from relais.contacts.selectors import ContactFilter, list_contacts

    timings: list[float] = []
    cpu: list[float] = []
    by_kind: dict[str, list[float]] = {}
    for kind, q in qs:
        start, start_cpu = time.perf_counter(), time.process_time()
        list(list_contacts(ContactFilter(q=q))[:50])
        elapsed = (time.perf_counter() - start) * 1000
        cpu.append((time.process_time() - start_cpu) * 1000)
        timings.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
        by_kind.setdefault(f"{kind} (CPU)", []).append(cpu[-1])
    return timings, cpu, by_kind


def time_like(qs: list[tuple[str, str]]) -> list[float]:
    """The baseline: every folded word with LIKE '%word%' over the same columns, no index."""
    from django.db import connection

    from relais.core.text import fold

    timings = []
    with connection.cursor() as cursor:
        for _, q in qs:
            words = fold(q).split()
            where = " AND ".join(
                "(names LIKE %s OR reach LIKE %s OR other LIKE %s)" for _ in words
            )
            params = [f"%{w}%" for w in words for _ in range(3)]
            start = time.perf_counter()
            cursor.execute(
                "SELECT c.id FROM contacts_contact c JOIN contacts_contactsearch s "  # noqa: S608
                f"ON s.contact_id = c.id WHERE {where} "
                "ORDER BY c.last_name, c.first_name, c.id LIMIT 50",
                params,
            )
            cursor.fetchall()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline-queries", type=int, default=50)
    parser.add_argument("--postgres", help="PostgreSQL URL; SQLite when omitted")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="SQLite only: keep the database there, and reuse it when it exists",
    )
    args = parser.parse_args()
    reuse = bool(args.data_dir and (args.data_dir / "relais.sqlite3").exists())
    dropper = setup(args.postgres, args.data_dir)
    try:
        from django.db import connection

        if reuse:
            sample = load_sample()
            gen_seconds = index_seconds = index_bytes = 0

        elif args.postgres:
            with connection.cursor() as cursor:
                for column in ("names", "reach", "other"):
                    cursor.execute(f"DROP INDEX contacts_search_{column}_trgm")
        else:
            _sqlite_triggers(drop=True)
        if not reuse:
            vocabulary: set[str] = set()
            gen_seconds, sample = generate(args.contacts, vocabulary)
            index_seconds, index_bytes = build_index(bool(args.postgres), vocabulary)
            if not args.postgres:
                _sqlite_triggers(drop=False)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        mixed = queries(sample, args.queries)
        time_search(mixed[:20])  # warm the caches
        load = os.getloadavg()
        timings, cpu, by_kind = time_search(mixed)
        baseline = time_like(mixed[: args.baseline_queries])
        same = timings[: args.baseline_queries]
        print(
            f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; "
            f"contacts: {args.contacts:,}; queries: {len(mixed)}"
        )
        print(f"generation: {gen_seconds:.1f} s")
        print(f"index build: {index_seconds:.1f} s, {index_bytes / 2**20:,.0f} MiB")
        print(
            f"search (first page of 50): p50 {pct(timings, 50):.1f} ms, "
            f"p95 {pct(timings, 95):.1f} ms, p99 {pct(timings, 99):.1f} ms, "
            f"max {max(timings):.1f} ms"
        )
        print(
            f"  CPU time per query: p50 {pct(cpu, 50):.1f} ms, p95 {pct(cpu, 95):.1f} ms, "
            f"p99 {pct(cpu, 99):.1f} ms"
        )
        for kind, values in sorted(by_kind.items()):
            print(
                f"  {kind:24} n={len(values):4} p50 {pct(values, 50):6.1f} ms "
                f"p95 {pct(values, 95):6.1f} ms p99 {pct(values, 99):6.1f} ms "
                f"max {max(values):7.1f} ms"
            )
        print(f"load average before the queries: {load}; after: {os.getloadavg()}")
        print(
            f"baseline LIKE, first {len(baseline)} queries: "
            f"p50 {pct(baseline, 50):.1f} ms, p95 {pct(baseline, 95):.1f} ms, "
            f"mean {statistics.mean(baseline):.1f} ms; "
            f"search on the same queries: mean {statistics.mean(same):.1f} ms; "
            f"ratio of means 1 : {statistics.mean(baseline) / statistics.mean(same):,.0f}"
        )
    finally:
        if dropper:
            dropper()


if __name__ == "__main__":
    main()
