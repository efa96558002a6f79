"""Search relevance on a real database (SQLite FTS5 or PostgreSQL pg_trgm): what a user types
in the search box, the API ``?q=`` or ``relais contacts search`` finds, and in which order."""

from __future__ import annotations

import importlib.util

import pytest

from relais.contacts import selectors, services
from relais.contacts.selectors import ContactFilter
from relais.timeline.services import log_interaction

pytestmark = pytest.mark.django_db


def names(q: str, **filters) -> list[str]:
    return [
        c.display_name
        for c in selectors.list_contacts(ContactFilter(q=q, **filters))[:50]
    ]


@pytest.fixture
def people(make_contact, admin):
    made = {
        "helene": make_contact(
            first_name="Hélène",
            last_name="Lefèvre",
            emails=["helene.lefevre@exemple.fr"],
            phones=["06 12 34 56 78"],
            organisation="Société Générale",
            title="Directrice financière",
            city="Lyon",
        ),
        "canevet": make_contact(
            first_name="Yann",
            last_name="Canevet",
            emails=["yann@breizh.example"],
            phones=["+33 2 98 76 54 32"],
            city="Brest",
            tags=["Armor"],
        ),
        "frederic": make_contact(
            first_name="Frédéric",
            last_name="Ørsted",
            emails=["f.orsted@nordic.example"],
            organisation="Nordic Wind",
        ),
        "john": make_contact(
            first_name="John",
            last_name="O'Brien",
            emails=["john.obrien@acme.example"],
            phones=["+1 (415) 555-0142"],
            organisation="ACME Corp",
            city="San Francisco",
        ),
        "marie": make_contact(
            first_name="Marie",
            last_name="Lefebvre-Martin",
            emails=["marie@lyon-conseil.example"],
            city="Lyon",
        ),
        "martine": make_contact(
            first_name="Martine", last_name="Dupont", organisation="Martin & Fils"
        ),
        "martin": make_contact(first_name="Paul", last_name="Martin"),
    }
    services.add_note(
        actor=admin,
        contact=made["john"],
        body="Met at the Web Summit, interested in the Lisbon office",
    )
    log_interaction(
        actor=admin,
        channel="email",
        direction="in",
        contacts=[made["marie"]],
        subject="Devis chantier Villeurbanne",
    )
    return made


def test_accents_and_case_do_not_matter(people):
    assert names("helene") == ["Hélène Lefèvre"]
    assert names("LEFEVRE") == ["Hélène Lefèvre"]
    assert names("Hélène LEFÈVRE") == ["Hélène Lefèvre"]
    assert names("orsted") == ["Frédéric Ørsted"]
    assert names("societe generale") == ["Hélène Lefèvre"]


def test_typos_are_forgiven_when_nothing_matches_exactly(people):
    assert names("Canevat") == ["Yann Canevet"]
    assert names("yann canevett") == ["Yann Canevet"]
    # One transposition away from Lefebvre, one letter away from Lefèvre: both are offered.
    assert sorted(names("Lefevbre")) == ["Hélène Lefèvre", "Marie Lefebvre-Martin"]
    # A word that matches exactly is never widened to its neighbours.
    assert "Yann Canevet" not in names("Martin")


def test_phone_fragments_in_any_format(people):
    for typed in (
        "06 12 34",
        "612 34",
        "0612345678",
        "+33 6 12 34 56 78",
        "06.12.34.56",
    ):
        assert names(typed) == ["Hélène Lefèvre"], typed
    assert names("415 555") == ["John O'Brien"]
    assert names("98 76 54") == ["Yann Canevet"]


def test_emails_whole_or_in_part(people):
    assert names("helene.lefevre@exemple.fr") == ["Hélène Lefèvre"]
    assert names("HELENE.LEFEVRE@EXEMPLE.FR") == ["Hélène Lefèvre"]
    assert names("@acme.example") == ["John O'Brien"]
    assert names("breizh") == ["Yann Canevet"]


def test_organisation_title_city_tags(people):
    assert names("nordic wind") == ["Frédéric Ørsted"]
    assert names("acme") == ["John O'Brien"]
    assert names("directrice") == ["Hélène Lefèvre"]
    assert names("brest") == ["Yann Canevet"]
    assert names("armor") == ["Yann Canevet"]
    assert sorted(names("lyon")) == ["Hélène Lefèvre", "Marie Lefebvre-Martin"]


def test_notes_and_interaction_subjects(people, admin):
    assert names("lisbon") == ["John O'Brien"]
    assert names("villeurbanne") == ["Marie Lefebvre-Martin"]
    note = services.add_note(
        actor=admin, contact=people["canevet"], body="Parle du salon de Quimper"
    )
    assert names("quimper") == ["Yann Canevet"]
    services.delete_note(actor=admin, note=note)
    assert names("quimper") == []


def test_index_follows_edits(people, admin):
    services.update_contact(
        actor=admin, contact=people["martin"], changes={"last_name": "Kerjean"}
    )
    assert names("kerjean") == ["Paul Kerjean"]
    assert "Paul Kerjean" not in names("martin")
    services.add_tags(actor=admin, contact=people["martin"], names=["Salon Rennes"])
    assert names("rennes") == ["Paul Kerjean"]


def test_short_words(people):
    assert "Yann Canevet" in names("ya")
    assert names("yann c") == ["Yann Canevet"]


def test_ranking_exact_email_then_names_then_the_rest(people, make_contact):
    lyon_person = make_contact(
        first_name="Claire", last_name="Lyon", emails=["claire@example.org"]
    )
    assert lyon_person
    # A name first, then the ones found elsewhere (city, email domain).
    found = names("lyon")
    assert found[0] == "Claire Lyon"
    assert sorted(found[1:]) == ["Hélène Lefèvre", "Marie Lefebvre-Martin"]
    # A whole email outranks names containing the words.
    make_contact(
        first_name="Zoé",
        last_name="Zeller",
        emails=["paul.martin@example.org"],
    )
    assert names("paul.martin@example.org")[0] == "Zoé Zeller"
    # Whole name words (parts of a hyphenated name count), then name prefixes, then
    # elsewhere (an organisation, an email).
    make_contact(first_name="Luc", last_name="Roux", organisation="Martin Conseil")
    found = names("martin")
    assert found[:3] == ["Marie Lefebvre-Martin", "Paul Martin", "Martine Dupont"]
    assert sorted(found[3:]) == ["Luc Roux", "Zoé Zeller"]
    # Several words: the names first here too, then the organisation and the email holding
    # the words, by name.
    make_contact(first_name="Anne", last_name="Abadie", organisation="Paul Martin SA")
    for typed in ("paul martin", "pau mart"):
        assert names(typed) == ["Paul Martin", "Anne Abadie", "Zoé Zeller"], typed
    # Inside a word: found when no word starts with what was typed.
    make_contact(first_name="Jean", last_name="Desmartins", city="Nantes")
    assert names("smartin") == ["Jean Desmartins"]


def test_filters_combine_with_search_and_archived_are_left_out(people, admin):
    services.update_contact(
        actor=admin, contact=people["marie"], changes={"status": "archived"}
    )
    assert names("lyon") == ["Hélène Lefèvre"]
    assert sorted(names("lyon", include_archived=True)) == [
        "Hélène Lefèvre",
        "Marie Lefebvre-Martin",
    ]
    assert names("lyon", status="customer") == []


def test_results_are_paginated_in_a_stable_order(make_contact):
    for i in range(30):
        make_contact(first_name=f"Anne{i:02d}", last_name="Dubois")
    everyone = names("dubois")
    qs = selectors.list_contacts(ContactFilter(q="dubois"))
    pages = [c.display_name for c in qs[:10]] + [c.display_name for c in qs[10:30]]
    assert pages == everyone[:30]
    assert qs.count() == 30


@pytest.mark.skipif(
    importlib.util.find_spec("relais.names.nicknames") is None,
    reason="the nickname table (relais.names.nicknames) is not there yet",
)
def test_nicknames_find_the_full_first_name(make_contact):
    make_contact(first_name="Robert", last_name="Lambert")
    make_contact(first_name="William", last_name="Turner")
    assert names("Bob Lambert") == ["Robert Lambert"]
    assert names("bill turner") == ["William Turner"]


def test_reindex_rebuilds_the_whole_index(people):
    from relais.contacts.models import ContactSearch
    from relais.contacts.search.index import rebuild_index

    ContactSearch.objects.all().delete()
    assert names("helene") == []
    assert rebuild_index() == 7
    assert names("helene") == ["Hélène Lefèvre"]
    assert names("Canevat") == ["Yann Canevet"]
