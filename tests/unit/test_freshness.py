"""The freshness formula: about 10% of records go stale per year, signals cut the score."""

from __future__ import annotations

import datetime as dt

import pytest

from relais.contacts import freshness
from relais.mail.autoreply import says_person_left

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def years_ago(years: float) -> dt.datetime:
    return NOW - dt.timedelta(days=365.25 * years)


def test_a_record_confirmed_today_is_fully_fresh():
    assert freshness.score(NOW, NOW) == 100


def test_ten_percent_go_stale_each_year():
    assert freshness.score(years_ago(1), NOW) == 90
    assert freshness.score(years_ago(2), NOW) == 81
    assert freshness.score(years_ago(5), NOW) == 59  # 0.9^5 = 0.59
    assert freshness.decay(365.25) == pytest.approx(0.9)


def test_half_life_is_about_six_and_a_half_years():
    assert freshness.score(years_ago(6.58), NOW) == 50
    assert freshness.band(freshness.score(years_ago(6.7), NOW)) == "stale"


def test_decay_is_monotonic_and_never_negative():
    scores = [freshness.score(years_ago(y), NOW) for y in range(0, 60, 3)]
    assert scores == sorted(scores, reverse=True)
    assert scores[-1] >= 0
    assert freshness.score(NOW + dt.timedelta(days=3), NOW) == 100  # future: no bonus


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        (["bounce"], 50),
        (["left"], 20),
        (["new_employer"], 40),
        (["bounce", "left"], 10),
        (["left", "left"], 20),  # one factor per kind
    ],
)
def test_signals_cut_the_score(signals, expected):
    assert freshness.score(NOW, NOW, signals) == expected


def test_every_email_bounced_cuts_harder():
    assert freshness.score(NOW, NOW, ["bounce"], all_emails_bounced=True) == 30


@pytest.mark.parametrize(
    ("value", "band"),
    [(100, "fresh"), (80, "fresh"), (79, "ageing"), (50, "ageing"), (49, "stale"), (0, "stale"), (None, "unknown")],
)  # fmt: skip
def test_bands(value, band):
    assert freshness.band(value) == band


@pytest.mark.parametrize(
    "body",
    [
        "Bonjour,\n\nMme Dupont ne fait plus partie de la société depuis le 1er mars. "
        "Merci d'écrire à contact@acme.fr.",
        "Bonjour, Jean a quitté la société. Pour toute demande : accueil@x.fr",
        "Je n'suis pas là. Frédéric n’est plus en poste chez ACME.",
        "Hello, Kate is no longer with Globex. Please contact sales@globex.co.uk.",
        "Thank you for your email. Bob has left the company.",
        "NOTE: this person is no longer employed by Initech.",
    ],
)
def test_departure_auto_replies_are_recognised(body):
    assert says_person_left(body)


@pytest.mark.parametrize(
    "body",
    [
        "Je suis absente jusqu'au 12 août, je vous répondrai à mon retour.",
        "I am out of the office until Monday with limited access to email.",
        "Merci pour votre message, je le transmets à l'équipe.",
        # Quoted history is not what the sender says.
        "Parfait, merci.\n\nLe lun. 3 juin 2024, Marc a écrit :\n> Paul ne fait plus partie de l'équipe",
    ],
)
def test_ordinary_mail_is_not_a_departure(body):
    assert says_person_left(body) == ""
