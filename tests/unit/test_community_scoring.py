"""Influence arithmetic and kinds of voice: values computed by hand, no database."""

from __future__ import annotations

import math

import pytest

from relais.community import scoring
from relais.community.voices import contribution_kind, voice_of


def test_score_of_a_small_blogger_matches_the_hand_computation():
    facts = scoring.Facts(
        posts=4,
        relevance=0.8,
        interactions=4,
        link_share=0.5,
        months_active=2,
        days_since_last=90,
    )
    # reach 0.5 (link share, no followers); engagement log(1+1)/log(51);
    # activity 0.5 * (4/2/4) + 0.5 * 0.5 (one half-life) = 0.5
    engagement = math.log(2) / math.log(51)
    expected = 100 * 0.8 * (0.4 * 0.5 + 0.3 * engagement + 0.3 * 0.5)
    result = scoring.influence(facts)
    assert result.score == pytest.approx(expected, abs=0.05)
    assert result.components() == {
        "reach": 0.5,
        "engagement": round(engagement, 3),
        "relevance": 0.8,
        "activity": 0.5,
    }


def test_reach_is_logarithmic_so_a_celebrity_does_not_flatten_everyone():
    assert scoring.reach(1_000_000, 0) == pytest.approx(1.0)
    assert scoring.reach(1_000, 0) == pytest.approx(0.5, abs=0.01)
    assert scoring.reach(10_000_000, 0) == 1.0
    assert scoring.reach(None, 0.3) == 0.3  # no follower figure: the link share counts


def test_celebrity_with_one_off_topic_post_ranks_below_a_regular_on_topic_blogger():
    profile = scoring.topic_profile(
        [
            "Relais carnet d'adresses CRM auto-hébergé import contacts",
            "Relais CRM import LinkedIn contacts doublons fusion",
            "CRM auto-hébergé Relais campagne courriel contacts",
        ]
    )
    off_topic = scoring.similarity(
        "My new album is out, tour dates in Paris soon", profile
    )
    on_topic = scoring.similarity(
        "Relais: importer ses contacts LinkedIn dans un CRM", profile
    )
    assert off_topic < 0.1 < on_topic
    celebrity = scoring.influence(
        scoring.Facts(
            posts=1,
            relevance=off_topic / on_topic,
            followers=5_000_000,
            interactions=200,
            days_since_last=1,
        )
    )
    blogger = scoring.influence(
        scoring.Facts(
            posts=10,
            relevance=1.0,
            link_share=0.4,
            interactions=5,
            months_active=3,
            days_since_last=5,
        )
    )
    assert celebrity.reach == 1.0 and celebrity.reach > blogger.reach
    assert blogger.score > celebrity.score


def test_a_quiet_author_loses_activity():
    recent = scoring.activity(posts=4, months_active=1, days_since_last=0)
    quiet = scoring.activity(posts=4, months_active=1, days_since_last=360)
    assert recent == 1.0 and quiet == pytest.approx(0.5 + 0.5 / 16)


@pytest.mark.parametrize(
    ("source_kind", "urls", "tags", "expected"),
    [
        (
            "rss",
            ["https://www.lemonde.fr/pixels/article/2026/12/01/relais.html"],
            (),
            "journalist",
        ),
        (
            "rss",
            ["https://www.theguardian.com/technology/2026/relais"],
            (),
            "journalist",
        ),
        ("rss", ["https://carnet-de-lea.fr/2026/12/relais/"], (), "blogger"),
        ("rss", ["https://lemonde.fr.example.net/relais"], (), "blogger"),
        ("discourse", ["https://forum.relais.example/t/1"], (), "forum member"),
        ("mastodon", ["https://mastodon.social/@lea/1"], ("Client",), "customer"),
        ("bluesky", [], ("partenaire",), "partner"),
        ("mastodon", [], (), "social"),
    ],
)
def test_kind_of_voice(source_kind, urls, tags, expected):
    assert voice_of(source_kind=source_kind, urls=urls, contact_tags=tags) == expected


@pytest.mark.parametrize(
    ("source_kind", "title", "text", "expected"),
    [
        ("youtube", "Relais en 5 minutes", "", "video"),
        ("discourse", "Re: import LinkedIn", "Essayez l'option --dry-run", "reply"),
        ("mastodon", "", "@relais merci pour la 2.0", "reply"),
        ("rss", "Relais : mon avis après trois mois", "", "review"),
        ("rss", "Plantage à l'import", "Le CSV fait planter l'import", "bug report"),
        ("rss", "Relais 2.0 est sorti", "Nouveautés", "post"),
    ],
)
def test_contribution_kind(source_kind, title, text, expected):
    assert (
        contribution_kind(source_kind=source_kind, title=title, text=text, label="")
        == expected
    )
