"""Is this word a first name? Answered from a public list, not from the demo's or the tests' names.

``first_names.txt`` holds about 7,000 folded first names seen in France, Belgium, Great Britain,
Ireland and the U.S.A., built by scripts/build_first_names.py from Jörg Michael's ``nam_dict.txt``
(GNU FDL). The nickname table adds the names that have nicknames.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from .nicknames import fold_first_name, group_ids


@cache
def known_first_names() -> frozenset[str]:
    """The folded first names of the shipped list."""
    text = (resources.files(__package__) / "first_names.txt").read_text(
        encoding="utf-8"
    )
    return frozenset(
        line for line in text.splitlines() if line and not line.startswith("#")
    )


def is_first_name(text: str) -> bool:
    """True when ``text`` is a known first name or belongs to a nickname group."""
    folded = fold_first_name(text)
    return folded in known_first_names() or bool(group_ids(folded))
