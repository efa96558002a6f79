"""Reading a contact's profile: every source, strongest first, and what they add up to.

Sources, in the order the page shows them: the person's own answers (confidence up to 0.9),
colleagues' assessments averaged (0.5 for one, up to 0.8 with several who agree), and the
style of the messages they wrote (the style estimate's own confidence, which is low for
little or mixed text). Answers and assessments lose confidence as they near the centre of
the axes, where they say little about a quadrant. The profile takes its position from the
most confident source; the others are shown beside it with their own reading, so a
disagreement is visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from relais.contacts.models import Contact
from relais.timeline.models import Interaction, Participant

from . import advice
from .models import Assessment
from .style import StyleEstimate, estimate
from .types import Position

SELF_CONFIDENCE = 0.9
TEXT_CHANNELS = ("email", "linkedin", "social", "sms", "other")
MAX_MESSAGES = 200
_FRENCH = {
    "je",
    "vous",
    "nous",
    "le",
    "la",
    "les",
    "est",
    "pour",
    "avec",
    "merci",
    "bonjour",
}
_ENGLISH = {
    "i",
    "you",
    "we",
    "the",
    "is",
    "for",
    "with",
    "thanks",
    "hello",
    "and",
    "to",
}


@dataclass(frozen=True)
class Source:
    kind: str  # self, colleagues, text
    position: Position | None
    confidence: float
    count: int  # answers sets, colleagues, or messages
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    contact: Contact
    sources: list[Source]
    style: StyleEstimate | None

    @property
    def primary(self) -> Source | None:
        """The source the profile reads from: the most confident one, the stronger kind on a
        tie (a neutral questionnaire does not outweigh a clear text estimate)."""
        usable = [s for s in self.sources if s.position is not None]
        return max(usable, key=lambda s: s.confidence) if usable else None

    @property
    def position(self) -> Position | None:
        return self.primary.position if self.primary else None

    def describe(self, lang: str) -> dict[str, object] | None:
        if self.position is None:
            return None
        return advice.describe(self.position.type, lang, self.contact.display_name)

    def as_record(self) -> dict[str, object]:
        """The ``profile`` of the API and the export: source, type, axes, confidence (all
        None when no source says anything yet), and every source with its own reading."""
        primary = self.primary
        position = primary.position if primary else None
        return {
            "source": primary.kind if primary else None,
            "type": position.type if position else None,
            "disc": position.disc if position else None,
            "pace": round(position.pace, 3) if position else None,
            "focus": round(position.focus, 3) if position else None,
            "confidence": primary.confidence if primary else None,
            "sources": [
                {
                    "kind": s.kind,
                    "type": s.position.type if s.position else None,
                    "confidence": s.confidence,
                    "count": s.count,
                }
                for s in self.sources
            ],
        }


def style_summary(texts: list[str], lang: str | None = None) -> dict[str, object]:
    """The style of one person's ``texts`` as the CLI and the API print it (docs/profiles.md):
    with ``enough_text`` false, every reading is None."""
    result = estimate(texts, lang or guess_language(texts))
    position = (
        Position(result.pace_score, result.focus_score)
        if result.pace_score is not None and result.focus_score is not None
        else None
    )
    return {
        "enough_text": result.enough_text,
        "pace": result.pace,
        "focus": result.focus,
        "disc": position.disc if position else None,
        "type": position.type if position else None,
        "confidence": result.confidence,
        "words": result.words,
        "markers": result.markers if result.enough_text else None,
        "formality": result.formality,
        "lang": result.lang,
    }


def clarity(pace: float, focus: float) -> float:
    """How clearly answers lean on both axes: 1 from ±0.4 on the weaker axis, 0 at the
    centre, where answers say nothing about the quadrant."""
    return min(1.0, min(abs(pace), abs(focus)) / 0.4)


def guess_language(texts: list[str], preferred: str = "") -> str:
    """'fr' or 'en': the contact's language when set, else the commoner function words."""
    if preferred[:2] in ("fr", "en"):
        return preferred[:2]
    words = " ".join(texts).lower().split()
    fr = sum(w in _FRENCH for w in words)
    en = sum(w in _ENGLISH for w in words)
    return "fr" if fr > en else "en"


def written_by(contact: Contact) -> list[str]:
    """What ``contact`` wrote that the base holds: inbound messages they sent, newest first."""
    bodies = (
        Interaction.objects.filter(
            participants__contact=contact,
            participants__role__in=(Participant.Role.FROM,),
            direction=Interaction.Direction.INBOUND,
            channel__in=TEXT_CHANNELS,
        )
        .exclude(body="")
        .values_list("body", flat=True)[:MAX_MESSAGES]
    )
    return list(bodies)


def _colleagues(rows: list[Assessment]) -> Source | None:
    if not rows:
        return None
    pace = sum(r.pace for r in rows) / len(rows)
    focus = sum(r.focus for r in rows) / len(rows)
    spread = max(
        max(abs(r.pace - pace) for r in rows), max(abs(r.focus - focus) for r in rows)
    )
    confidence = (
        min(0.8, 0.35 + 0.15 * len(rows))
        * (1 - min(0.5, spread / 2))
        * clarity(pace, focus)
    )
    return Source(
        "colleagues",
        Position(pace, focus),
        round(confidence, 2),
        len(rows),
        {"spread": round(spread, 2)},
    )


def profile_for(contact: Contact) -> Profile:
    """Every source of ``contact``'s profile, strongest first."""
    rows = list(Assessment.objects.filter(contact=contact))
    sources: list[Source] = []
    own = next((r for r in rows if r.source == Assessment.Source.SELF), None)
    if own is not None:
        sources.append(
            Source(
                "self",
                Position(own.pace, own.focus),
                round(SELF_CONFIDENCE * clarity(own.pace, own.focus), 2),
                1,
                {"answered_at": own.created_at.isoformat()},
            )
        )
    colleagues = _colleagues(
        [r for r in rows if r.source == Assessment.Source.COLLEAGUE]
    )
    if colleagues:
        sources.append(colleagues)
    texts = written_by(contact)
    style = None
    if texts:
        style = estimate(texts, guess_language(texts, contact.language))
        position = (
            Position(style.pace_score, style.focus_score)
            if style.enough_text
            and style.pace_score is not None
            and style.focus_score is not None
            else None
        )
        sources.append(
            Source(
                "text",
                position,
                style.confidence or 0.0,
                style.messages,
                {"words": style.words, "lang": style.lang},
            )
        )
    return Profile(contact, sources, style)
