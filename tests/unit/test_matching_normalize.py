"""Normalisation for matching: names however they are written, organisations, addresses."""

from __future__ import annotations

import pytest

from relais.matching.normalize import (
    canonical_email,
    email_domain_organisation,
    email_local_key,
    is_free_mail,
    jaro_winkler,
    name_signatures,
    organisation_match_key,
    person_name,
    split_name,
    surname_keys,
)
from relais.names.nicknames import (
    GROUPS,
    are_nicknames,
    block_key,
    first_name_variants,
)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Frédéric", "Canevet"),
        ("FREDERIC", "CANEVET"),
        ("frederic", "canevet"),
        ("CANEVET", "Frédéric"),  # surname in capitals first, in the first-name field
        ("", "CANEVET Frédéric"),  # the whole name in the surname field
        ("Frédéric CANEVET", ""),  # the whole name in the first-name field
        ("CANEVET Frédéric", ""),
    ],
)
def test_every_way_of_writing_a_name_reads_the_same(first, last):
    name = person_name(first, last)
    assert (name.first, name.last) == ("frederic", "canevet")


def test_a_capitalised_first_name_is_not_mistaken_for_a_surname():
    assert split_name("LÉA", "Dubois") == ("LÉA", "Dubois")
    assert split_name("MARTIN", "Léa") == ("Léa", "MARTIN")


def test_an_initial_in_the_surname_field_is_the_first_name():
    """'CHEVALIER M.' from an export, whose capitals the import may have changed."""
    assert split_name("Chevalier", "M.") == ("M.", "Chevalier")
    assert split_name("CHEVALIER", "M.") == ("M.", "CHEVALIER")
    assert split_name("Dupont", "J.-B.") == ("J.-B.", "Dupont")
    # A first name with its surname shortened stays as written.
    assert split_name("Jean", "M.") == ("Jean", "M.")


def test_accents_and_transliteration_fold_away():
    assert person_name("Hélène", "Lefèvre") == person_name("HELENE", "LEFEVRE")
    assert person_name("Siobhán", "Nguyễn").last == "nguyen"


def test_particles_are_glued_and_also_dropped():
    assert surname_keys("de la Fontaine") == ("delafontaine", "fontaine")
    assert surname_keys("Delafontaine") == ("delafontaine", "delafontaine")
    assert surname_keys("Le Goff")[0] == surname_keys("LEGOFF")[0] == "legoff"
    assert surname_keys("O’Brien")[0] == surname_keys("O'Brien")[0] == "obrien"
    assert surname_keys("van der Berg") == ("vanderberg", "berg")
    assert surname_keys("d'Arcy") == ("darcy", "arcy")


def test_compound_first_names_and_initials():
    jean_baptiste = person_name("Jean-Baptiste", "Poquelin")
    assert jean_baptiste.first == "jean baptiste" and jean_baptiste.initials == "jb"
    initials = person_name("J.-B.", "Poquelin")
    assert initials.is_initial and initials.first == "jb"
    single = person_name("F.", "Canevet")
    assert single.is_initial and single.initials == "f"
    assert not person_name("Frédéric", "Canevet").is_initial


def test_gmail_dots_and_plus_tags_reach_one_mailbox():
    assert canonical_email("Fred.Canevet+crm@GMail.com") == "fredcanevet@gmail.com"
    assert canonical_email("fredcanevet@googlemail.com") == "fredcanevet@gmail.com"
    # Dots matter elsewhere; tags are dropped everywhere.
    assert canonical_email("fred.canevet+news@sellsy.com") == "fred.canevet@sellsy.com"


def test_local_parts_and_what_a_name_makes_of_them():
    assert email_local_key("Fred.Canevet+x@sellsy.com") == "fredcanevet"
    name = person_name("Frédéric", "Canevet")
    signatures = name_signatures(name, first_name_variants("Frédéric"))
    for address in (
        "fcanevet@sellsy.com",
        "frederic.canevet@sellsy.com",
        "f.canevet@sellsy.com",
        "fred.canevet@gmail.com",
        "canevet.frederic@orange.fr",
    ):
        assert email_local_key(address) in signatures, address
    assert email_local_key("contact@sellsy.com") not in signatures


def test_company_domains_name_the_organisation_free_mail_does_not():
    assert email_domain_organisation("f.canevet@sellsy.com") == "sellsy"
    assert email_domain_organisation("j.smith@globex.co.uk") == "globex"
    assert email_domain_organisation("fred@gmail.com") == ""
    assert email_domain_organisation("fred@orange.fr") == ""
    assert is_free_mail("x@wanadoo.fr") and not is_free_mail("x@sellsy.com")


def test_organisation_keys_ignore_legal_forms_case_and_and():
    keys = {
        organisation_match_key(n)
        for n in ("SELLSY S.A.S.", "Sellsy SAS", "sellsy", "Sellsy, Inc.")
    }
    assert keys == {"sellsy"}
    assert organisation_match_key("Dupont & Fils") == organisation_match_key(
        "Dupont et Fils SARL"
    )
    assert organisation_match_key("Globex Ltd") == organisation_match_key("GLOBEX LLC")
    assert organisation_match_key("") == ""


def test_jaro_winkler_gives_duckdbs_values():
    duckdb = pytest.importorskip("duckdb")
    pairs = [("martha", "marhta"), ("dixon", "dicksonx"), ("canevet", "canevert")]
    pairs += [("jean", "jena"), ("ab", "ba"), ("frederic", "fred"), ("x", "")]
    con = duckdb.connect()
    for a, b in pairs:
        (expected,) = con.execute(
            "SELECT jaro_winkler_similarity(?, ?)", [a, b]
        ).fetchall()[0]
        assert jaro_winkler(a, b) == pytest.approx(expected), (a, b)


# --- nicknames -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Fred", "Frédéric"),
        ("Fred", "Frederick"),
        ("Alex", "Alexandre"),
        ("Alex", "Alexandra"),
        ("Alex", "Alexander"),
        ("Bob", "Robert"),
        ("Rob", "Robert"),
        ("Bobby", "Robert"),
        ("Kate", "Katherine"),
        ("Katie", "Catherine"),
        ("Kathy", "Katherine"),
        ("Nico", "Nicolas"),
        ("Seb", "Sébastien"),
        ("Manu", "Emmanuel"),
        ("Steph", "Stéphane"),
        ("Steph", "Stéphanie"),
        ("Bill", "William"),
        ("Will", "William"),
        ("Jim", "James"),
        ("Mike", "Michael"),
        ("Chris", "Christophe"),
        ("Dan", "Daniel"),
        ("Dave", "David"),
        ("Tom", "Thomas"),
        ("Tony", "Anthony"),
        ("Nick", "Nicholas"),
        ("Liz", "Elizabeth"),
        ("Beth", "Elisabeth"),
        ("Peggy", "Margaret"),
        ("Jeff", "Geoffrey"),
        ("Greg", "Grégoire"),
        ("Ben", "Benjamin"),
        ("Sam", "Samuel"),
        ("Max", "Maxime"),
        ("Flo", "Florence"),
        ("Caro", "Caroline"),
        ("Val", "Valérie"),
        ("Isa", "Isabelle"),
        ("Gégé", "Gérard"),
        ("Dom", "Dominique"),
        ("Pat", "Patrick"),
        ("Matt", "Matthieu"),
        ("Mat", "Mathieu"),
        ("JB", "Jean-Baptiste"),
        ("Jean Baptiste", "Jean-Baptiste"),
    ],
)
def test_nicknames_find_the_full_name(short, long):
    folded_long = " ".join(long.lower().replace("-", " ").split())
    from relais.core.text import fold

    assert fold(folded_long) in first_name_variants(short)
    assert fold(short.replace("-", " ")).lower() in first_name_variants(long) or (
        short.replace(" ", "-") == long
    )


def test_the_table_is_ours_and_large():
    assert len(GROUPS) >= 150
    assert all(name == name.lower() and name.isascii() for g in GROUPS for name in g)


def test_variants_of_unknown_and_empty_names():
    assert first_name_variants("Zéphyrin") == frozenset({"zephyrin"})
    assert first_name_variants("") == frozenset()


def test_nicknames_are_not_any_two_names():
    assert are_nicknames("fred", "frederic")
    assert not are_nicknames("eric", "frederic")
    assert not are_nicknames("jean", "marie")
    assert not are_nicknames("fred", "fred")


def test_names_that_may_be_one_share_a_blocking_key():
    assert block_key("katie") == block_key("katherine") == block_key("catherine")
    assert block_key("fred") == block_key("frederic")
    assert block_key("zephyrin") == "zephyrin"
