"""An existing SQLite base upgrades to the word index with longer prefix indexes (migration
contacts 0008): the FTS5 table is created again and rebuilt, so the contacts indexed before the
upgrade are still found, by whole words and by the start of a word, afterwards."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from relais.contacts import selectors
from relais.contacts.selectors import ContactFilter

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="an SQLite (FTS5) migration"
    ),
]

BEFORE = "0007_freshness_and_lawful_basis"


def names(q: str) -> list[str]:
    return sorted(
        c.display_name for c in selectors.list_contacts(ContactFilter(q=q))[:50]
    )


def prefix_option() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'contacts_search_tokens'"
        )
        sql = cursor.fetchone()[0]
    return sql.split("prefix=")[1].strip("')")


def test_contacts_indexed_before_the_upgrade_are_found_after_it(make_contact):
    call_command("migrate", "contacts", BEFORE, verbosity=0)
    try:
        assert prefix_option() == "2 3"
        make_contact(
            first_name="Gwenaëlle",
            last_name="Kerhervé",
            emails=["gwen@boulangerie-tanguy.example"],
            organisation="Boulangerie Tanguy",
        )
        make_contact(first_name="Paul", last_name="Kerjean", city="Quimperlé")
        assert names("gwenaelle kerh") == ["Gwenaëlle Kerhervé"]
    finally:
        call_command("migrate", "contacts", verbosity=0)

    assert prefix_option() == "2 3 4 5 6 7 8 9 10 11 12"
    assert names("gwenaelle kerh") == ["Gwenaëlle Kerhervé"]
    assert names("boulang tang") == ["Gwenaëlle Kerhervé"]
    assert names("kerhe") == ["Gwenaëlle Kerhervé"]
    assert names("ker") == ["Gwenaëlle Kerhervé", "Paul Kerjean"]
    assert names("quimperl") == ["Paul Kerjean"]
    # The triggers still keep the recreated table in step.
    make_contact(first_name="Anne", last_name="Kerguelen")
    assert names("kerguel") == ["Anne Kerguelen"]
