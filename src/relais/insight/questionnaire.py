"""The self-questionnaire: sixteen IPIP items, scored on the two axes.

The items come from the International Personality Item Pool (ipip.ori.org), which is in the
public domain: assertiveness and cautiousness items for pace, warmth and orderliness items
for focus. The French wording is Relais's own translation. Answers run from 1 (very
inaccurate) to 5 (very accurate); a reversed item counts the other way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from relais.core.errors import InvalidInput


@dataclass(frozen=True)
class Item:
    key: str
    axis: str  # pace (+ direct) or focus (+ people)
    sign: int  # +1 keyed towards direct / people, -1 reversed
    en: str
    fr: str


ITEMS: tuple[Item, ...] = (
    Item("p1", "pace", 1, "Take charge.", "Je prends les choses en main."),
    Item("p2", "pace", 1, "Try to lead others.", "J'essaie de diriger les autres."),
    Item(
        "p3",
        "pace",
        1,
        "Can talk others into doing things.",
        "Je sais convaincre les autres de faire des choses.",
    ),
    Item(
        "p4",
        "pace",
        1,
        "Jump into things without thinking.",
        "Je me lance sans trop réfléchir.",
    ),
    Item(
        "p5",
        "pace",
        -1,
        "Wait for others to lead the way.",
        "J'attends que d'autres montrent la voie.",
    ),
    Item("p6", "pace", -1, "Hold back my opinions.", "Je garde mes opinions pour moi."),
    Item(
        "p7", "pace", -1, "Choose my words with care.", "Je choisis mes mots avec soin."
    ),
    Item("p8", "pace", -1, "Keep in the background.", "Je reste en retrait."),
    Item("f1", "focus", 1, "Am interested in people.", "Je m'intéresse aux gens."),
    Item(
        "f2",
        "focus",
        1,
        "Sympathize with others' feelings.",
        "Je compatis aux sentiments des autres.",
    ),
    Item(
        "f3",
        "focus",
        1,
        "Take time out for others.",
        "Je prends du temps pour les autres.",
    ),
    Item("f4", "focus", 1, "Make people feel at ease.", "Je mets les gens à l'aise."),
    Item(
        "f5", "focus", -1, "Pay attention to details.", "Je fais attention aux détails."
    ),
    Item("f6", "focus", -1, "Like order.", "J'aime l'ordre."),
    Item("f7", "focus", -1, "Follow a schedule.", "Je suis un planning."),
    Item(
        "f8",
        "focus",
        -1,
        "Am exacting in my work.",
        "Je suis exigeant·e dans mon travail.",
    ),
)


def score(answers: Mapping[str, object]) -> tuple[float, float]:
    """(pace, focus) in -1…1 from every item answered 1–5; InvalidInput names each item
    missing or out of range."""
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    for item in ITEMS:
        raw = answers.get(item.key)
        try:
            value = int(str(raw))
        except (TypeError, ValueError):
            errors[item.key] = "Choose an answer from 1 to 5."
            continue
        if not 1 <= value <= 5:
            errors[item.key] = "Choose an answer from 1 to 5."
        values[item.key] = value
    if errors:
        raise InvalidInput(errors)
    axes = {}
    for axis in ("pace", "focus"):
        own = [i for i in ITEMS if i.axis == axis]
        axes[axis] = sum(i.sign * (values[i.key] - 3) / 2 for i in own) / len(own)
    return round(axes["pace"], 4), round(axes["focus"], 4)


# The colleague form: four sliders, two per axis, each 0–100 with 50 in the middle.
SLIDERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # key, axis, left (en), right (en), left (fr), right (fr): right end = direct / people
    (
        "s1",
        "pace",
        "Takes time before answering",
        "Answers straight away",
        "Prend le temps avant de répondre",
        "Répond du tac au tac",
    ),
    (
        "s2",
        "pace",
        "Suggests, asks questions",
        "Says plainly what they want",
        "Suggère, pose des questions",
        "Dit franchement ce qu'il ou elle veut",
    ),
    (
        "s3",
        "focus",
        "Talks about the work, facts, figures",
        "Talks about people, feelings",
        "Parle du travail, des faits, des chiffres",
        "Parle des gens, des ressentis",
    ),
    (
        "s4",
        "focus",
        "Reserved, formal",
        "Warm, personal",
        "Réservé·e, formel·le",
        "Chaleureux·se, personnel·le",
    ),
)


def slider_axes(values: Mapping[str, object]) -> tuple[float, float]:
    """(pace, focus) in -1…1 from the four sliders; InvalidInput names each bad slider."""
    errors: dict[str, str] = {}
    got: dict[str, int] = {}
    for key, *_ in SLIDERS:
        try:
            got[key] = int(str(values.get(key)))
        except (TypeError, ValueError):
            errors[key] = "Move the slider to a value from 0 to 100."
            continue
        if not 0 <= got[key] <= 100:
            errors[key] = "Move the slider to a value from 0 to 100."
    if errors:
        raise InvalidInput(errors)
    pace = (got["s1"] + got["s2"] - 100) / 100
    focus = (got["s3"] + got["s4"] - 100) / 100
    return round(pace, 4), round(focus, 4)
