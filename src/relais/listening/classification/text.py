"""What the classifier reads of a text: one normal form, word n-grams, character n-grams.

The normal form folds accents and case (``relais.core.text.fold``), so "ça marche pas" and
"ca marche pas" are one thing, and turns emoji into words (``:rolling_eyes:``), which carry a
lot in social posts. Links, handles, e-mail addresses and digits are replaced by placeholders:
the brand handle or the order number says nothing about the label, the presence of a link
says a lot about spam. The same functions serve training and prediction, so the features the
shipped model was trained on are the features it is given.
"""

from __future__ import annotations

import re

from relais.core.text import fold

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|biz|info|xyz|shop|live|app|co|fr|uk|io)\b\S*"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z0-9_']+|[?!$]")

CHAR_NGRAMS = (3, 5)


def normalise(text: str) -> str:
    """Folded text with placeholders: 'Voir https://x.co @Marque' -> 'voir xurlx xuserx'."""
    # Addresses before links: the domain of an address is not a link.
    text = _EMAIL.sub(" xmailx ", text)
    text = _URL.sub(" xurlx ", text)
    text = _HANDLE.sub(" xuserx ", text)
    return _DIGIT.sub("0", fold(text))


def word_ngrams(norm: str) -> list[str]:
    """Words (and ?, ! and $ as words) and pairs of neighbouring words."""
    words = [w.strip("'") or w for w in _WORD.findall(norm)]
    grams = list(words)
    grams.extend(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return grams


def char_ngrams(norm: str) -> list[str]:
    """Character n-grams inside word boundaries (scikit-learn's ``char_wb``), typos survive."""
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for word in norm.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, min(high, size) + 1):
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams
