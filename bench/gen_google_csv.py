"""Write a Google Contacts CSV of N rows for the import benchmark, streaming (any N).

Same header and value shapes as tests/fixtures_gen/google.py (accents, CAPITALS, messy French
phones, ' ::: ' multi-values, labels), with an e-mail address unique per row so that every row
is a new contact: the benchmark measures writing, not matching.

Names and organisations come from pools sized like a real base (≈ 100 first names, ≈ 2,000
surnames, ≈ 4,000 organisations): with the fixtures' 20 × 20 names and 8 companies alone a
million rows would hold each person ≈ 300 times at the same company, which no real export
does and which turns the import's duplicate check into a review queue of the whole file.

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

MORE_FIRST_NAMES = [
    ("Alexandre", "Alex"), ("Alexandra", "Alex"), ("Jean-Baptiste", "JB"), ("Thomas", "Tom"),
    ("Camille", ""), ("Julien", ""), ("Céline", ""), ("Mathieu", "Matt"), ("Isabelle", "Isa"),
    ("Christophe", "Chris"), ("Nathalie", ""), ("Stéphane", ""), ("Sandrine", ""),
    ("Guillaume", ""), ("Émilie", ""), ("Antoine", ""), ("Aurélie", ""), ("Olivier", ""),
    ("Valérie", ""), ("Laurent", ""), ("Sophie", ""), ("Philippe", ""), ("Caroline", "Caro"),
    ("Benoît", ""), ("Élodie", ""), ("Maxime", "Max"), ("Léa", ""), ("Hugo", ""), ("Chloé", ""),
    ("Romain", ""), ("Manon", ""), ("Yannick", ""), ("Gwenaëlle", ""), ("Ronan", ""),
    ("Pierre-Yves", ""), ("Anne-Sophie", ""), ("Michael", "Mike"), ("Elizabeth", "Liz"),
    ("James", "Jim"), ("Jennifer", "Jen"), ("Richard", "Rick"), ("Susan", "Sue"),
    ("David", "Dave"), ("Patricia", "Pat"), ("Daniel", "Dan"), ("Jessica", "Jess"),
    ("Matthew", "Matt"), ("Emily", ""), ("Andrew", "Andy"), ("Sarah", ""), ("Joseph", "Joe"),
    ("Rebecca", "Becky"), ("Christopher", "Chris"), ("Hannah", ""), ("Edward", "Ted"),
    ("Charlotte", "Lottie"), ("Benjamin", "Ben"), ("Olivia", "Liv"), ("Samuel", "Sam"),
    ("Victoria", "Vicky"), ("Mohamed", ""), ("Fatima", ""), ("Karim", ""), ("Yasmine", ""),
    ("Mehdi", ""), ("Inès", ""), ("Sofiane", ""), ("Leïla", ""), ("Wei", ""), ("Mei", ""),
    ("Hiroshi", ""), ("Aiko", ""), ("Giulia", ""), ("Marco", ""), ("Lucía", ""),
    ("Javier", ""), ("Katarzyna", "Kasia"), ("Piotr", ""), ("Ingrid", ""), ("Lars", ""),
]  # fmt: skip
# Surnames built from French, Breton and English stems and endings, ≈ 2,000 distinct.
_STEMS = [
    "Ker", "Le Bor", "Mar", "Ber", "Lam", "Gau", "Rou", "Fon", "Bel", "Mor", "Char", "Pel",
    "Gir", "Bou", "Dela", "Mon", "Roch", "Ash", "Brad", "Cal", "Hol", "Whit", "Wood", "Fair",
    "Black", "Thorn", "Ing", "Lan", "Riv", "Vill", "Beau", "Cha", "Dum", "Fer", "Gal", "Jou",
    "Lab", "Mer", "Pic", "Tes", "Val", "Bret", "Cor", "Quil", "Tan", "Guil", "Hen", "Nor",
]  # fmt: skip
_ENDINGS = [
    "ot", "in", "and", "ard", "eau", "ier", "et", "ez", "ault", "on", "ec", "lin", "zel",
    "ley", "ton", "ford", "well", "ham", "mont", "court", "oux", "el", "aud", "ais", "ic",
    "ou", "at", "ès", "ière", "ville", "ridge", "by", "ard-Lacroix", "ennec", "ven", "ody",
    "ert", "ach", "eron", "ette", "ani", "esco",
]  # fmt: skip
_ORG_ROOTS = [
    "Alti", "Bretagne", "Cap", "Delta", "Eco", "Flux", "Galaxie", "Hexa", "Iris", "Jade",
    "Kora", "Lumen", "Nova", "Opti", "Prisme", "Quartz", "Rivage", "Sigma", "Terra", "Ubi",
    "Vela", "Wave", "Xeno", "Zen", "Atlantique", "Boréal", "Cobalt", "Dune", "Étoile", "Fjord",
    "Granit", "Horizon", "Ivoire", "Lagune", "Mistral", "Noroît", "Orée", "Pampa", "Récif", "Sillon",
]  # fmt: skip
_ORG_WORDS = [
    "Conseil", "Logistique", "Digital", "Systèmes", "Industries", "Solutions", "Bâtiment",
    "Énergie", "Santé", "Finance", "Immobilier", "Transports", "Médias", "Software",
    "Consulting", "Labs", "Foods", "Partners", "Networks", "Design", "Robotics", "Textile",
    "Agro", "Bio", "Tech", "Events", "Formation", "Distribution", "Assurances", "Mobilité",
]  # fmt: skip
_LEGAL = ["SAS", "SARL", "SA", "", "", "Ltd", "Inc", "GmbH", "& Associés", "LLC"]


def _pools(
    rng: random.Random,
) -> tuple[list[tuple[str, str]], list[str], list[tuple[str, str]]]:
    firsts = FIRST_NAMES + MORE_FIRST_NAMES
    lasts = LAST_NAMES + [f"{s}{e}" for s in _STEMS for e in _ENDINGS]
    companies = list(COMPANIES)
    for root in _ORG_ROOTS:
        for word in _ORG_WORDS:
            for legal in rng.sample(_LEGAL, 3):
                name = f"{root} {word} {legal}".strip()
                domain = f"{ascii_slug(root)}-{ascii_slug(word)}{len(companies)}.fr"
                companies.append((name, domain))
    return firsts, lasts, companies


def write(path: Path, rows: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    first_names, last_names, companies = _pools(rng)
    slugs = {name: ascii_slug(name) for name, _ in first_names} | {
        name: ascii_slug(name) for name in last_names
    }
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CURRENT)
        for index in range(rows):
            first, nickname = rng.choice(first_names)
            last = rng.choice(last_names)
            company, domain = rng.choice(companies)
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
