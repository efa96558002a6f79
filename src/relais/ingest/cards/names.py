"""A person's name on a card: what looks like one, how it splits, whether an email spells it."""

from __future__ import annotations

import re

from relais.core.text import fold

from . import lexicon

_NAME_WORD = re.compile(
    r"^[A-ZÀ-Ý][A-Za-zà-ÿÀ-Ý'’]*[a-zà-ÿ][A-Za-zà-ÿÀ-Ý'’]*(?:-[A-ZÀ-Ý][A-Za-zà-ÿÀ-Ý'’]+)*$"
    r"|^[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})*$"
)  # "Jean-Luc", "MacLeod", "O'Brien", "DUPONT"


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def looks_like_name(text: str) -> bool:
    words = text.replace("’", "'").split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() for c in text):
        return False
    named = 0
    for word in words:
        folded = fold(word).strip(".")
        if folded in lexicon.PARTICLES or folded.startswith("d'"):
            continue
        if folded in lexicon.CIVILITIES:
            continue
        if not _NAME_WORD.match(word.strip(",")):
            return False
        named += 1
    return named >= 2


def split_name(text: str) -> tuple[str, str]:
    """(first, last) of a card's name line: "Jean-Pierre de la Fontaine", "Yves Le Goff"."""
    words = [
        w
        for w in text.split()
        if fold(w).strip(".") not in lexicon.CIVILITIES or len(text.split()) < 3
    ]
    if len(words) < 2:
        return (words[0] if words else ""), ""
    capitals = [w.isupper() and len(w) > 1 for w in words]
    if any(capitals) and not all(capitals):  # "DUPONT Jean", "Jean DUPONT"
        start = capitals.index(True)
        end = len(capitals) - capitals[::-1].index(True)
        last = words[start:end]
        first = words[:start] + words[end:]
        return " ".join(first), " ".join(
            w.capitalize() if w.isupper() else w for w in last
        )
    cut = next(
        (
            i
            for i in range(1, len(words) - 1)
            if fold(words[i]) in lexicon.PARTICLES or fold(words[i]).startswith("d'")
        ),
        len(words) - 1,
    )
    return " ".join(words[:cut]), " ".join(words[cut:])


def matches_local(text: str, local: str) -> bool:
    """Whether an email's local part spells this name (jean.dupont, jdupont, dupont.j)."""
    if not local:
        return False
    words = [squash(w) for w in text.split() if squash(w)]
    squashed_local = squash(local)
    if len(words) < 2:
        return False
    first, last = words[0], "".join(words[1:])
    return squashed_local in {
        first + last,
        first[0] + last,
        last + first,
        last + first[0],
        last,
        first + last[0],
    } or (words[-1] in squashed_local and len(words[-1]) > 2)
