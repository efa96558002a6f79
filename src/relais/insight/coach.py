"""The draft coach: a message being written, checked against how its recipient tends to read.

It runs beside the message check (which looks at the message alone) and only advises: it
never blocks a send. Each finding names the profile trait it comes from, so a user can judge
it — a D-leaning reader gets "too long", a C-leaning one "no facts or context", an S-leaning
one "no warm opening", an I-leaning one "no energy"; and in French, vous/tu against how the
person writes to you.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .advice import Text, pick
from .style import measure, tokens
from .types import Position

LONG_FOR_DIRECT = 120  # words
SHORT_FOR_ANALYTICAL = 40
_GREETING = re.compile(
    r"^\s*(dear|hi|hello|hey|good (morning|afternoon)|bonjour|bonsoir|salut|coucou|cher|ch[eè]re)\b",
    re.IGNORECASE,
)
_WARM = (
    "hope",
    "glad",
    "thank",
    "lovely",
    "great to",
    "espere",
    "ravi",
    "merci",
    "plaisir",
    "content",
)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    trait: str


MESSAGES: dict[str, Text] = {
    "too_long": (
        "{words} words: a direct reader tends to skim. Aim for under {limit}, with the ask in the first lines.",
        "{words} mots : un lecteur direct a tendance à survoler. Visez moins de {limit}, avec la demande dès les premières lignes.",
    ),
    "ask_late": (
        "The request comes late: a direct reader wants it in the first two sentences.",
        "La demande arrive tard : un lecteur direct la veut dans les deux premières phrases.",
    ),
    "no_context": (
        "Little context and no facts or figures: an analytical reader will want the why and the data.",
        "Peu de contexte et aucun fait ni chiffre : un lecteur analytique voudra le pourquoi et les données.",
    ),
    "cold_opening": (
        "No warm opening: someone people-oriented and reflective reads a greeting and a personal word first.",
        "Pas d'ouverture chaleureuse : une personne tournée vers les autres et réfléchie lit d'abord une salutation et un mot personnel.",
    ),
    "no_energy": (
        'Flat tone: an outgoing reader responds to some energy — a friendly word, a shared goal, a "we".',
        "Ton plat : un lecteur expansif réagit à un peu d'énergie — un mot amical, un objectif commun, un « nous ».",
    ),
    "formality": (
        'You write "{draft}" but they write to you with "{theirs}".',
        "Vous écrivez « {draft} » mais cette personne vous écrit avec « {theirs} ».",
    ),
}


def _say(code: str, lang: str, trait: str, **values: object) -> Finding:
    return Finding(code, pick(MESSAGES[code], lang).format(**values), trait)


def _draft_formality(body: str) -> str | None:
    toks = tokens(body, "fr")
    vous = sum(t in lexicon.VOUS for t in toks)
    tu = sum(t in lexicon.TU for t in toks)
    if vous == tu:
        return None
    return "vous" if vous > tu else "tu"


def coach(
    *,
    body: str,
    position: Position | None,
    lang: str,
    their_formality: str | None = None,
) -> list[Finding]:
    """Advice on ``body`` for a recipient at ``position`` (None: no profile, only vous/tu)."""
    findings: list[Finding] = []
    text_lang = "fr" if _draft_formality(body) or lang == "fr" else "en"
    markers = measure([body], text_lang) if body.strip() else None
    words = markers.words if markers else 0
    if position is not None and markers is not None and words:
        direct, people = position.pace >= 0, position.focus > 0
        first_lines = " ".join(body.strip().splitlines()[:4])
        if direct and words > LONG_FOR_DIRECT:
            findings.append(
                _say(
                    "too_long",
                    lang,
                    position.pace_pole,
                    words=words,
                    limit=LONG_FOR_DIRECT,
                )
            )
        elif direct and words > 60 and "?" not in first_lines and "?" in body:
            findings.append(_say("ask_late", lang, position.pace_pole))
        if (
            not direct
            and not people
            and (
                words < SHORT_FOR_ANALYTICAL
                or markers.values["numbers"] + markers.values["process"] == 0
            )
        ):
            findings.append(_say("no_context", lang, "reflective+task"))
        if not direct and people:
            opening = body.strip().splitlines()[0] if body.strip() else ""
            head = " ".join(tokens(" ".join(body.strip().splitlines()[:3]), text_lang))
            if not _GREETING.search(opening) or not any(w in head for w in _WARM):
                findings.append(_say("cold_opening", lang, "reflective+people"))
        if direct and people:
            lively = (
                markers.values["exclamations"]
                + markers.values["feelings"]
                + markers.values["we"]
            )
            if lively == 0:
                findings.append(_say("no_energy", lang, "direct+people"))
    draft = _draft_formality(body)
    if their_formality and draft and draft != their_formality:
        findings.append(
            _say("formality", lang, "formality", draft=draft, theirs=their_formality)
        )
    return findings
