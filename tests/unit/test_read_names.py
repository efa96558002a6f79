"""Name case and full-name splitting (readers/names.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relais.core.text import fold
from relais.ingest.readers.names import name_case, split_full_name


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("DUPONT", "Dupont"),
        ("DE LA FONTAINE", "de la Fontaine"),
        ("LE GOFF", "Le Goff"),
        ("O'BRIEN", "O'Brien"),
        ("MARTIN-DUBOIS", "Martin-Dubois"),
        ("JEAN-PIERRE", "Jean-Pierre"),
        ("HÉLÈNE", "Hélène"),
        ("ÉLOÏSE", "Éloïse"),
        ("LA FONTAINE", "La Fontaine"),
        ("VAN DER BERG", "van der Berg"),
        ("VALÉRY GISCARD D'ESTAING", "Valéry Giscard d'Estaing"),
        ("D'ALEMBERT", "D'Alembert"),
        ("MCDONALD", "McDonald"),
        ("LOUIS XIV", "Louis XIV"),
        ("dupont", "Dupont"),
        ("jean de la fontaine", "Jean de la Fontaine"),
        ("  DUPONT   MARTIN ", "Dupont Martin"),
    ],
)
def test_capitals_and_lower_case_become_name_case(written, shown):
    assert name_case(written) == shown


@pytest.mark.parametrize(
    "written",
    ["McAllister", "van Damme", "de La Tour", "DuBois", "Le Goff", "O'Neil", "Jean"],
)
def test_mixed_case_is_kept_exactly(written):
    assert name_case(written) == written


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("CANEVET Frédéric", ("", "Frédéric", "Canevet")),
        ("Frédéric CANEVET", ("", "Frédéric", "Canevet")),
        ("DUPONT Jean-Pierre", ("", "Jean-Pierre", "Dupont")),
        ("Jean de la Fontaine", ("", "Jean", "de la Fontaine")),
        ("Jean DE LA FONTAINE", ("", "Jean", "de la Fontaine")),
        ("Jean de LA FONTAINE", ("", "Jean", "de la Fontaine")),
        ("Mme Hélène LE GOFF", ("Mme", "Hélène", "Le Goff")),
        ("M. Jean Dupont", ("M.", "Jean", "Dupont")),
        ("Dupont, Jean", ("", "Jean", "Dupont")),
        ("JEAN DUPONT", ("", "Jean", "Dupont")),
        ("Marie-Claire van der Berg", ("", "Marie-Claire", "van der Berg")),
        ("Jean Pierre MARTIN-DUBOIS", ("", "Jean Pierre", "Martin-Dubois")),
        ("Kate Smith", ("", "Kate", "Smith")),
        ("Jean Dupont Jr", ("", "Jean", "Dupont Jr")),
        ("Fred", ("", "Fred", "")),
        ("DUPONT", ("", "", "Dupont")),
        ("", ("", "", "")),
        ("  ", ("", "", "")),
    ],
)
def test_full_names_split_into_first_and_last(full, expected):
    assert split_full_name(full) == expected


_LETTERS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzéèêëàâîïôöùûüçñ' -ABCDEFGHIJKLMNOPQRSTUVWXYZÉÈÀÇ",
    max_size=40,
)


@given(_LETTERS)
def test_name_case_only_changes_case_and_spaces(value):
    cased = name_case(value)
    assert fold(cased) == fold(" ".join(value.split()))
    assert name_case(cased) == cased


@given(_LETTERS)
def test_split_keeps_every_word(value):
    parts = " ".join(split_full_name(value))
    assert sorted(fold(parts).split()) == sorted(fold(value.replace(",", " ")).split())
