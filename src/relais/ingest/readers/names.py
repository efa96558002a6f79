"""Names as people write them: name case for capitals, and full names split in two.

Many French lists write surnames in capitals ("DUPONT Jean") and some write everything in
capitals or in lower case. Such names are shown in name case: "DUPONT" → "Dupont",
"DE LA FONTAINE" → "de la Fontaine", "LE GOFF" → "Le Goff", "O'BRIEN" → "O'Brien",
"MARTIN-DUBOIS" → "Martin-Dubois". A name that already mixes cases is kept as written:
someone who typed "McAllister" or "van Damme" knows best. docs/import-formats.md has the rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from relais.core.text import fold

# Particles written in lower case inside a name ("de la Fontaine", "van der Berg").
_LOWER_PARTICLES = {"de", "du", "des", "van", "von", "der", "den", "ter", "zu"}
# Articles lower-cased only after a particle: "de la Fontaine" but "La Fontaine", "Le Goff".
_ARTICLES = {"la", "le", "les"}
_ROMAN = {
    "ii",
    "iii",
    "iv",
    "vi",
    "vii",
    "viii",
    "ix",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
}
_SUFFIXES = {"jr", "sr", "phd", "mba", "ii", "iii", "iv", "esq"}
_CIVILITIES = {
    "m",
    "mr",
    "mme",
    "mlle",
    "mrs",
    "ms",
    "miss",
    "dr",
    "pr",
    "prof",
    "me",
    "monsieur",
    "madame",
    "mademoiselle",
    "docteur",
    "professeur",
    "sir",
}
_PARTS = re.compile(r"([-'’])")


def is_civility(word: str) -> bool:
    return fold(word).rstrip(".") in _CIVILITIES


def _single_case(value: str) -> bool:
    return value.isupper() or value.islower()


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _capitalise(part: str) -> str:
    lower = part.lower()
    if lower in _ROMAN:
        return part.upper()
    if lower.startswith("mc") and len(lower) > 3:
        return "Mc" + lower[2].upper() + lower[3:]
    return lower[:1].upper() + lower[1:]


def _case_word(word: str, index: int, previous: str, alone: bool) -> str:
    lower = word.lower()
    if not alone and lower in _LOWER_PARTICLES:
        return lower
    if lower in _ARTICLES and previous in _LOWER_PARTICLES:
        return lower
    pieces = _PARTS.split(word)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:  # a separator
            out.append(piece)
        elif i == 0 and len(pieces) > 1 and piece.lower() == "d" and index > 0:
            out.append("d")  # "Giscard d'Estaing", but "D'Angelo" alone
        else:
            out.append(_capitalise(piece))
    return "".join(out)


@lru_cache(maxsize=65536)
def name_case(value: str) -> str:
    """Name case for a name written all in capitals or all in lower case; others as written."""
    value = " ".join(value.split())
    if not _single_case(value):
        return value
    words = value.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        previous = out[-1].lower() if out else ""
        out.append(_case_word(word, index, previous, alone=len(words) == 1))
    return " ".join(out)


def _surname_case(words: list[str]) -> str:
    """'de LA FONTAINE' → 'de la Fontaine': capitals around lower-case particles."""
    if all(_is_capitals(w) or _is_particle(w) or w.lower() in _ARTICLES for w in words):
        return name_case(" ".join(words).upper())
    return name_case(" ".join(words))


def _is_particle(word: str) -> bool:
    lower = word.lower()
    return lower in _LOWER_PARTICLES or lower.startswith(("d'", "d’"))


def split_full_name(value: str) -> tuple[str, str, str]:
    """(civility, first name, last name) of a full name, in name case.

    Capitals mark the surname wherever it stands ("CANEVET Frédéric", "Frédéric CANEVET");
    "Dupont, Jean" is surname first; otherwise the surname is the last word, or starts at a
    particle ("Jean de la Fontaine"). A single word is a surname in capitals, else a first name.
    """
    value = " ".join(value.split())
    civility = ""
    if value.count(",") == 1:
        before, after = (p.strip() for p in value.split(","))
        if fold(after).strip(".") in _SUFFIXES:
            value, after = f"{before} {after}", ""
        if before and after:
            words = after.split()
            if len(words) > 1 and is_civility(words[0]):
                civility = words.pop(0)
            return civility, name_case(" ".join(words)), name_case(before)
    words = value.replace(",", " ").split()
    while len(words) > 1 and is_civility(words[0]):
        civility = (civility + " " + words.pop(0)).strip()
    if not words:
        return civility, "", ""
    if len(words) == 1:
        if _is_capitals(words[0]):
            return civility, "", name_case(words[0])
        return civility, name_case(words[0]), ""
    capitals = [_is_capitals(w) for w in words]
    if any(capitals) and not all(capitals):
        start = capitals.index(True)
        end = len(capitals) - capitals[::-1].index(True)
        if start == 0 and all(capitals[:end]):
            first, last = words[end:], words[:end]
        else:
            while start > 0 and _is_particle(words[start - 1]):
                start -= 1
            first = [w for i, w in enumerate(words) if i < start or i >= end]
            last = words[start:end]
        return civility, name_case(" ".join(first)), _surname_case(last)
    cased = name_case(" ".join(words)).split(" ")
    last_word = len(cased) - 1
    if last_word > 1 and fold(cased[-1]).strip(".") in _SUFFIXES:
        last_word -= 1  # "Jean Dupont Jr": the suffix stays with the surname
    cut = next((i for i in range(1, last_word) if _is_particle(cased[i])), last_word)
    return civility, " ".join(cased[:cut]), " ".join(cased[cut:])
