"""The card field parser on lines as the OCR gives them (no image, no OCR)."""

from __future__ import annotations

from relais.ingest.cards.names import split_name
from relais.ingest.cards.ocr import OcrLine, Piece, join_lines
from relais.ingest.cards.parse import parse_card


def _lines(*rows: tuple[str, int]) -> list[OcrLine]:
    """Lines top to bottom; the number is the type size in pixels."""
    found, y = [], 0.0
    for text, size in rows:
        found.append(OcrLine(text, (40.0, y, 40.0 + 14 * len(text), y + size), 0.98))
        y += size + 10
    return found


def test_a_french_card():
    card = parse_card(
        _lines(
            ("Verrerie du Nord SARL", 40),
            ("Jean-Pierre de la Fontaine", 56),
            ("Directeur commercial", 32),
            ("12, rue de la République", 26),
            ("69003 Lyon Cedex", 26),
            ("Tél. 04 78 12 34 56", 26),
            ("Port. +33 (0)6 12 34 56 78", 26),
            ("Fax 04 78 12 34 57", 26),
            ("jp.delafontaine@verrerie-nord.fr", 26),
            ("www.verrerie-nord.fr", 26),
        )
    )
    assert (card.first_name.value, card.last_name.value) == (
        "Jean-Pierre",
        "de la Fontaine",
    )
    assert card.title.value == "Directeur commercial"
    assert card.organisation.value == "Verrerie du Nord SARL"
    assert [(p.value, p.label) for p in card.phones] == [
        ("04 78 12 34 56", "work"),
        ("+33 (0)6 12 34 56 78", "mobile"),
    ]
    assert [f.value for f in card.faxes] == ["04 78 12 34 57"]  # a fax is not a phone
    assert [e.value for e in card.emails] == ["jp.delafontaine@verrerie-nord.fr"]
    assert card.website.value == "www.verrerie-nord.fr"
    assert (card.address.value, card.postal_code.value, card.city.value) == (
        "12, rue de la République",
        "69003",
        "Lyon",
    )


def test_an_english_card_with_labels_and_linkedin():
    card = parse_card(
        _lines(
            ("Harbour Logistics Ltd", 40),
            ("Olivia MacLeod", 56),
            ("Head of Sales", 30),
            ("M: +44 7700 900123", 24),
            ("T: +44 20 7946 0018", 24),
            ("F: +44 20 7946 0019", 24),
            ("Email: olivia.macleod@harbourlogistics.co.uk", 24),
            ("linkedin.com/in/olivia-macleod", 24),
        )
    )
    assert card.name == "Olivia MacLeod"
    assert card.organisation.value == "Harbour Logistics Ltd"
    assert [(p.label, p.value) for p in card.phones] == [
        ("mobile", "+44 7700 900123"),
        ("work", "+44 20 7946 0018"),
    ]
    assert [f.value for f in card.faxes] == ["+44 20 7946 0019"]
    assert card.linkedin.value == "linkedin.com/in/olivia-macleod"
    assert card.website is None


def test_without_a_legal_form_the_organisation_is_the_line_spelling_the_domain():
    card = parse_card(
        _lines(
            ("Cabinet Vasseur", 40),
            ("Yves Le Goff", 56),
            ("Avocat associé", 30),
            ("yves.legoff@cabinetvasseur.fr", 24),
        )
    )
    assert card.organisation.value == "Cabinet Vasseur"
    assert (card.first_name.value, card.last_name.value) == ("Yves", "Le Goff")
    only_domain = parse_card(
        _lines(("Yves Le Goff", 56), ("y.legoff@vasseur-avocats.fr", 24))
    )
    assert only_domain.organisation.value == "Vasseur Avocats"
    # Guessed from the domain: low confidence, for the confirm page to highlight.
    assert only_domain.organisation.confidence < 0.5 < card.organisation.confidence


def test_a_mailbox_provider_gives_no_organisation():
    card = parse_card(_lines(("Lucie Martin", 50), ("lucie.martin@gmail.com", 24)))
    assert card.organisation is None
    assert card.name == "Lucie Martin"


def test_the_name_is_the_largest_name_shaped_line_not_the_title_or_company():
    card = parse_card(
        _lines(
            ("Keystone Robotics Inc", 60),  # larger than the name, but a legal form
            ("Senior Account Manager", 36),
            ("Thomas Parker", 48),
            ("Sales Team", 40),
        )
    )
    assert card.name == "Thomas Parker"
    assert card.title.value == "Senior Account Manager"


def test_name_splits():
    assert split_name("Jean-Baptiste du Pré") == ("Jean-Baptiste", "du Pré")
    assert split_name("DUPONT Jean") == ("Jean", "Dupont")
    assert split_name("Mary Ann Smith") == ("Mary Ann", "Smith")
    assert split_name("Anne Le Borgne") == ("Anne", "Le Borgne")


def test_confidence_follows_the_ocr_score():
    sure = parse_card([OcrLine("ana@acme.fr", (0, 0, 200, 20), 0.99)])
    unsure = parse_card([OcrLine("ana@acme.fr", (0, 0, 200, 20), 0.55)])
    assert sure.emails[0].confidence > 0.9 > 0.6 > unsure.emails[0].confidence


def test_two_columns_stay_apart_and_split_words_join():
    pieces = [
        Piece("Emily", (50, 200, 200, 260), 0.99),
        Piece("Campbell", (215, 200, 480, 260), 0.99),
        Piece("Direct: +1 (206) 496-1352", (575, 205, 930, 232), 0.98),
        Piece("Chief Executive Officer", (50, 272, 415, 305), 0.99),
        Piece("Email: emily@bluefield.io", (575, 247, 900, 274), 0.98),
    ]
    texts = [line.text for line in join_lines(pieces)]
    assert "Emily Campbell" in texts
    assert "Direct: +1 (206) 496-1352" in texts
    assert len(texts) == 4
