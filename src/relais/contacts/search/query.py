"""What a search box query means, before any database is involved.

A query is folded with the same rule as the indexed text (``relais.core.text.fold``), so
accents and case never matter. A query made of digits and phone punctuation is a phone
fragment: '06 12 34' and '612 34' both become the digits '61234', found inside
'+33 6 12 34 56 78' (indexed as '33612345678'). A query with '@' is an email. Other queries are
words: every word must match. Typo tolerance relies on deletion variants (the SymSpell idea):
two words within one edit share a variant, so a typo is found by an index lookup, not a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relais.core.text import fold

# The matching engine's table of first-name variants (Fred ↔ Frédéric).
from relais.names.nicknames import first_name_variants as _first_name_variants

_PHONE_QUERY = re.compile(r"\+?[\d\s().\-/]+")
# Shorter than this, a word is not looked up among typos (too many near neighbours).
FUZZY_MIN_LENGTH = 4
# A word shorter than a trigram cannot use a trigram index.
TRIGRAM = 3


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: folded words, or a phone fragment, or an email."""

    text: str
    words: tuple[str, ...] = ()
    phone_digits: str = ""
    email: str = ""
    nicknames: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phone_digits)

    @property
    def full_phone(self) -> bool:
        """A whole national number was typed: matches on it rank first."""
        return len(self.phone_digits) >= 8


def parse(q: str) -> SearchQuery:
    """Turn what the user typed into a ``SearchQuery``."""
    raw = (q or "").strip()[:200]
    text = fold(raw)
    if not text:
        return SearchQuery(text="")
    digits = "".join(ch for ch in raw if ch.isdigit())
    if _PHONE_QUERY.fullmatch(raw) and len(digits) >= TRIGRAM:
        if raw.startswith("+"):
            national = digits
        elif digits.startswith("00"):
            national = digits[2:]
        else:
            national = digits.lstrip("0")
        if len(national) >= TRIGRAM:
            return SearchQuery(text=text, phone_digits=national)
    words = tuple(dict.fromkeys(text.split()))
    email = text if "@" in text and len(words) == 1 else ""
    return SearchQuery(
        text=text,
        words=words,
        email=email,
        nicknames={w: nickname_variants(w) for w in words if not email},
    )


def nickname_variants(word: str) -> frozenset[str]:
    """Other forms of a first name ('fred' → 'frederic', …), folded; empty when unknown."""
    if len(word) < 2:
        return frozenset()
    try:
        variants = _first_name_variants(word)
    except Exception:  # noqa: BLE001 - a broken table must not break search
        return frozenset()
    return frozenset(
        v for v in (fold(x) for x in variants) if v and v != word and " " not in v
    )


def deletions(word: str) -> set[str]:
    """The word and every form of it with one character removed."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def max_typos(word: str) -> int:
    """How many edits a word may carry and still be found: none for short words."""
    if len(word) < FUZZY_MIN_LENGTH:
        return 0
    return 1 if len(word) < 8 else 2


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (a transposition counts as one edit), capped."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], limit)


def index_words(text: str) -> set[str]:
    """The words of an indexed name worth remembering for typo lookups."""
    return {
        w
        for w in re.split(r"[^a-z0-9]+", text)
        if len(w) >= FUZZY_MIN_LENGTH and not w.isdigit()
    }


def like_pattern(word: str) -> str:
    """``word`` escaped for ``LIKE … ESCAPE '\\'``."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
