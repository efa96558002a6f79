"""The communication style of what someone wrote: observable markers, never personality.

Published work on predicting personality from short texts finds it close to chance; what text
shows reliably is how those messages are written. So this module measures the *style of the
messages* on two axes — pace (direct ↔ reflective: sentence length, imperatives, hedges,
bottom line first, questions) and focus (task ↔ people: numbers, dates, process words against
thanks, feelings, "we", exclamation marks, emoji) — plus vous/tu and length, in French and
English, with word lists (``lexicon.py``) and no model downloaded at run time.

The weights that turn markers into a lean on each axis are learnt from a labelled corpus
written for Relais (``data/style/``) by ``scripts/build_style_model.py`` and shipped in
``style_model.json``. Below ``MIN_WORDS`` words in total the estimate abstains ("not enough
text yet"); above, its confidence grows with the amount of text, with how clear the lean is,
and with how much the separate messages agree.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from relais.core.text import fold

from . import lexicon

MIN_WORDS = 150
MODEL_PATH = Path(__file__).with_name("style_model.json")
FEATURES = (
    "words_per_sentence",
    "hedges",
    "imperatives",
    "questions",
    "bottom_line",
    "numbers",
    "process",
    "thanks",
    "feelings",
    "we",
    "exclamations",
    "emoji",
)
# Reported, not weighed: how a text was cut into messages (an export, a paste) moves it.
LENGTH = "words_per_message"
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*'?")
_ELIDED = re.compile(r"^(qu|jusqu|lorsqu|puisqu|[ldjtmsnc])'(.+)$")
_SENTENCE_END = re.compile(r"[.!?…]+|\n")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_NUMBER = re.compile(r"\d")


def tokens(text: str, lang: str) -> list[str]:
    """Folded words; in French an elided article or pronoun (l', t', qu') is its own token."""
    out: list[str] = []
    for word in _WORD.findall(fold(text.replace("’", "'"))):
        elided = _ELIDED.match(word) if lang == "fr" else None
        if elided:
            out.extend((elided.group(1) + "'", elided.group(2)))
        else:
            out.append(word)
    return out


@cache
def _phrases(name: str, lang: str) -> tuple[str, ...]:
    entries = getattr(lexicon, name)[lang]
    return tuple(" " + " ".join(tokens(entry, lang)) + " " for entry in entries)


def _count(joined: str, name: str, lang: str) -> int:
    return sum(joined.count(phrase) for phrase in _phrases(name, lang))


def _sentences(text: str) -> list[str]:
    return [
        s for s in (p.strip() for p in _SENTENCE_END.split(text)) if tokens(s, "en")
    ]


@dataclass(frozen=True)
class Markers:
    """The markers of a set of messages by one person, and what they rest on."""

    lang: str
    words: int
    messages: int
    values: dict[str, float]
    vous: int = 0
    tu: int = 0


def measure(texts: list[str], lang: str) -> Markers:
    """The markers of ``texts`` (one person's messages), ``lang`` 'fr' or 'en'."""
    lang = "fr" if lang == "fr" else "en"
    counts = dict.fromkeys((*FEATURES, LENGTH), 0.0)
    words = sentences = messages = vous = tu = 0
    for text in texts:
        toks = tokens(text, lang)
        if not toks:
            continue
        messages += 1
        words += len(toks)
        joined = " " + " ".join(toks) + " "
        parts = _sentences(text)
        sentences += len(parts)
        for part in parts:
            first = " " + " ".join(tokens(part, lang)[:2]) + " "
            if any(first.startswith(p) for p in _phrases("IMPERATIVES", lang)):
                counts["imperatives"] += 1
        counts["questions"] += text.count("?")
        counts["exclamations"] += text.count("!")
        counts["emoji"] += len(_EMOJI.findall(text))
        opening = " " + " ".join(tokens(" ".join(parts[:2]), lang)) + " "
        counts["bottom_line"] += min(1, _count(opening, "BOTTOM_LINE", lang))
        counts["numbers"] += sum(1 for t in toks if _NUMBER.search(t))
        for name in ("hedges", "process", "thanks", "feelings", "we"):
            counts[name] += _count(joined, name.upper(), lang)
        vous += sum(1 for t in toks if t in lexicon.VOUS)
        tu += sum(1 for t in toks if t in lexicon.TU)
    per_word = 100 / words if words else 0.0
    per_sentence = 1 / sentences if sentences else 0.0
    values = {
        "words_per_sentence": words * per_sentence,
        "words_per_message": words / messages if messages else 0.0,
        "bottom_line": counts["bottom_line"] / messages if messages else 0.0,
    }
    for name in ("imperatives", "questions", "exclamations"):
        values[name] = counts[name] * per_sentence
    for name in ("hedges", "numbers", "process", "thanks", "feelings", "we", "emoji"):
        values[name] = counts[name] * per_word
    return Markers(lang, words, messages, values, vous if lang == "fr" else 0, tu)


@dataclass(frozen=True)
class Axis:
    """A fitted logistic lean: P(first pole) from standardised markers."""

    name: str
    poles: tuple[str, str]
    bias: float
    weights: dict[str, float]

    def probability(self, z: dict[str, float]) -> float:
        score = self.bias + sum(w * z[f] for f, w in self.weights.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))

    def contributions(self, z: dict[str, float]) -> dict[str, float]:
        return {f: w * z[f] for f, w in self.weights.items()}


@dataclass(frozen=True)
class StyleModel:
    means: dict[str, dict[str, float]]  # per language
    scales: dict[str, dict[str, float]]
    pace: Axis
    focus: Axis

    def standardise(self, markers: Markers) -> dict[str, float]:
        mean, scale = self.means[markers.lang], self.scales[markers.lang]
        return {f: (markers.values[f] - mean[f]) / scale[f] for f in FEATURES}

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "means": self.means,
            "scales": self.scales,
            **{
                a.name: {"poles": list(a.poles), "bias": a.bias, "weights": a.weights}
                for a in (self.pace, self.focus)
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> StyleModel:
        axes = {
            name: Axis(
                name,
                tuple(data[name]["poles"]),
                data[name]["bias"],
                data[name]["weights"],
            )  # type: ignore[arg-type]
            for name in ("pace", "focus")
        }
        return cls(data["means"], data["scales"], axes["pace"], axes["focus"])


@cache
def shipped_model() -> StyleModel:
    return StyleModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class StyleEstimate:
    """What the text shows, or ``enough_text`` False and nothing else claimed."""

    enough_text: bool
    words: int
    messages: int
    lang: str
    pace: str | None = None
    focus: str | None = None
    pace_score: float | None = None  # -1 reflective … +1 direct
    focus_score: float | None = None  # -1 task … +1 people
    confidence: float | None = None
    markers: list[dict[str, object]] = field(default_factory=list)
    formality: str | None = None  # 'vous', 'tu' or None (English, or neither seen)


def _formality(markers: Markers) -> str | None:
    if markers.vous == markers.tu:
        return None
    return "vous" if markers.vous > markers.tu else "tu"


def estimate(
    texts: list[str], lang: str, model: StyleModel | None = None
) -> StyleEstimate:
    """The style estimate of one person's ``texts``; abstains under ``MIN_WORDS`` words."""
    model = model or shipped_model()
    markers = measure(texts, lang)
    base = {"words": markers.words, "messages": markers.messages, "lang": markers.lang}
    if markers.words < MIN_WORDS:
        return StyleEstimate(enough_text=False, **base)  # type: ignore[arg-type]
    z = model.standardise(markers)
    p_direct = model.pace.probability(z)
    p_task = model.focus.probability(z)
    agreement = _agreement(texts, markers.lang, model, p_direct, p_task)
    clarity = min(abs(p_direct - 0.5), abs(p_task - 0.5)) * 2
    amount = 1 - math.exp(-markers.words / 400)
    confidence = round(clarity * amount * agreement, 2)
    return StyleEstimate(
        enough_text=True,
        pace="direct" if p_direct >= 0.5 else "reflective",
        focus="task" if p_task >= 0.5 else "people",
        pace_score=round(2 * p_direct - 1, 3),
        focus_score=round(1 - 2 * p_task, 3),
        confidence=confidence,
        markers=_explain(markers, z, model),
        formality=_formality(markers),
        **base,  # type: ignore[arg-type]
    )


def _agreement(
    texts: list[str], lang: str, model: StyleModel, p_direct: float, p_task: float
) -> float:
    """Share of the longer messages (40+ words) that lean the same way as the whole; 1 when
    there are fewer than two such messages (nothing to disagree with), never below 0.5."""
    votes = []
    for text in texts:
        single = measure([text], lang)
        if single.words < 40:
            continue
        z = model.standardise(single)
        votes.append(
            ((model.pace.probability(z) >= 0.5) == (p_direct >= 0.5))
            + ((model.focus.probability(z) >= 0.5) == (p_task >= 0.5))
        )
    if len(votes) < 2:
        return 1.0
    return max(0.5, sum(votes) / (2 * len(votes)))


def _explain(
    markers: Markers, z: dict[str, float], model: StyleModel
) -> list[dict[str, object]]:
    """The markers that weigh most, each with its value and the pole it points to."""
    out: list[tuple[float, dict[str, object]]] = []
    for axis in (model.pace, model.focus):
        for name, weight in axis.contributions(z).items():
            if abs(weight) < 0.25:
                continue
            out.append(
                (
                    abs(weight),
                    {
                        "marker": name,
                        "axis": axis.name,
                        "value": round(markers.values[name], 2),
                        "points_to": axis.poles[0] if weight > 0 else axis.poles[1],
                    },
                )
            )
    out.sort(key=lambda pair: -pair[0])
    return [item for _, item in out[:6]]
