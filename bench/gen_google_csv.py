"""Write a Google Contacts CSV of N rows for the import benchmark, streaming (any N).

Same header and value shapes as tests/fixtures_gen/google.py (accents, CAPITALS, messy French
phones, ' ::: ' multi-values, labels), with an e-mail address unique per row so that every row
is a new contact: the benchmark measures writing, not matching.

    .venv/bin/python bench/gen_google_csv.py 1000000 /tmp/google-1m.csv
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures_gen import (  # noqa: E402
    CITIES,
    COMPANIES,
    FIRST_NAMES,
    LAST_NAMES,
    TAGS,
    TITLES,
    ascii_slug,
    messy_phone,
)
from tests.fixtures_gen.google import CURRENT  # noqa: E402


def write(path: Path, rows: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    slugs = {name: ascii_slug(name) for name, _ in FIRST_NAMES} | {
        name: ascii_slug(name) for name in LAST_NAMES
    }
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CURRENT)
        for index in range(rows):
            first, nickname = rng.choice(FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            company, domain = rng.choice(COMPANIES)
            title = rng.choice(TITLES)
            city, postal_code, country = rng.choice(CITIES)
            local = f"{slugs[first]}.{slugs[last]}.{index}"
            written_last = last.upper() if rng.random() < 0.3 else last
            tags = " ::: ".join(["* myContacts", *rng.sample(TAGS, rng.randint(0, 2))])
            second = f"{slugs[first]}{index}@gmail.com" if index % 2 else ""
            writer.writerow([
                first, "", written_last, "", nickname, "", company, title, "", "",
                "", "", tags, "* Work", f"{local}@{domain}", "Home" if second else "",
                second, "Mobile", messy_phone(rng, True), "Work", messy_phone(rng, False),
                "Work", city, postal_code, country, "LinkedIn",
                f"https://www.linkedin.com/in/{local.replace('.', '-')}",
            ])  # fmt: skip
    return path


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
