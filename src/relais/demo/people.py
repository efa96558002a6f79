"""The demo's people: who they are, where they work, and which file brought them in.

Each source file has its habits, as real exports do: the customer file writes last names in
capitals and lists landlines, the phone's contacts.vcf has mobiles and personal addresses,
LinkedIn's Connections.csv has profiles and few emails, the trade-show sheet has work emails
and mobiles. The deliberate duplicates come from ``duplicates.py``.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from relais.core.text import fold

from . import messy, names
from .duplicates import DUPLICATES, RESERVED_NUMBERS
from .organisations import ORGANISATIONS, DemoOrganisation
from .plan import SOURCES, WRITERS, DemoPerson, DemoPoint

_STATUS_BY_SOURCE = {
    "Fichier clients 2024.csv": {"customer": 70, "partner": 18, "archived": 12},
    "contacts.vcf": {
        "lead": 30,
        "prospect": 25,
        "customer": 25,
        "partner": 15,
        "archived": 5,
    },
    "Connections.csv": {
        "lead": 50,
        "prospect": 20,
        "customer": 10,
        "partner": 10,
        "archived": 10,
    },
    "Salon VivaTech 2025.xlsx": {"lead": 60, "prospect": 40},
    "": {"lead": 45, "prospect": 35, "customer": 20},
}
_CITIES = {
    "fr": [("Paris", "FR"), ("Lyon", "FR"), ("Nantes", "FR"), ("Lille", "FR")],
    "en": [("London", "GB"), ("Manchester", "GB"), ("Boston", "US")],
}


def name_key(first: str, last: str) -> str:
    """Names folded to letters: two people never share one unless they are duplicates."""
    return re.sub(r"[^a-z]", "", fold(first + last))


class _Factory:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names = {
            name_key(p.first_name, p.last_name) for g in DUPLICATES for p in g
        }
        self.numbers = set(RESERVED_NUMBERS)
        self.emails = {
            point.value.strip().lower()
            for group in DUPLICATES
            for person in group
            for point in person.points
            if point.kind == "email"
        }

    def weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def number(self, prefix: str, length: int) -> str:
        while True:
            candidate = prefix + "".join(
                self.rng.choice("0123456789") for _ in range(length - len(prefix))
            )
            if candidate not in self.numbers:
                self.numbers.add(candidate)
                return candidate

    def phone(self, city: str, country: str, mobile: bool) -> str:
        rng = self.rng
        if country == "GB":
            national = self.number(
                names.GB_MOBILE if mobile else names.GB_LANDLINES.get(city, "0207946"),
                11,
            )
            return messy.gb_phone(national, rng)
        if country in ("US", "CA"):
            area = names.NANP_AREA.get(city, "212")
            line = self.number(area + "55501", 10)[3:]
            return messy.nanp_phone(area, line, rng)
        prefix = (
            names.FR_MOBILE
            if mobile or country != "FR"
            else names.FR_LANDLINES.get(city, "019900")
        )
        return messy.fr_phone(
            self.number(prefix, 10), rng, international_only=country != "FR"
        )

    def email(self, first: str, last: str, domain: str) -> str:
        patterns = [
            messy.slug(first, last),
            messy.slug(first[0], last),
            messy.slug(first),
        ]
        local = (
            patterns[0]
            if domain.startswith(("gmail", "outlook", "orange"))
            else self.rng.choice(patterns)
        )
        address, n = f"{local}@{domain}", 1
        while address in self.emails:
            n += 1
            address = f"{local}{n}@{domain}"
        self.emails.add(address)
        return messy.email(address, self.rng)

    def identity(self, language: str) -> tuple[str, str, str]:
        firsts = names.FIRST_NAMES_FR if language == "fr" else names.FIRST_NAMES_EN
        lasts = names.LAST_NAMES_FR if language == "fr" else names.LAST_NAMES_EN
        while True:
            first, gender = self.rng.choice(firsts)
            last = self.rng.choice(lasts)
            if name_key(first, last) not in self.names:
                self.names.add(name_key(first, last))
                return first, last, gender

    def title(self, language: str, gender: str) -> str:
        if language == "fr":
            masculine, feminine = self.rng.choice(names.TITLES_FR)
            return feminine if gender == "f" else masculine
        return self.rng.choice(names.TITLES_EN)

    def person(self, source: str, days_ago: int, index: int) -> DemoPerson:
        rng = self.rng
        org: DemoOrganisation | None = rng.choice(ORGANISATIONS)
        if source == "contacts.vcf" and rng.random() < 0.5:
            org = None
        language = org.language if org else ("fr" if rng.random() < 0.7 else "en")
        city, country = (
            (org.city, org.country) if org else rng.choice(_CITIES[language])
        )
        first, last, gender = self.identity(language)
        if source == "Fichier clients 2024.csv" and rng.random() < 0.4:
            last = last.upper()
        personal = rng.choice(
            names.PERSONAL_DOMAINS_FR if language == "fr" else names.PERSONAL_DOMAINS_EN
        )
        points: list[DemoPoint] = []
        if org and (source != "Connections.csv" or rng.random() < 0.3):
            points.append(
                DemoPoint("email", self.email(first, last, org.domain), "work")
            )
        if source in ("contacts.vcf", "Connections.csv") and rng.random() < 0.5:
            points.append(DemoPoint("email", self.email(first, last, personal), "home"))
        if source == "Fichier clients 2024.csv" or (
            source == "" and rng.random() < 0.4
        ):
            points.append(
                DemoPoint("phone", self.phone(city, country, mobile=False), "work")
            )
        if (
            source in ("contacts.vcf", "Salon VivaTech 2025.xlsx")
            or rng.random() < 0.25
        ):
            points.append(
                DemoPoint("phone", self.phone(city, country, mobile=True), "mobile")
            )
        if source == "Connections.csv" or rng.random() < 0.15:
            profile = f"{messy.slug(first, last).replace('.', '-')}-{rng.randrange(16**6):06x}"
            points.append(DemoPoint("linkedin", messy.linkedin(profile, rng)))
        if org and rng.random() < 0.1:
            points.append(DemoPoint("url", org.website, "work"))
        if not points:  # every demo contact can be reached somehow
            points.append(DemoPoint("email", self.email(first, last, personal), "home"))
        tag_pool = names.TAGS_FR if language == "fr" else names.TAGS_EN
        tags = rng.sample(tag_pool, k=rng.choice([0, 0, 1, 1, 2, 3]))
        if source == "Salon VivaTech 2025.xlsx":
            tags.append("Salon VivaTech 2025")
        organisation = ""
        if org:
            organisation = rng.choice(
                [org.name, org.full_name, org.full_name.upper()]
                if source
                else [org.name]
            )
        return DemoPerson(
            first_name=first,
            last_name=last,
            organisation=organisation,
            title=self.title(language, gender) if org or rng.random() < 0.3 else "",
            city=city,
            country=country,
            language=language,
            status=self.weighted(_STATUS_BY_SOURCE[source]),
            points=tuple(points),
            tags=tuple(tags),
            owner=rng.choice([*WRITERS, WRITERS[1], WRITERS[2], None]),
            source=source,
            joined_days_ago=days_ago or rng.randrange(5, 500),
            cluster=f"{source or 'web'}:{index}",
        )


def plan_people(rng: random.Random) -> list[DemoPerson]:
    """Everyone in the demo, grouped by source file with record numbers in file order."""
    factory = _Factory(rng)
    people: list[DemoPerson] = []
    for source, days_ago, count in SOURCES:
        records = [factory.person(source, days_ago, i) for i in range(count)]
        for group in DUPLICATES:
            records += [p for p in group if p.source == source]
        rng.shuffle(records)
        for number, person in enumerate(records, start=1):
            joined = person.joined_days_ago if source == "" else days_ago
            people.append(
                replace(
                    person, record=number if source else None, joined_days_ago=joined
                )
            )
    return people
