"""From two axes to a quadrant and one of sixteen blends, with Relais's own archetype names.

Pace runs from reflective (-1) to direct (+1), focus from task (-1) to people (+1). The four
quadrants are D (direct + task), I (direct + people), S (reflective + people) and C
(reflective + task). The sixteen blends sit every 22.5° around the circle: a pure type at
the centre of its quadrant, a two-letter blend leaning towards a neighbour, an upper-case
pair (DI, IS, SC, CD) on the border between two quadrants.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Counter-clockwise from the centre of D (direct, task) at -45°.
CIRCLE = (
    "D",
    "Di",
    "DI",
    "Id",
    "I",
    "Is",
    "IS",
    "Si",
    "S",
    "Sc",
    "SC",
    "Cs",
    "C",
    "Cd",
    "CD",
    "Dc",
)
TYPES = tuple(sorted(CIRCLE, key=lambda t: ("DISC".index(t[0]), len(t), t)))
QUADRANTS = ("D", "I", "S", "C")

ARCHETYPES: dict[str, tuple[str, str]] = {
    # type: (English, French)
    "D": ("Trailblazer", "Éclaireur"),
    "Di": ("Driver", "Meneur"),
    "DI": ("Rallier", "Entraîneur"),
    "Id": ("Spark", "Étincelle"),
    "I": ("Host", "Hôte"),
    "Is": ("Encourager", "Encourageant"),
    "IS": ("Companion", "Compagnon"),
    "Si": ("Confidant", "Confident"),
    "S": ("Anchor", "Ancre"),
    "Sc": ("Steward", "Intendant"),
    "SC": ("Keeper", "Gardien"),
    "Cs": ("Craftsman", "Artisan"),
    "C": ("Analyst", "Analyste"),
    "Cd": ("Examiner", "Vérificateur"),
    "CD": ("Architect", "Architecte"),
    "Dc": ("Strategist", "Stratège"),
}


def quadrant(pace: float, focus: float) -> str:
    """D, I, S or C from the signs of the axes (zero counts as direct, task)."""
    if pace >= 0:
        return "D" if focus <= 0 else "I"
    return "C" if focus <= 0 else "S"


def blend(pace: float, focus: float) -> str:
    """The sixteen-type blend of a point on the two axes."""
    angle = math.degrees(math.atan2(focus, pace))  # 0° = pure direct, 90° = pure people
    index = round((angle + 45) / 22.5) % 16
    return CIRCLE[index]


@dataclass(frozen=True)
class Position:
    pace: float  # -1 reflective … +1 direct
    focus: float  # -1 task … +1 people

    @property
    def disc(self) -> str:
        return quadrant(self.pace, self.focus)

    @property
    def type(self) -> str:
        return blend(self.pace, self.focus)

    @property
    def pace_pole(self) -> str:
        return "direct" if self.pace >= 0 else "reflective"

    @property
    def focus_pole(self) -> str:
        return "task" if self.focus <= 0 else "people"


def archetype(type_code: str, lang: str) -> str:
    english, french = ARCHETYPES[type_code]
    return french if lang == "fr" else english


def centre(type_code: str) -> Position:
    """The point of the circle a type is named after (used to describe a type on its own)."""
    angle = math.radians(CIRCLE.index(type_code) * 22.5 - 45)
    return Position(round(math.cos(angle), 6), round(math.sin(angle), 6))
