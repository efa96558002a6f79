"""Normalised forms that matching compares: names, organisations, email addresses.

Pure functions, no database. They turn what people type ("CANEVET Frédéric", "Jean-Baptiste",
"F.", "de la Fontaine", "SELLSY S.A.S.", "Fred.Canevet+crm@GMail.com") into keys that two
records of one person share. Phones, LinkedIn URLs and organisation keys come from
``relais.contacts.normalize`` (one rule for the whole product); shared team addresses
(contact@, info@…) from ``relais.contacts.normalize`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from relais.contacts.normalize import is_shared_address, organisation_key
from relais.core.text import fold
from relais.names.first_names import is_first_name as _is_first_name
from relais.names.nicknames import fold_first_name, group_ids

__all__ = [
    "FREE_MAIL_DOMAINS",
    "PersonName",
    "canonical_email",
    "email_domain_organisation",
    "email_local_key",
    "is_free_mail",
    "is_shared_address",
    "jaro_winkler",
    "name_signatures",
    "organisation_match_key",
    "person_name",
    "split_name",
    "surname_keys",
]

# Particles that may lead a surname: "de la Fontaine", "van der Berg", "d'Arcy", "O'Brien".
PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "d",
        "l",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "y",
        "o",
        "mac",
        "al",
        "el",
        "ben",
        "bin",
    }
)

# Personal mail providers: an address there says nothing about the person's organisation.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.co.uk", "ymail.com",
        "hotmail.com", "hotmail.fr", "hotmail.co.uk", "outlook.com", "outlook.fr", "live.com",
        "live.fr", "msn.com", "aol.com", "aol.fr", "icloud.com", "me.com", "mac.com",
        "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr",
        "numericable.fr", "gmx.com", "gmx.fr", "gmx.de", "gmx.net", "web.de", "proton.me",
        "protonmail.com", "pm.me", "tutanota.com", "zoho.com", "mail.com", "yandex.com",
        "btinternet.com", "sky.com", "virginmedia.com", "talktalk.net", "comcast.net",
        "verizon.net", "att.net", "fastmail.com", "hey.com", "qq.com", "163.com",
        # The demo and the test generators use RFC 2606 reserved names for these providers.
        "gmail.example", "orange.example", "free.example", "laposte.example",
        "outlook.example", "icloud.example", "yahoo.example",
    }
)  # fmt: skip
_GMAIL = frozenset({"gmail.com", "googlemail.com", "gmail.example"})
# Second-level labels under which companies register (acme.co.uk, acme.com.au).
_SECOND_LEVEL = frozenset(
    {"co", "com", "org", "net", "ac", "gov", "gouv", "asso", "ltd"}
)

_NAME_CHARS = re.compile(r"[^a-z ]+")
_SPLIT_LOCAL = re.compile(r"[._\-]+")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name as matching reads it."""

    first: str  # folded, compound names with a space: "jean baptiste"; "" when unknown
    last: str  # folded surname, particles kept, no spaces: "delafontaine", "obrien"
    last_core: str  # surname without its leading particles: "fontaine"
    initials: str  # "f" for "F." or "Frédéric", "jb" for "Jean-Baptiste" / "J.-B."
    is_initial: bool  # the first name is only initials ("F.", "J.-B.", "JB")

    @property
    def groups(self) -> frozenset[int]:
        return group_ids(self.first) | group_ids(self.first.replace(" ", ""))


def _fold_last(name: str) -> list[str]:
    return _NAME_CHARS.sub(" ", fold(name)).split()


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _split_full(text: str) -> tuple[str, str]:
    """'CANEVET Frédéric' → ('Frédéric', 'CANEVET'); 'Frédéric Canevet' → ('Frédéric', 'Canevet')."""
    words = text.split()
    if len(words) < 2:
        return text, ""
    capitals = [w for w in words if _is_capitals(w)]
    if capitals and len(capitals) < len(words):
        rest = [w for w in words if not _is_capitals(w)]
        return " ".join(rest), " ".join(capitals)
    return " ".join(words[:-1]), words[-1]


@lru_cache(maxsize=262144)
def surname_keys(last: str) -> tuple[str, str]:
    """(surname with particles glued, surname without leading particles): 'de la Fontaine' →
    ('delafontaine', 'fontaine'); 'Le Goff' → ('legoff', 'goff'); 'Martin' → ('martin', 'martin')."""
    words = _fold_last(last)
    core = list(words)
    while len(core) > 1 and core[0] in PARTICLES:
        core.pop(0)
    return "".join(words), "".join(core)


@lru_cache(maxsize=131072)
def split_name(first_name: str, last_name: str) -> tuple[str, str]:
    """(first name, surname) as written, put in their places: a surname in capitals before the
    first name goes back ("CANEVET" / "Frédéric"), a full name in one field is split."""
    first_raw, last_raw = " ".join(first_name.split()), " ".join(last_name.split())
    if first_raw and not last_raw:
        return _split_full(first_raw)
    if last_raw and not first_raw and " " in last_raw:
        split_first, split_last = _split_full(last_raw)
        if split_first and any(_is_capitals(w) for w in last_raw.split()):
            return split_first, split_last
    elif (
        _is_capitals(first_raw)
        and "." not in first_raw
        and last_raw
        and not _is_capitals(last_raw)
        and (
            not _is_first_name(first_raw)
            or _is_first_name(last_raw)
            or all(len(w) == 1 for w in fold_first_name(last_raw).split())
        )
    ):
        return last_raw, first_raw
    elif (
        first_raw
        and _is_initials(last_raw)
        and not _is_initials(first_raw)
        and not _is_first_name(first_raw)
    ):
        # "Chevalier" / "M.": a surname is never a bare initial. An export that wrote
        # "CHEVALIER M." keeps the swap after the import has changed the capitals.
        return last_raw, first_raw
    return first_raw, last_raw


def _is_initials(text: str) -> bool:
    words = fold_first_name(text).split()
    return bool(words) and all(len(w) == 1 for w in words)


@lru_cache(maxsize=131072)
def person_name(first_name: str, last_name: str) -> PersonName:
    """Read a name the way people write it, whichever field they wrote it in.

    A surname in capitals before the first name is put back ("CANEVET Frédéric"); a full name
    in one field is split; "F." and "J.-B." are read as initials.
    """
    first_raw, last_raw = split_name(first_name, last_name)
    first = fold_first_name(first_raw)
    words = first.split()
    # "F.", "J.-B.", "J B": initials only ("JB" is a nickname of Jean-Baptiste, see nicknames).
    is_initial = bool(words) and all(len(w) == 1 for w in words)
    initials = "".join(w[0] for w in words)
    if is_initial:
        first = initials
    last, core = surname_keys(last_raw)
    return PersonName(first, last, core, initials, is_initial)


def canonical_email(email: str) -> str:
    """The address one mailbox receives: lower case, no '+tag', no dots in a Gmail local part."""
    local, _, domain = email.strip().lower().rpartition("@")
    if not local:
        return email.strip().lower()
    local = local.split("+", 1)[0] or local
    if domain in _GMAIL:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def email_local_key(email: str) -> str:
    """The local part without separators or a '+tag': 'Fred.Canevet+x@…' → 'fredcanevet'."""
    local = email.strip().rpartition("@")[0].split("+", 1)[0]
    if local.isascii():
        return local.lower().translate(_NO_SEPARATORS)
    return "".join(_SPLIT_LOCAL.split(fold(local)))


_NO_SEPARATORS = str.maketrans("", "", "._-")


def is_free_mail(email: str) -> bool:
    return email.rpartition("@")[2].lower() in FREE_MAIL_DOMAINS


@lru_cache(maxsize=65536)
def email_domain_organisation(email: str) -> str:
    """The organisation a company address names ('f.canevet@sellsy.com' → 'sellsy'); ''
    for a personal provider (gmail, orange…)."""
    domain = email.rpartition("@")[2].lower()
    if not domain or domain in FREE_MAIL_DOMAINS:
        return ""
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    return re.sub(r"[^a-z0-9]", "", labels[-2]) if len(labels) >= 2 else ""


def organisation_match_key(name: str) -> str:
    """Organisation name as matching compares it: ``organisation_key`` without spaces, so
    'Sell Sy SAS' and 'SELLSY' agree and an email domain word ('sellsy') can be compared."""
    return organisation_key(name).replace(" ", "") if name.strip() else ""


def name_signatures(name: PersonName, first_variants: frozenset[str]) -> frozenset[str]:
    """Local parts a person's address is usually built from: frederic.canevet, fcanevet,
    canevetf, fred.canevet (separators removed, as ``email_local_key`` does)."""
    if not name.last or len(name.last) < 2:
        return frozenset()
    last = name.last
    firsts = _compact_forms(first_variants, name.first)
    signatures = {first + last for first in firsts}
    signatures.update(last + first for first in firsts)
    if name.initials:
        signatures.update({name.initials + last, last + name.initials})
        if name.initials[0] != name.initials:
            signatures.update({name.initials[0] + last, last + name.initials[0]})
    if name.last_core != last:
        signatures.update(s.replace(last, name.last_core) for s in list(signatures))
    return frozenset(signatures)


@lru_cache(maxsize=65536)
def _compact_forms(first_variants: frozenset[str], first: str) -> tuple[str, ...]:
    """The first-name forms an address may be built from, without spaces (cached: a base
    holds a few thousand first names, and a name's variants are the same every time)."""
    forms = {v.replace(" ", "") for v in first_variants if v}
    if first:
        forms.add(first.replace(" ", ""))
    return tuple(forms)


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity (prefix scale 0.1, up to 4 characters), as DuckDB computes it."""
    if a == b:
        return 1.0 if a else 0.0
    len_a, len_b = len(a), len(b)
    if not len_a or not len_b:
        return 0.0
    window = max(max(len_a, len_b) // 2 - 1, 0)
    matched_b = [False] * len_b
    matches_a: list[str] = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len_b, i + window + 1)):
            if not matched_b[j] and b[j] == char:
                matched_b[j] = True
                matches_a.append(char)
                break
    m = len(matches_a)
    if not m:
        return 0.0
    matches_b = [b[j] for j in range(len_b) if matched_b[j]]
    transpositions = sum(x != y for x, y in zip(matches_a, matches_b, strict=True)) / 2
    jaro = (m / len_a + m / len_b + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)
