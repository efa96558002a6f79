"""Offline language detection: French or English from character n-grams, a few others by words.

Mentions come mostly in French and English. A naive Bayes model over character 1–3-grams of
each word (trained on the corpus by ``training.py`` and shipped inside the classifier
artefact) tells those two apart even in six-word posts, where accents and short words ("le",
"the", "ça") decide. Texts written in German, Spanish, Italian, Portuguese or Dutch are caught
by their most common words, which French and English lack; a text with no letters is
``und`` (undetermined, the BCP 47 code). Nothing is downloaded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import repeat

_WORDS = re.compile(r"[^\W\d_]+")
_NOISE = re.compile(r"(?:https?://|www\.)\S+|@\w+|#")
GRAM_SIZES = (1, 3)
UNDETERMINED = "und"

# Frequent words of the other languages that French and English do not use.
_OTHER_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        [
            "und",
            "der",
            "das",
            "ist",
            "nicht",
            "ich",
            "mit",
            "sie",
            "ein",
            "eine",
            "zu",
            "auf",
            "für",
            "auch",
            "sehr",
            "wir",
            "aber",
            "haben",
            "sind",
            "mein",
            "meine",
            "nach",
            "bitte",
            "danke",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "los",
            "las",
            "por",
            "para",
            "con",
            "muy",
            "pero",
            "gracias",
            "está",
            "lo",
            "del",
            "tiene",
            "hay",
            "una",
            "qué",
            "cuando",
            "también",
        ]
    ),
    "it": frozenset(
        [
            "che",
            "di",
            "sono",
            "con",
            "molto",
            "grazie",
            "della",
            "questo",
            "è",
            "gli",
            "anche",
            "ho",
            "perché",
            "sempre",
            "questa",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "os",
            "não",
            "uma",
            "com",
            "para",
            "muito",
            "obrigado",
            "obrigada",
            "é",
            "está",
            "da",
            "em",
            "por",
            "mais",
            "você",
            "também",
        ]
    ),
    "nl": frozenset(
        [
            "het",
            "een",
            "niet",
            "ik",
            "voor",
            "op",
            "dat",
            "zijn",
            "maar",
            "ook",
            "heel",
            "bedankt",
            "wij",
            "wel",
            "erg",
        ]
    ),
}
_FRENCH_OR_ENGLISH = frozenset(
    [
        "le",
        "la",
        "les",
        "et",
        "de",
        "des",
        "est",
        "pas",
        "je",
        "un",
        "une",
        "pour",
        "avec",
        "que",
        "qui",
        "très",
        "mais",
        "merci",
        "sur",
        "dans",
        "du",
        "au",
        "ce",
        "vous",
        "on",
        "the",
        "and",
        "is",
        "to",
        "of",
        "a",
        "in",
        "it",
        "for",
        "not",
        "with",
        "my",
        "you",
        "this",
        "that",
        "but",
        "very",
        "thanks",
        "on",
        "was",
        "are",
        "have",
    ]
)


def grams(text: str) -> list[str]:
    """Character n-grams of each lower-cased word, accents kept, padded with spaces."""
    low, high = GRAM_SIZES
    out: list[str] = []
    for word in _WORDS.findall(_NOISE.sub(" ", text.lower())):
        padded = f" {word} "
        for n in range(low, high + 1):
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def train_weights(samples: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Log-likelihood ratio French/English of every n-gram seen twice, with add-one smoothing.

    The prior is left out on purpose: the corpus balance says nothing about a new mention.
    """
    counts = {"fr": Counter[str](), "en": Counter[str]()}
    for text, lang in samples:
        if lang in counts:
            counts[lang].update(grams(text))
    vocabulary = sorted(
        g
        for g in counts["fr"].keys() | counts["en"].keys()
        if counts["fr"][g] + counts["en"][g] >= 2
    )
    fr_total = sum(counts["fr"][g] for g in vocabulary) + len(vocabulary)
    en_total = sum(counts["en"][g] for g in vocabulary) + len(vocabulary)
    return {
        g: round(
            math.log((counts["fr"][g] + 1) / fr_total)
            - math.log((counts["en"][g] + 1) / en_total),
            6,
        )
        for g in vocabulary
    }


def detect(text: str, weights: Mapping[str, float]) -> str:
    """``fr``, ``en``, another language code when its common words dominate, or ``und``."""
    words = _WORDS.findall(_NOISE.sub(" ", text.lower()))
    if not words:
        return UNDETERMINED
    if len(words) >= 3:
        ours = sum(1 for w in words if w in _FRENCH_OR_ENGLISH)
        best, hits = max(
            (
                (lang, sum(1 for w in words if w in vocab))
                for lang, vocab in _OTHER_WORDS.items()
            ),
            key=lambda pair: pair[1],
        )
        if hits >= 2 and hits > ours:
            return best
    score = sum(map(weights.get, grams(text), repeat(0.0)))
    return "fr" if score > 0 else "en"
