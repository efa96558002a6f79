"""Types, written profiles, playbooks, the questionnaire and the draft coach."""

from __future__ import annotations

import pytest

from relais.core.errors import InvalidInput
from relais.insight import advice
from relais.insight.coach import coach
from relais.insight.playbooks import CHANNELS, GOALS, RULES, playbook_for_type
from relais.insight.questionnaire import ITEMS, score, slider_axes
from relais.insight.types import TYPES, Position, blend, centre, quadrant


def test_sixteen_types_and_the_quadrant_rule() -> None:
    assert sorted(TYPES) == sorted(
        [
            "D",
            "Di",
            "DI",
            "Dc",
            "I",
            "Id",
            "Is",
            "IS",
            "S",
            "Si",
            "Sc",
            "SC",
            "C",
            "Cs",
            "Cd",
            "CD",
        ]
    )
    assert quadrant(0.6, -0.5) == "D" and quadrant(0.6, 0.5) == "I"
    assert quadrant(-0.6, 0.5) == "S" and quadrant(-0.6, -0.5) == "C"
    assert Position(0.2, -0.2).disc == "D" and Position(0.2, -0.2).pace_pole == "direct"
    assert blend(0.7, -0.7) == "D" and blend(-0.7, -0.7) == "C"
    assert blend(0.9, -0.3) == "Di"  # direct, task, leaning towards people
    for code in TYPES:
        assert centre(code).type == code


@pytest.mark.parametrize("type_code", TYPES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_channel_goal_and_type_has_advice(type_code: str, lang: str) -> None:
    for channel in CHANNELS:
        for goal in GOALS:
            book = playbook_for_type(type_code, channel, goal, lang)
            assert book["say"] and book["do"] and book["avoid"], (
                type_code,
                channel,
                goal,
            )
            for kind, lines in book.items():
                for line in lines:
                    assert line["text"].strip()
                    assert any(r.id == line["rule"] and r.kind == kind for r in RULES)


def test_playbooks_differ_across_quadrants_and_languages() -> None:
    d = playbook_for_type("D", "email", "bad_news", "en")
    s = playbook_for_type("S", "email", "bad_news", "en")
    assert {x["rule"] for x in d["say"]} == {"bad_news-direct"}
    assert {x["rule"] for x in s["say"]} == {"bad_news-reflective"}
    assert (
        playbook_for_type("D", "email", "bad_news", "fr")["say"][0]["text"]
        != d["say"][0]["text"]
    )
    with pytest.raises(ValueError):
        playbook_for_type("D", "fax", "sell", "en")


@pytest.mark.parametrize("type_code", TYPES)
def test_written_profile_in_both_languages(type_code: str) -> None:
    en = advice.describe(type_code, "en", "Mathieu")
    fr = advice.describe(type_code, "fr", "Mathieu")
    assert en["summary"].startswith("Mathieu tends to")
    assert fr["summary"].startswith("Mathieu a tendance")
    for key in (
        "natural",
        "not_natural",
        "motivators",
        "stressors",
        "writing",
        "working",
    ):
        assert en[key] and fr[key] and en[key] != fr[key]
    assert ("blend" in en) == (len(type_code) == 2)


def test_questionnaire_scores_each_axis_and_names_bad_items() -> None:
    assert len(ITEMS) == 16
    assert {i.axis for i in ITEMS} == {"pace", "focus"}
    direct_people = {i.key: 5 if i.sign > 0 else 1 for i in ITEMS}
    assert score(direct_people) == (1.0, 1.0)
    neutral = dict.fromkeys((i.key for i in ITEMS), 3)
    assert score(neutral) == (0.0, 0.0)
    with pytest.raises(InvalidInput) as exc:
        score({**neutral, "p1": 9, "f2": "x"})
    assert set(exc.value.errors) == {"p1", "f2"}


def test_sliders() -> None:
    assert slider_axes({"s1": 100, "s2": 100, "s3": 0, "s4": 0}) == (1.0, -1.0)
    assert slider_axes({"s1": 50, "s2": 50, "s3": 50, "s4": 50}) == (0.0, 0.0)
    with pytest.raises(InvalidInput) as exc:
        slider_axes({"s1": 50, "s2": 101, "s3": 50})
    assert set(exc.value.errors) == {"s2", "s4"}


LONG_COLD = (
    "Following up on the matter discussed previously regarding the arrangements for the "
    "coming period, I am writing to set out in some detail the various considerations "
) * 6


def codes(findings: list) -> set[str]:
    return {f.code for f in findings}


def test_coach_flags_a_long_draft_for_a_direct_reader_only() -> None:
    d, c = centre("D"), centre("C")
    assert "too_long" in codes(coach(body=LONG_COLD, position=d, lang="en"))
    assert "too_long" not in codes(coach(body=LONG_COLD, position=c, lang="en"))
    short = "Hi Jan, can you sign the Halden contract by Friday? Price is 48,500."
    assert codes(coach(body=short, position=d, lang="en")) == set()


def test_coach_asks_context_for_c_warmth_for_s_energy_for_i() -> None:
    bare = "Can we talk about the project next week?"
    assert "no_context" in codes(coach(body=bare, position=centre("C"), lang="en"))
    assert "cold_opening" in codes(coach(body=bare, position=centre("S"), lang="en"))
    flat = "Please review the attached document and reply by Friday."
    assert "no_energy" in codes(coach(body=flat, position=centre("I"), lang="en"))
    assert "no_energy" not in codes(
        coach(body=bare, position=centre("I"), lang="en")
    )  # "we"
    warm = (
        "Dear Helen,\n\nI hope you are well and thank you for last week.\nCan we talk?"
    )
    assert "cold_opening" not in codes(
        coach(body=warm, position=centre("S"), lang="en")
    )
    lively = "Hi Maya! Great news, we did it. Let's celebrate together!"
    assert "no_energy" not in codes(coach(body=lively, position=centre("I"), lang="en"))


def test_coach_flags_vous_when_they_write_tu_in_the_ui_language() -> None:
    draft = "Bonjour Julie, pourriez-vous m'envoyer votre devis ?"
    found = coach(body=draft, position=None, lang="fr", their_formality="tu")
    assert codes(found) == {"formality"}
    assert "« vous »" in found[0].message and "« tu »" in found[0].message
    assert coach(body=draft, position=None, lang="en", their_formality="vous") == []
