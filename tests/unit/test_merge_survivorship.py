"""Which value a merged contact keeps: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from relais.matching.compare import evidence_text, weight_words
from relais.matching.services import survivorship as sv

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("mine", "theirs", "kept"),
    [
        ("Fred", "Frédéric", "Frédéric"),
        ("Frédéric", "Fred", "Frédéric"),
        ("Helene", "Hélène", "Hélène"),
        ("CANEVET", "Canevet", "Canevet"),
        ("Jean-Baptiste", "JB", "Jean-Baptiste"),
        ("", "Nicolas", "Nicolas"),
        ("Nicolas", "", "Nicolas"),
        ("Martin", "Martin", "Martin"),
    ],
)
def test_the_most_complete_name_wins(mine, theirs, kept):
    assert sv.most_complete(mine, theirs) == kept


@pytest.mark.parametrize(
    ("mine", "theirs", "kept"),
    [
        (("Frédéric", "Canevet"), ("CANEVET", "Frédéric"), ("Frédéric", "Canevet")),
        (("CANEVET", "Frédéric"), ("Fred", "Canevet"), ("Frédéric", "Canevet")),
        (("Fred", "CANEVET"), ("Frédéric", "Canevet"), ("Frédéric", "Canevet")),
        # Jean Martin and Martin Jean without capitals: the survivor's order stands.
        (("Jean", "Martin"), ("Martin", "Jean"), ("Jean", "Martin")),
    ],
)
def test_swapped_names_are_put_the_right_way_round(mine, theirs, kept):
    assert sv.names(mine, theirs) == kept


@pytest.mark.parametrize(
    ("mine", "theirs", "spellings", "kept"),
    [
        # A letter dropped: the longer spelling, in proper case when either form was.
        ("Tinchl", "TINCHAL", [], "Tinchal"),
        ("TINCHAL", "Tinchl", [], "Tinchal"),
        # A letter doubled: the spelling more of the merged records write wins.
        ("Forrdton", "Fordton", ["Fordton", "FORDTON", "Forrdton"], "Fordton"),
        ("FORDTON", "Forrdton", ["Fordton", "FORDTON", "Forrdton"], "Fordton"),
        # A real double letter dropped by one record: the majority keeps it.
        ("Courtwel", "Courtwell", ["Courtwell", "COURTWELL", "Courtwel"], "Courtwell"),
        # A doubled letter without a majority: a typo or a lost double, the survivor's stays.
        ("ROBINSON", "Robinsson", [], "Robinson"),
        ("Robinsson", "Robinson", [], "Robinsson"),
        ("DE LA FONTANE", "de la Fontaine", [], "de la Fontaine"),
        # Not a typo (a nickname, a short name): the most complete form, whatever the count.
        ("Fred", "Frédéric", ["Fred", "Fred", "Frédéric"], "Frédéric"),
        ("Jon", "Jo", ["Jo", "Jo", "Jon"], "Jon"),
    ],
)
def test_between_a_name_and_its_typo_the_better_written_wins(
    mine, theirs, spellings, kept
):
    votes = sv.name_votes(spellings) if spellings else None
    assert sv.most_complete(mine, theirs, votes) == kept


@pytest.mark.parametrize(
    ("mine", "theirs", "kept"),
    [
        (("MARCHAND", "Helene"), ("H.", "Marchand"), ("Helene", "Marchand")),
        (("Sophie", "Ierfon"), ("IERRFON", "Sophie"), ("Sophie", "Ierfon")),
        (("William", "Sonfonwood"), ("SONFONWOOD", "W."), ("William", "Sonfonwood")),
        (("Francois", "Tinchl"), ("François", "TINCHAL"), ("François", "Tinchal")),
        # Not one name (an address two people share): nothing changes.
        (("Jean", "Martin"), ("Marie", "Dupont"), ("Jean", "Martin")),
    ],
)
def test_an_import_takes_a_better_name_only_when_it_is_the_same_name(
    mine, theirs, kept
):
    votes = sv.name_votes((*mine, *theirs))
    assert sv.better_names(mine, theirs, votes) == kept


def test_sources_rank_typed_above_imported_above_signatures():
    assert sv.source_rank("manual", "web form") == 3
    assert sv.source_rank("self-update", "self-update link") == 3
    assert sv.source_rank("import", "contacts.csv") == 2
    assert sv.source_rank("import", "Inbox.mbox") == 1
    assert sv.source_rank("import", "imaps://me@mail.example/INBOX") == 1
    assert sv.source_rank("merge", "merge 3") == 0


def test_the_trusted_value_wins_then_the_newest_and_a_blank_never():
    typed_old, imported_new = sv.Trust(3, T0), sv.Trust(2, T1)
    assert sv.trusted_value("CTO", typed_old, "CEO", imported_new) == "CTO"
    assert sv.trusted_value("CTO", sv.Trust(3, T0), "CEO", sv.Trust(3, T1)) == "CEO"
    assert sv.trusted_value("", typed_old, "CEO", sv.Trust(1, T0)) == "CEO"
    assert sv.trusted_value("CTO", sv.Trust(1, T0), "", typed_old) == "CTO"


def test_status_and_work_addresses():
    assert sv.furthest_status("lead", "customer") == "customer"
    assert sv.furthest_status("partner", "prospect") == "partner"
    assert sv.is_work_address("f.canevet@sellsy.com")
    assert not sv.is_work_address("fcanevet@gmail.com")
    assert not sv.is_work_address("fred@orange.fr")


@pytest.fixture
def english():
    # A web test before this one may leave French active in this thread.
    with translation.override("en"):
        yield


def test_evidence_is_worded_with_its_params_and_survives_a_bad_template(english):
    sentence = {
        "detail": "%(short)s is a nickname of %(long)s.",
        "params": {"short": "Fred", "long": "Frédéric"},
    }
    assert evidence_text(sentence) == "Fred is a nickname of Frédéric."
    assert (
        evidence_text({"detail": "Same city (%(left)s).", "params": {}})
        == "Same city (%(left)s)."
    )
    assert (
        evidence_text({"detail": "%(missing)s here", "params": {"x": 1}})
        == "%(missing)s here"
    )
    assert weight_words(8.2) == "strongly for the same person"
    assert weight_words(-3) == "clearly against"
