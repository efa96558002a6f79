"""Generators of realistic import files, seeded so every run writes the same bytes.

Each module writes one family of formats (tabular.py: generic CSV/XLSX; google.py; outlook.py;
linkedin.py; vcard.py; mail.py) from the same fake people: French and English names with
accents, particles and nicknames, surnames often in CAPITALS, phones written every messy way
people write them. Tests generate into ``tmp_path`` and compare what the readers give back
with the ``Person`` the file was made from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST_NAMES = [
    ("Frédéric", "Fred"), ("Hélène", ""), ("Jean-Pierre", ""), ("Sébastien", "Seb"),
    ("Nicolas", "Nico"), ("Zoé", ""), ("François", ""), ("Anaïs", ""), ("Gaëlle", ""),
    ("Jérôme", ""), ("Katherine", "Kate"), ("Robert", "Bob"), ("William", "Bill"),
    ("Margaret", "Maggie"), ("Siobhán", ""), ("Noël", ""), ("Agnès", ""), ("Loïc", ""),
    ("Marie-Claire", ""), ("Éloïse", ""),
]  # fmt: skip
LAST_NAMES = [
    "Dupont", "Lefèvre", "de la Fontaine", "Le Goff", "O'Brien", "Martin-Dubois", "Canevet",
    "Nguyễn", "Müller", "d'Ormesson", "Smith", "Garcia", "Bénard", "Lemaître", "Van Damme",
    "Peña", "Château", "Legrand", "Kowalski", "Da Silva",
]  # fmt: skip
# Surnames whose capitals come back to the same spelling (name case is a guess otherwise).
CAPITALS_SAFE = {
    "Dupont", "Lefèvre", "de la Fontaine", "Le Goff", "O'Brien", "Martin-Dubois", "Canevet",
    "Smith", "Garcia", "Bénard", "Lemaître", "Château", "Legrand", "Kowalski", "Müller", "Peña",
}  # fmt: skip
COMPANIES = [
    ("ACME Industries SAS", "acme-industries.fr"), ("Dupont & Fils", "dupont-fils.fr"),
    ("Globex Ltd", "globex.co.uk"), ("Brasserie Lefèvre", "brasserie-lefevre.fr"),
    ("Société Générale de Câbles", "sgc.fr"), ("Initech Inc", "initech.com"),
    ("Les Ateliers Réunis", "ateliers-reunis.fr"), ("Umbrella Corp", "umbrella.io"),
]  # fmt: skip
TITLES = [
    "Directeur commercial", "Responsable achats", "Head of Sales", "Chargée de communication",
    "CEO", "Ingénieur d'affaires", "Marketing Manager", "Assistante de direction",
    "Fondatrice", "Account Executive",
]  # fmt: skip
CITIES = [
    ("Paris", "75002", "France"), ("Lyon", "69003", "France"), ("Brest", "29200", "France"),
    ("Montréal", "H2X 1Y4", "Canada"), ("London", "EC1A 1BB", "United Kingdom"),
    ("Nantes", "44000", "France"),
]  # fmt: skip
TAGS = ["Clients", "Salon 2024", "VIP", "Prospects", "Partenaires", "Presse"]


def messy_phone(rng: random.Random, mobile: bool) -> str:
    """A French number as people write it: spaces, dots, +33, 0033, (0)."""
    first = rng.choice("67") if mobile else rng.choice("12345")
    pairs = [f"{rng.randint(0, 99):02d}" for _ in range(4)]
    style = rng.randrange(6)
    if style == 0:
        return f"0{first} " + " ".join(pairs)
    if style == 1:
        return f"0{first}." + ".".join(pairs)
    if style == 2:
        return f"+33 {first} " + " ".join(pairs)
    if style == 3:
        return f"0033 {first} " + " ".join(pairs)
    if style == 4:
        return f"+33 (0){first} " + " ".join(pairs)
    return f"0{first}" + "".join(pairs)


def ascii_slug(text: str) -> str:
    from anyascii import anyascii

    return "".join(c for c in anyascii(text).lower() if c.isalnum() or c == "-").strip(
        "-"
    )


@dataclass
class Person:
    """A fake person; first/last are what a reader should give back after name case."""

    first: str
    last: str
    nickname: str
    civility: str
    email: str
    mobile: str
    phone: str
    company: str
    domain: str
    title: str
    city: str
    postal_code: str
    country: str
    linkedin: str
    tags: list[str] = field(default_factory=list)
    note: str = ""
    capitals: bool = False  # surname written in CAPITALS in files that allow it

    @property
    def written_last(self) -> str:
        return self.last.upper() if self.capitals else self.last

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"


def people(seed: int, count: int) -> list[Person]:
    rng = random.Random(seed)
    found: list[Person] = []
    used: set[str] = set()
    while len(found) < count:
        first, nickname = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        company, domain = rng.choice(COMPANIES)
        city, postal_code, country = rng.choice(CITIES)
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        if local in used:
            local += str(len(found))
        used.add(local)
        female = first in {"Hélène", "Zoé", "Anaïs", "Gaëlle", "Katherine", "Margaret",
                           "Siobhán", "Agnès", "Marie-Claire", "Éloïse"}  # fmt: skip
        found.append(
            Person(
                first=first,
                last=last,
                nickname=nickname,
                civility=rng.choice(
                    ["Mme", "Madame"] if female else ["M.", "Monsieur"]
                ),
                email=f"{local}@{domain}",
                mobile=messy_phone(rng, True),
                phone=messy_phone(rng, False),
                company=company,
                domain=domain,
                title=rng.choice(TITLES),
                city=city,
                postal_code=postal_code,
                country=country,
                linkedin=f"https://www.linkedin.com/in/{local.replace('.', '-')}",
                tags=rng.sample(TAGS, rng.randint(0, 2)),
                note=rng.choice(
                    [
                        "",
                        "Rencontré au salon ; à rappeler",
                        'Met at the fair, "hot" lead',
                    ]
                ),
                capitals=last in CAPITALS_SAFE and rng.random() < 0.5,
            )
        )
    return found
