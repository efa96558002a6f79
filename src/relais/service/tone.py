"""The tone check of a ticket reply, French and English (docs/service.md, "Tone check").

Like the message check of campaigns (``outreach.services.check_rules``, whose ``Finding`` and
accent folding it reuses), it reads only the text and returns findings with a stable code and
a suggestion in the user's language: blame, sarcasm markers, capitals, exclamation runs, a
missing greeting, and personal data in a public reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from relais.outreach.services.check_rules import Finding, folded

# Folded (lower case, no accents) phrases that put the blame on the customer.
BLAME = (
    "as we already told you",
    "as i already said",
    "as already stated",
    "as previously stated",
    "you should have",
    "it is your fault",
    "it's your fault",
    "comme deja indique",
    "comme deja dit",
    "comme nous vous l'avons deja dit",
    "comme je vous l'ai deja dit",
    "vous auriez du",
    "c'est de votre faute",
    "c'est votre faute",
)
SARCASM = (
    "obviously",
    "clearly you",
    "with all due respect",
    "no offense",
    "evidemment",
    "bien entendu vous",
    "sans vouloir vous vexer",
    "avec tout le respect",
)
GREETINGS = (
    "bonjour", "bonsoir", "madame", "monsieur", "cher", "chere", "salut",
    "hello", "hi", "dear", "good morning", "good afternoon", "good evening",
)  # fmt: skip
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?|0)\d(?:[ .-]?\d){7,11}(?!\w)")
_SHOUT = re.compile(r"\b[^\W\d_a-z]{3,}\b(?:\W+\b[^\W\d_a-z]{3,}\b)+")
_MARKS = re.compile(r"[!?]{2,}|!(?:\s*!)+")


def _found(text: str, phrases: tuple[str, ...]) -> list[str]:
    plain = folded(text)
    return [p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", plain)]


def check_reply(text: str, *, public: bool = False) -> list[Finding]:
    """Every tone finding of this reply, most serious first."""
    found = list(_rules(text, public))
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(found, key=lambda f: order[f.severity])


def _rules(text: str, public: bool) -> Iterator[Finding]:
    for phrase in _found(text, BLAME):
        yield Finding(
            "blame",
            "high",
            _("This phrase blames the customer: say what happens next instead."),
            excerpt=phrase,
        )
    for phrase in _found(text, SARCASM):
        yield Finding(
            "sarcasm",
            "medium",
            _("This can read as sarcastic: keep to the facts."),
            excerpt=phrase,
        )
    if shout := _SHOUT.search(text):
        yield Finding(
            "capitals",
            "medium",
            _("Words in capitals read as shouting."),
            excerpt=shout.group(0),
        )
    if marks := _MARKS.search(text):
        yield Finding(
            "exclamations",
            "low",
            _("Several exclamation or question marks in a row: one is enough."),
            excerpt=marks.group(0),
        )
    first = folded(text.strip().split("\n", 1)[0]) if text.strip() else ""
    if not any(re.match(rf"{re.escape(g)}(?!\w)", first) for g in GREETINGS):
        yield Finding(
            "greeting",
            "low",
            _("The reply does not start with a greeting (Bonjour…, Hello…)."),
        )
    if public:
        for pattern in (_EMAIL, _PHONE):
            if hit := pattern.search(text):
                yield Finding(
                    "personal_data",
                    "high",
                    _(
                        "A public reply must not show personal details: "
                        "move this to a private message."
                    ),
                    excerpt=hit.group(0),
                )
