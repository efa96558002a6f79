"""What a search query means before the database: phone fragments, emails, words, typos."""

from __future__ import annotations

from relais.contacts.search.index import build_document
from relais.contacts.search.query import deletions, edit_distance, max_typos, parse


def test_phone_fragments_become_national_digits():
    assert parse("06 12 34").phone_digits == "61234"
    assert parse("612 34").phone_digits == "61234"
    assert parse("+33 6 12 34 56 78").phone_digits == "33612345678"
    assert parse("0033 6 12").phone_digits == "33612"
    assert parse("(415) 555-0142").phone_digits == "4155550142"
    assert parse("06 12 34 56 78").full_phone
    # Too few digits, or letters: words.
    assert parse("06").words == ("06",)
    assert parse("rue 12").words == ("rue", "12")


def test_words_are_folded_and_emails_recognised():
    query = parse("  Hélène   LEFÈVRE Hélène ")
    assert query.words == ("helene", "lefevre")
    assert parse("Helene.Lefevre@Exemple.FR").email == "helene.lefevre@exemple.fr"
    assert parse("").is_empty


def test_typo_lookup_rests_on_shared_deletions():
    assert deletions("canevat") & deletions("canevet")
    assert edit_distance("canevat", "canevet") == 1
    assert edit_distance("lefevbre", "lefebvre") == 1  # a transposition is one edit
    assert edit_distance("martin", "bernard") == 3  # capped
    assert max_typos("bob") == 0 and max_typos("canevat") == 1
    assert max_typos("lefebvre") == 2


def test_the_indexed_document_holds_what_a_contact_is_found_by():
    doc = build_document(
        contact_id=1,
        first_name="Marie",
        last_name="Lefebvre-Martin",
        display_name="Marie Lefebvre-Martin",
        title="Directrice",
        city="Lyon",
        organisation="Société Générale",
        points=[
            ("email", "Marie@Lyon-Conseil.example", "marie@lyon-conseil.example"),
            ("phone", "06 12 34 56 78", "+33612345678"),
            ("url", "https://exemple.fr", "https://exemple.fr"),
        ],
        tags=["VIP"],
        texts=["Rencontrée à Villeurbanne", "Devis envoyé"],
    )
    assert doc.names.split() == [
        "marie",
        "lefebvre-martin",
        "lefebvre",
        "martin",
        "lefebvremartin",
    ]
    assert "612345678" in doc.reach.split()  # the national number starts a word
    assert "marie@lyon-conseil.example" in doc.reach.split()
    assert "societe generale directrice lyon vip" in doc.other
    assert "villeurbanne" in doc.other and "https://exemple.fr" in doc.other
    assert {"lefebvre", "martin", "societe", "generale"} <= doc.vocabulary
