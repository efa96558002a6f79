"""Text folding shared by search, matching and tags: accents and case never matter."""

from __future__ import annotations

import re

from anyascii import anyascii

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII transliteration with collapsed white space: 'Hélène  LEFÈVRE' → 'helene lefevre'."""
    return _SPACES.sub(" ", anyascii(text or "")).strip().lower()
