"""Text folding shared by search, matching and tags: accents and case never matter."""

from __future__ import annotations

from anyascii import anyascii


class _Transliteration(dict[int, str]):
    """anyascii, one character at a time, remembered: ``str.translate`` then runs in C.

    anyascii maps each character on its own (no context), so this gives the same text.
    """

    def __missing__(self, code: int) -> str:
        value = self[code] = anyascii(chr(code))
        return value


_ASCII = _Transliteration()


def fold(text: str) -> str:
    """Lower-case ASCII transliteration with collapsed white space: 'Hélène  LEFÈVRE' → 'helene lefevre'."""
    if not text:
        return ""
    ascii_text = text if text.isascii() else text.translate(_ASCII)
    return " ".join(ascii_text.split()).lower()
