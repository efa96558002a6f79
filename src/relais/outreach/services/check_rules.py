"""The rules of the message check that read only the message (no database).

Each rule returns ``Finding``s with a stable ``code`` (for API clients and tests), a severity
and a message in the user's language. The rules that look at the contact's history (earlier
thread, follow-up cap) are in ``check_history``; links and HTML in ``check_links``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _

from .spam_phrases import PHRASES

Severity = Literal["high", "medium", "low"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a message: ``code`` is stable, ``message`` is for people."""

    code: str
    severity: Severity
    message: str
    excerpt: str = ""


# "Re:", "RE :", "Ré :", "TR:", "Fwd:", "Fw:", "AW:", "WG:", "Re[2]:", "Re^2:", with French
# (non-breaking) spaces before the colon. The colon is required: "Réunion" and "Retour
# d'expérience" are not replies.
_SPACE = r"[ \t\u00a0\u202f]*"
_PREFIX = re.compile(
    rf"^\s*(?P<prefix>(?:re|ré|tr|fwd|fw|aw|wg|sv|antw)"
    rf"{_SPACE}(?:\[\d+\]|\(\d+\)|\^\d+)?{_SPACE}[:：])",
    re.IGNORECASE,
)
_FIELD = re.compile(r"\{\{\s*([A-Za-z_]\w*)")
# Fields that say nothing about the recipient: using only these is not personalisation.
NOT_PERSONAL = frozenset(
    {"unsubscribe_url", "sender_name", "sender_first_name", "sender_email", "signature"}
)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_URLS = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_MIN_LETTERS_FOR_CAPITALS = 8
_CAPITALS_RATIO = 0.7
_MAX_SUBJECT = 120


def reply_prefix(subject: str) -> str:
    """The reply/forward prefix a subject starts with ("RE :", "Fwd:"…), or ""."""
    match = _PREFIX.match(unicodedata.normalize("NFC", subject))
    return match.group("prefix").strip() if match else ""


def strip_prefixes(subject: str) -> str:
    """The subject without its reply/forward prefixes ("Re: Fwd: Devis" → "Devis")."""
    subject = unicodedata.normalize("NFC", subject)
    while prefix := reply_prefix(subject):
        subject = subject.strip()[len(prefix) :]
    return subject.strip()


def fold(text: str) -> tuple[str, list[int]]:
    """Lower case without accents, with the index in ``text`` of each folded character."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if not unicodedata.combining(part):
                out.append(part)
                where.append(i)
    return "".join(out), where


def folded(text: str) -> str:
    return fold(" ".join(text.split()))[0]


def _excerpt(text: str, start: int, end: int, margin: int = 30) -> str:
    left = max(0, start - margin)
    right = min(len(text), end + margin)
    snippet = " ".join(text[left:right].split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


# --- Rules --------------------------------------------------------------------------------------


def empty_parts(subject: str, body_text: str, body_html: str) -> Iterator[Finding]:
    if not subject.strip():
        yield Finding(
            "empty_subject",
            "high",
            _(
                "The subject is empty: many filters treat that as spam, and readers skip it."
            ),
        )
    elif len(subject.strip()) > _MAX_SUBJECT:
        yield Finding(
            "long_subject",
            "low",
            _("The subject is long (%(n)d characters): mail apps cut it at about 60.")
            % {"n": len(subject.strip())},
        )
    if not body_text.strip() and not body_html.strip():
        yield Finding("empty_body", "high", _("The message has no text."))


def personalisation(subject: str, body_text: str, body_html: str) -> Iterator[Finding]:
    """A bulk message that uses no field of the recipient reads as a mass mailing."""
    names = set(_FIELD.findall(f"{subject}\n{body_text}\n{body_html}"))
    if not names - NOT_PERSONAL:
        yield Finding(
            "no_personalisation",
            "high",
            _(
                "This message goes to many people but uses none of their details: add at least "
                "a field such as {{ first_name }} or {{ organisation }}."
            ),
        )


def shouting_subject(subject: str) -> Iterator[Finding]:
    plain = _JINJA.sub(" ", subject)
    letters = [c for c in plain if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    if (
        len(letters) >= _MIN_LETTERS_FOR_CAPITALS
        and upper / len(letters) >= _CAPITALS_RATIO
    ):
        yield Finding(
            "subject_capitals",
            "medium",
            _("The subject is written in capitals: it reads as shouting and as spam."),
            excerpt=subject.strip(),
        )
    marks = re.search(
        r"!{3,}|\?{3,}|[!?]{2,}", plain.replace(" ", "").replace("\u00a0", "")
    )
    if marks or plain.count("!") >= 2:
        yield Finding(
            "subject_punctuation",
            "medium",
            _("The subject has several exclamation or question marks in a row."),
            excerpt=subject.strip(),
        )


_PHRASE_PATTERNS = [
    (phrase, severity, re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"))
    for phrase, severity in sorted(PHRASES.items(), key=lambda p: -len(p[0]))
]


def spammy_phrases(subject: str, body_text: str, body_html: str) -> Iterator[Finding]:
    """Known spammy phrases, once each, the longest match winning ("100% gratuit" over "gratuit")."""
    from .check_links import visible_text

    seen: set[str] = set()
    for text in (subject, body_text, visible_text(body_html)):
        if not text.strip():
            continue
        # Addresses are not prose: "example.com/free-trial" is no "free". Blanked, not cut,
        # so that positions still point into ``text``.
        flat, where = fold(_URLS.sub(lambda m: " " * len(m.group(0)), text))
        taken: list[tuple[int, int]] = []
        for phrase, severity, pattern in _PHRASE_PATTERNS:
            for match in pattern.finditer(flat):
                start, end = match.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                if phrase in seen:
                    continue
                seen.add(phrase)
                original = text[where[start] : where[end - 1] + 1]
                if severity == "medium":
                    message = _(
                        "“%(phrase)s” is a phrase spam filters and readers distrust."
                    )
                else:
                    message = _(
                        "“%(phrase)s” is fine once, but such words add up to an advert."
                    )
                yield Finding(
                    "spammy_phrase",
                    "medium" if severity == "medium" else "low",
                    message % {"phrase": original},
                    excerpt=_excerpt(text, where[start], where[end - 1] + 1),
                )


def unsubscribe_link(
    body_text: str, body_html: str, has_unsubscribe: bool | None
) -> Iterator[Finding]:
    if has_unsubscribe is None:
        has_unsubscribe = "unsubscribe_url" in set(
            _FIELD.findall(f"{body_text}\n{body_html}")
        )
    if not has_unsubscribe:
        yield Finding(
            "no_unsubscribe",
            "high",
            _(
                "A message to many people needs a visible unsubscribe link: add "
                "{{ unsubscribe_url }}."
            ),
        )
