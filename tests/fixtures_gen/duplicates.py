"""Contact records with known duplicates and homonym traps, for matching tests and the bench.

The same person comes back the ways a real base sees it: a nickname (Fred / Frédéric), no
accents, the surname in CAPITALS or first ("CANEVET Frédéric"), an initial, a personal address
next to the work one, a former employer's address and organisation, a phone written five ways,
a typo, fields missing. Homonyms are the opposite trap: two people named Jean Martin, each
with their own organisation, address and phone. Seeded: a seed gives the same records.

Names come from Faker's fr_FR and en_GB lists, not from what the matcher knows.

``generate`` yields ``(MatchRecord, person number)``: records sharing a person number are one
person (the ground truth).
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass

from anyascii import anyascii
from faker.providers.person.en_GB import Provider as BritishNames
from faker.providers.person.fr_FR import Provider as FrenchNames

from relais.contacts.normalize import InvalidValue, normalize_phone
from relais.demo.names import TITLES_EN, TITLES_FR
from relais.matching.engine.types import MatchRecord

from . import messy_phone

# (first name, nicknames people use for it)
NICKNAMED = [
    ("Frédéric", ["Fred", "Fredo"]), ("Sébastien", ["Seb"]), ("Nicolas", ["Nico"]),
    ("Emmanuel", ["Manu"]), ("Stéphane", ["Steph"]), ("Alexandre", ["Alex"]),
    ("Alexandra", ["Alex"]), ("Robert", ["Bob", "Rob", "Bobby"]), ("Katherine", ["Kate", "Katie"]),
    ("Catherine", ["Cathy", "Cath"]), ("William", ["Bill", "Will"]), ("James", ["Jim", "Jimmy"]),
    ("Michael", ["Mike"]), ("Christophe", ["Chris"]), ("Daniel", ["Dan", "Danny"]),
    ("David", ["Dave"]), ("Thomas", ["Tom"]), ("Anthony", ["Tony"]), ("Elizabeth", ["Liz", "Beth"]),
    ("Margaret", ["Peggy", "Maggie"]), ("Jeffrey", ["Jeff"]), ("Grégoire", ["Greg"]),
    ("Benjamin", ["Ben"]), ("Samuel", ["Sam"]), ("Maxime", ["Max"]), ("Florence", ["Flo"]),
    ("Caroline", ["Caro"]), ("Valérie", ["Val"]), ("Isabelle", ["Isa"]), ("Gérard", ["Gégé"]),
    ("Dominique", ["Dom"]), ("Patrick", ["Pat"]), ("Matthieu", ["Matt", "Mat"]),
    ("Jean-Baptiste", ["JB"]), ("Jean-Pierre", ["JP"]), ("Philippe", ["Phil"]),
    ("Timothée", ["Tim"]), ("Victoria", ["Vicky"]), ("Jonathan", ["Jon"]), ("Édouard", ["Ed"]),
]  # fmt: skip
# Names from Faker's French and British lists (its data only; our seeded rng draws), so that
# the matcher is measured on names it was not given: not relais/names, not the demo's.
_PLAIN_FIRST = sorted(set(FrenchNames.first_names) | set(BritishNames.first_names))
_KNOWN_LAST = sorted(set(FrenchNames.last_names) | set(BritishNames.last_names))
_SYLLABLES = [
    "ber", "mar", "lan", "dou", "vel", "gar", "ren", "chal", "mon", "tes", "val", "cor",
    "bou", "lie", "fon", "ker", "gal", "ros", "tin", "ville", "court", "mont", "ard", "ot",
    "eau", "ier", "and", "ais", "son", "ley", "ford", "wood", "ham", "ton", "by", "well",
]  # fmt: skip
_PARTICLES = ["de ", "Le ", "Da ", "van ", "d'", "O'", "Mac", ""]
_ORG_WORDS = [
    "Voxalis", "Sellsy", "Nexora", "Altivia", "Bretagne", "Atlantique", "Digital", "Conseil",
    "Solutions", "Logistique", "Green", "Data", "Cloud", "Habitat", "Santé", "Finance",
    "Média", "Transports", "Industries", "Labs", "Partners", "Studio", "Énergie", "Bio",
]  # fmt: skip
_LEGAL = ["", "", " SAS", " SARL", " SA", " Ltd", " Inc.", " GmbH", " S.A.S.", " LLC"]
_CITIES = ["Paris", "Lyon", "Nantes", "Bordeaux", "Lille", "Rennes", "Marseille", "Toulouse",
           "Nice", "Brest", "Strasbourg", "Montpellier", "London", "Manchester", "Dublin",
           "Montréal", "Bruxelles", "Genève", "Grenoble", "Angers"]  # fmt: skip
_FREE = ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "yahoo.fr", "outlook.com",
         "laposte.net", "icloud.com"]  # fmt: skip


@dataclass
class _Person:
    number: int
    first: str
    nicknames: list[str]
    last: str
    org: str
    domain: str
    title: str
    city: str
    work_email: str
    personal_email: str
    mobile: str
    landline: str
    former_org: str
    former_email: str


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return rng.choice(_KNOWN_LAST)
    core = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    name = core.capitalize()
    if rng.random() < 0.08:
        particle = rng.choice(_PARTICLES)
        name = particle + (name if particle.endswith(" ") else name)
    return name


def _slug(text: str) -> str:
    return "".join(c for c in anyascii(text).lower() if c.isalnum())


def _org(rng: random.Random) -> tuple[str, str]:
    words = rng.sample(_ORG_WORDS, rng.choice((1, 1, 2)))
    if rng.random() < 0.5:
        words.append("".join(rng.choice(string.ascii_uppercase) for _ in range(2)))
    name = " ".join(words)
    return name + rng.choice(_LEGAL), _slug(name) + rng.choice((".fr", ".com", ".io"))


def _local(rng: random.Random, first: str, last: str) -> str:
    f, l_ = _slug(first), _slug(last)
    style = rng.randrange(5)
    return [f"{f}.{l_}", f"{f[0]}{l_}", f"{f[0]}.{l_}", f"{f}{l_}", f"{l_}.{f}"][style]


def _phone(rng: random.Random, mobile: bool) -> str:
    return messy_phone(rng, mobile)


class _Orgs:
    """Organisations with distinct names (two companies called Sellsy would be one)."""

    def __init__(self, rng: random.Random, count: int):
        found: dict[str, tuple[str, str]] = {}
        while len(found) < count:
            name, domain = _org(rng)
            found.setdefault(domain.split(".")[0], (name, domain))
        self.items = list(found.values())

    def pick(self, rng: random.Random) -> tuple[str, str]:
        return rng.choice(self.items)


def _person(rng: random.Random, number: int, orgs: _Orgs) -> _Person:
    if rng.random() < 0.35:
        first, nicknames = rng.choice(NICKNAMED)
    else:
        first, nicknames = rng.choice(_PLAIN_FIRST), []
    last = _surname(rng)
    org, domain = orgs.pick(rng)
    former_org, former_domain = orgs.pick(rng)
    title = rng.choice(TITLES_EN if rng.random() < 0.3 else [t for t, _ in TITLES_FR])
    return _Person(
        number,
        first,
        nicknames,
        last,
        org,
        domain,
        title,
        rng.choice(_CITIES),
        f"{_local(rng, first, last)}@{domain}",
        f"{_local(rng, first, last)}{rng.choice(['', '', str(rng.randint(1, 99))])}"
        f"@{rng.choice(_FREE)}",
        _phone(rng, True),
        _phone(rng, False),
        former_org,
        f"{_local(rng, first, last)}@{former_domain}",
    )


def _homonym(rng: random.Random, number: int, of: _Person, orgs: _Orgs) -> _Person:
    twin = _person(rng, number, orgs)
    twin.first, twin.nicknames, twin.last = of.first, of.nicknames, of.last
    twin.work_email = f"{_local(rng, of.first, of.last)}@{twin.domain}"
    if twin.domain == of.domain:  # one mailbox per person, even for namesakes
        twin.work_email = twin.work_email.replace("@", f"{rng.randint(2, 9)}@")
    return twin


def _e164(value: str) -> str:
    try:
        return normalize_phone(value, "FR")
    except InvalidValue:
        return ""


def _record(rng: random.Random, rid: int, p: _Person, variant: bool) -> MatchRecord:
    first, last = p.first, p.last
    org, emails, title, city = p.org, [p.work_email], p.title, p.city
    mobile, landline = p.mobile, p.landline
    if variant:
        roll = rng.random
        if p.nicknames and roll() < 0.6:
            first = rng.choice(p.nicknames)
        if roll() < 0.3:
            first, last = anyascii(first), anyascii(last)
        if roll() < 0.3:
            last = last.upper()
        if roll() < 0.1:
            first = first[0] + "."
        if roll() < 0.15 and len(last) > 5:
            i = rng.randrange(1, len(last) - 1)
            last = (
                last[:i] + last[i + 1 :]
                if roll() < 0.5
                else last[:i] + last[i] + last[i:]
            )
        emails = []
        if roll() < 0.5:
            emails.append(p.work_email)
        if roll() < 0.4:
            emails.append(p.personal_email)
        if roll() < 0.15:  # met at a former employer
            org, emails = p.former_org, [p.former_email]
        if roll() < 0.3:
            org = org.upper() if roll() < 0.5 else org.split(" S")[0]
        if roll() < 0.3:
            org = ""
        if roll() < 0.4:
            title = ""
        if roll() < 0.3:
            city = ""
        if roll() < 0.4:
            mobile = ""
        if roll() < 0.6:
            landline = ""
        else:
            landline = _phone(rng, False) if roll() < 0.3 else landline
        # Most duplicates keep something besides the name (an address, a number, the
        # organisation); some keep nothing else and stay hard on purpose.
        kept = (
            mobile or (set(emails) & {p.work_email, p.personal_email}) or org == p.org
        )
        if not kept and roll() < 0.85:
            anchor = rng.randrange(3)
            if anchor == 0:
                mobile = p.mobile
            elif anchor == 1:
                emails.append(rng.choice([p.work_email, p.personal_email]))
            else:
                org = p.org
    else:
        if rng.random() < 0.3:
            emails.append(p.personal_email)
        if rng.random() < 0.2:
            last = last.upper()
    swap = variant and rng.random() < 0.1
    mobiles = tuple(filter(None, [_e164(mobile)])) if mobile else ()
    phones = tuple(filter(None, [_e164(landline)])) + mobiles
    return MatchRecord(
        id=rid,
        first_name=last.upper() if swap else first,
        last_name=first if swap else last,
        organisation=org,
        title=title,
        city=city,
        country="FR",
        emails=tuple(e.lower() for e in emails),
        phones=phones,
        mobiles=mobiles,
    )


def generate(
    count: int,
    *,
    seed: int = 7,
    duplicate_rate: float = 0.3,
    homonym_rate: float = 0.04,
) -> Iterator[tuple[MatchRecord, int]]:
    """About ``count`` records; ``duplicate_rate`` of the people come back 2 to 4 times,
    ``homonym_rate`` of them share their full name with someone else."""
    rng = random.Random(seed)
    orgs = _Orgs(rng, max(50, count // 25))
    rid = 0
    number = 0
    previous: list[_Person] = []
    while rid < count:
        number += 1
        if previous and rng.random() < homonym_rate:
            person = _homonym(rng, number, rng.choice(previous), orgs)
        else:
            person = _person(rng, number, orgs)
        if len(previous) < 5000:
            previous.append(person)
        elif rng.random() < 0.01:
            previous[rng.randrange(len(previous))] = person
        copies = 1
        if rng.random() < duplicate_rate:
            copies = rng.choice((2, 2, 2, 3, 3, 4))
        for copy in range(copies):
            rid += 1
            yield _record(rng, rid, person, variant=copy > 0), number
            if rid >= count:
                return
