"""Exports on a real database: the JSONL contract, CSV for spreadsheets, vCard round trip."""

from __future__ import annotations

import csv
import io
import json

import pytest
import vobject

from relais.contacts import export
from relais.contacts.export import CSV_COLUMNS, export_contacts
from relais.contacts.models import Contact
from relais.contacts.services import PointInput, Source, create_contact
from relais.core.errors import InvalidInput

# The JSONL contract (docs/export.md): every key, and the type of its value.
CONTRACT = {
    "id": int,
    "first_name": str,
    "last_name": str,
    "display_name": str,
    "organization": str,
    "title": str,
    "emails": list,
    "phones": list,
    "urls": list,
    "handles": list,
    "points": list,
    "city": str,
    "country": str,
    "language": str,
    "tags": list,
    "status": str,
    "owner": (str, type(None)),
    "provenance": list,
    "created_at": str,
    "updated_at": str,
}
POINT = {
    "id": int,
    "kind": str,
    "label": str,
    "value": str,
    "normalized": str,
    "primary": bool,
    "confirmed_at": (str, type(None)),
    "invalid_since": (str, type(None)),
}
PROVENANCE = {
    "file": str,
    "record": (int, type(None)),
    "kind": str,
    "batch": (int, type(None)),
    "fields": list,
    "points": list,
    "at": str,
}


@pytest.fixture
def people(db, member):
    def add(first: str, last: str, **kwargs):
        points = [PointInput(k, v, label) for k, v, label in kwargs.pop("points", [])]
        return create_contact(
            actor=None,
            source=Source(kind="import", name="Connections.csv", record=7),
            first_name=first,
            last_name=last,
            points=points,
            **kwargs,
        )

    return [
        add(
            "Hélène",
            "Lefèvre",
            organisation="Atelier Numérique SAS",
            title="Directrice, marketing",
            owner=member,
            tags=["VIP", "Salon; 2025"],
            city="Lyon",
            country="FR",
            language="fr",
            points=[
                ("email", "HELENE@Example.fr", "work"),
                ("phone", "06 12 34 56 78", "mobile"),
                ("linkedin", "fr.linkedin.com/in/Helene-L/", ""),
                ("mastodon", "@helene@mastodon.social", ""),
            ],
        ),
        add(
            "Siobhán",
            "O'Brien",
            organisation="O'Connell Engineering Ltd",
            status="archived",
            points=[
                ("email", "siobhan@oconnell.example", "home"),
                ("phone", "+44 20 7946 0123", "work"),
            ],
        ),
        add(
            "=cmd",
            "@SUM(A1)",
            organisation="+danger",
            points=[("url", "example.org/a,b", "")],
        ),
    ]


def _export(fmt: str) -> str:
    out = io.StringIO(newline="")
    export_contacts(fmt=fmt, out=out)
    return out.getvalue()


def _check(value, schema):
    assert set(value) >= set(schema), set(schema) - set(value)
    for key, kind in schema.items():
        assert isinstance(value[key], kind), (key, value[key])


def test_jsonl_follows_the_contract(people):
    lines = _export("jsonl").splitlines()
    assert len(lines) == len(people)  # archived contacts are exported too
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == sorted(c.pk for c in people)
    for r in records:
        _check(r, CONTRACT)
        for point in r["points"]:
            _check(point, POINT)
        for entry in r["provenance"]:
            _check(entry, PROVENANCE)
        assert all(
            isinstance(v, str)
            for key in ("emails", "phones", "urls", "tags")
            for v in r[key]
        )
    helene = records[0]
    assert helene["emails"] == ["helene@example.fr"]
    assert helene["phones"] == ["+33612345678"]
    assert helene["urls"] == ["https://www.linkedin.com/in/helene-l"]
    assert helene["handles"] == [
        {"kind": "mastodon", "value": "@helene@mastodon.social"}
    ]
    assert helene["provenance"][0]["file"] == "Connections.csv"
    assert helene["provenance"][0]["record"] == 7
    assert "Hélène" in lines[0]  # UTF-8 as is


def test_csv_opens_in_excel_and_resists_formula_injection(people):
    text = _export("csv")
    assert text.startswith("\ufeffid,display_name,")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    helene, siobhan, danger = rows
    assert helene["tags"] == "Salon; 2025; VIP"
    assert helene["organization"] == "Atelier Numérique SAS"
    assert helene["phones"] == "'+33612345678"
    assert helene["sources"] == "Connections.csv #7"
    assert siobhan["status"] == "archived" and siobhan["last_name"] == "O'Brien"
    assert danger["first_name"] == "'=cmd"
    assert danger["last_name"] == "'@SUM(A1)"
    assert danger["organization"] == "'+danger"


def test_vcard_round_trip_gives_back_the_contacts(people):
    text = _export("vcf")
    cards = list(vobject.readComponents(text))
    assert len(cards) == len(people)
    for card, contact in zip(cards, sorted(people, key=lambda c: c.pk), strict=True):
        contact = Contact.objects.get(pk=contact.pk)
        points = contact.points.all()
        assert card.version.value == "4.0"
        assert card.fn.value == contact.display_name
        assert (card.n.value.given, card.n.value.family) == (
            contact.first_name,
            contact.last_name,
        )
        assert card.org.value == [contact.organisation.name]
        if contact.title:
            assert card.title.value == contact.title
        emails = [p.normalized_value for p in points if p.kind == "email"]
        phones = [f"tel:{p.normalized_value}" for p in points if p.kind == "phone"]
        assert [e.value for e in card.contents.get("email", [])] == emails
        assert [t.value for t in card.contents.get("tel", [])] == phones
        tags = sorted(t.name for t in contact.tags.all())
        if tags:
            assert card.categories.value == tags


def test_export_streams_in_chunks_with_a_fixed_number_of_queries(
    people, monkeypatch, django_assert_num_queries, make_contact
):
    # One query reads the contacts; each chunk of them costs three prefetches (points, tags,
    # provenance), whatever the number of contacts in it.
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    with django_assert_num_queries(1 + 3 * 2):
        assert export_contacts(fmt="jsonl", out=io.StringIO()) == 3
    for i in range(3):
        make_contact(first_name=f"Extra {i}")
    monkeypatch.setattr(export, "CHUNK_SIZE", 100)
    with django_assert_num_queries(1 + 3):
        assert export_contacts(fmt="csv", out=io.StringIO()) == 6


def test_unknown_format_names_the_field(db):
    with pytest.raises(InvalidInput) as error:
        export_contacts(fmt="xml", out=io.StringIO())
    assert "format" in error.value.errors
