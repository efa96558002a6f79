"""Column mapping: headers in French and English, content sniffing, confidences, overrides."""

import pytest

from relais.ingest.readers import MappingError
from relais.ingest.readers.mapping import Target, parse_target, propose


def _fields(header, rows=()):
    return {c.column: str(c.target) for c in propose(header, list(rows)).columns}


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Nom", "last_name"),
        ("NOM", "last_name"),
        ("Prénom", "first_name"),
        ("PRENOM", "first_name"),
        ("Société", "organisation"),
        ("Entreprise", "organisation"),
        ("Raison sociale", "organisation"),
        ("Fonction", "title"),
        ("Poste", "title"),
        ("E-mail", "email"),
        ("Courriel", "email"),
        ("Mail", "email"),
        ("Adresse e-mail", "email"),
        ("Téléphone", "phone"),
        ("Tél.", "phone"),
        ("Portable", "phone:mobile"),
        ("Mobile", "phone:mobile"),
        ("Ligne directe", "phone:direct"),
        ("Civilité", "civility"),
        ("Ville", "city"),
        ("Code postal", "postal_code"),
        ("CP", "postal_code"),
        ("Pays", "country"),
        ("Site web", "url"),
        ("LinkedIn", "linkedin"),
        ("Tags", "tags"),
        ("Full Name", "full_name"),
        ("Nom complet", "full_name"),
        ("Company", "organisation"),
        ("Job title", "title"),
        ("Phone", "phone"),
        ("Email Address", "email"),
        ("Zip code", "postal_code"),
        ("Notes", "note"),
        # Partial matches: a known word somewhere in the header.
        ("E-mail du contact", "email"),
        ("Tél. portable pro", "phone:mobile"),
        ("Nom de la société", "organisation"),
        ("URL profil LinkedIn", "linkedin"),
    ],
)
def test_headers_are_recognised_in_french_and_english(header, target):
    assert _fields([header])[header] == target


def test_exact_headers_are_more_confident_than_partial_ones():
    columns = propose(["E-mail", "E-mail du contact", "Divers"], []).columns
    assert [c.confidence for c in columns] == [0.9, 0.6, 0.0]
    assert columns[2].target == Target("extra")


def test_content_decides_when_the_header_says_nothing_or_something_else():
    rows = [
        [
            "jean@acme.fr",
            "06 12 34 56 78",
            "https://www.linkedin.com/in/jean",
            "M.",
            "x",
        ],
        ["kate@globex.co.uk", "+44 7700 900123", "linkedin.com/in/kate", "Mme", "y"],
    ]
    fields = _fields(["Contact", "Numéro", "Profil", "Title", "Zone"], rows)
    assert fields == {
        "Contact": "email",
        "Numéro": "phone",
        "Profil": "linkedin",
        "Title": "civility",
        "Zone": "extra",
    }
    contact = propose(["Contact"], [r[:1] for r in rows]).columns[0]
    assert contact.reason == "content (header suggests full_name)"
    assert 0.7 < contact.confidence < 0.9


def test_content_and_header_agreeing_is_the_most_confident():
    column = propose(["Courriel"], [["a@b.fr"], ["c@d.com"]]).columns[0]
    assert (column.confidence, column.reason) == (0.95, "header and content")


def test_numbers_that_are_not_phones_stay_what_they_are():
    rows = [["12345678900012", "2024-03-15", "15/03/2024", "75002"]] * 3
    fields = _fields(["SIRET", "Inscrit le", "Date", "Code postal"], rows)
    assert fields == {
        "SIRET": "extra",
        "Inscrit le": "extra",
        "Date": "extra",
        "Code postal": "postal_code",
    }


def test_a_surname_column_of_full_names_without_first_names_is_a_full_name():
    rows = [["CANEVET Frédéric"], ["Jean DUPONT"], ["Kate Smith"]]
    column = propose(["Nom"], rows).columns[0]
    assert column.target == Target("full_name")
    assert _fields(["Nom", "Prénom"], [["CANEVET Frédéric", ""]])["Nom"] == "last_name"


def test_overrides_win_with_full_confidence():
    mapping = propose(["Contact", "Col 2"], [["a@b.fr", "06 12 34 56 78"]])
    chosen = mapping.with_overrides({"col 2": "phone:direct", "Contact": "ignore"})
    assert [str(c.target) for c in chosen.columns] == ["ignore", "phone:direct"]
    assert {c.reason for c in chosen.columns} == {"chosen"}
    assert {c.confidence for c in chosen.columns} == {1.0}


def test_overrides_naming_unknown_fields_or_columns_are_errors():
    mapping = propose(["Contact"], [])
    with pytest.raises(MappingError, match="Unknown field 'phone_number'"):
        mapping.with_overrides({"Contact": "phone_number"})
    with pytest.raises(MappingError, match="No column 'Tel' .*Contact"):
        mapping.with_overrides({"Tel": "phone"}, strict=True)
    assert mapping.with_overrides({"Tel": "phone"}) == mapping


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("email", Target("email")),
        ("Phone:Mobile", Target("phone", "Mobile")),
        ("mobile", Target("phone", "mobile")),
        ("website", Target("url")),
        ("first_name", Target("first_name")),
        ("extra", Target("extra")),
    ],
)
def test_override_syntax(text, target):
    assert parse_target(text) == target


def test_labels_only_go_with_points():
    with pytest.raises(MappingError):
        parse_target("city:home")


def test_the_mapping_describes_itself_for_the_cli_and_the_web_ui():
    mapping = propose(["Courriel", "Divers"], [["a@b.fr", "x"]])
    assert mapping.describe() == [
        "Courriel → email (header and content, 95%)",
        "Divers → extra (no match, kept as extra, 0%)",
    ]
    assert mapping.as_dicts()[0] == {
        "column": "Courriel",
        "field": "email",
        "label": "",
        "confidence": 0.95,
        "reason": "header and content",
    }
