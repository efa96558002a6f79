"""The tone check of ticket replies, French and English."""

from __future__ import annotations

from django.utils import translation

from relais.service.tone import check_reply

GOOD_FR = (
    "Bonjour Nadia,\n\nNous sommes désolés pour ce retard. Votre commande 123456789 part "
    "aujourd'hui.\n\nBien à vous"
)
GOOD_EN = "Hello Tom,\n\nSorry for the wait: your refund left today.\n\nBest regards"


def codes(text: str, public: bool = False) -> list[str]:
    return [f.code for f in check_reply(text, public=public)]


def test_a_professional_reply_has_no_finding() -> None:
    assert codes(GOOD_FR) == []
    assert codes(GOOD_EN, public=True) == []


def test_blame_in_french_with_or_without_accents_and_in_english() -> None:
    assert codes("Bonjour,\nComme déjà indiqué, le colis est parti.") == ["blame"]
    assert codes("Bonjour,\ncomme deja indique, rien à faire.") == ["blame"]
    found = check_reply("Hi,\nAs we already told you, it shipped.")
    assert [(f.code, f.severity, f.excerpt) for f in found] == [
        ("blame", "high", "as we already told you")
    ]


def test_capitals_and_exclamation_runs() -> None:
    assert codes("Bonjour,\nVOUS DEVEZ ATTENDRE la livraison!!!") == [
        "capitals",
        "exclamations",
    ]
    assert codes("Hello,\nWe ship with DHL today.") == []  # one acronym is not shouting


def test_missing_greeting() -> None:
    assert codes("Votre colis part aujourd'hui.") == ["greeting"]
    assert codes("Dear Ms Roux,\nYour parcel left today.") == []


def test_personal_data_only_flagged_in_a_public_reply() -> None:
    text = "Bonjour,\nÉcrivez-nous à nadia.roux@example.org ou au 06 12 34 56 78."
    assert codes(text) == []
    found = check_reply(text, public=True)
    assert [(f.code, f.excerpt) for f in found] == [
        ("personal_data", "nadia.roux@example.org"),
        ("personal_data", "06 12 34 56 78"),
    ]


def test_suggestions_in_french() -> None:
    with translation.override("fr"):
        [finding] = check_reply("Votre colis part aujourd'hui.")
    assert "salutation" in finding.message
