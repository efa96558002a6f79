"""Web UI: creating and editing a contact, with errors shown next to the right field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from relais.contacts.models import Contact, Provenance


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "display_name": "",
        "title": "Directrice",
        "organisation": "Maison Verdier",
        "city": "Lyon",
        "country": "fr",
        "language": "fr",
        "status": "prospect",
        "owner": "",
        "tags": "VIP, Salon 2026",
        "email-value": ["helene@verdier.fr", "h.lefevre@gmail.com"],
        "email-label": ["work", "home"],
        "email-id": ["", ""],
        "phone-value": ["06 12 34 56 78"],
        "phone-label": ["mobile"],
        "phone-id": [""],
    }
    data.update(overrides)
    return data


def test_new_contact_form_renders(signed_in: Client) -> None:
    body = signed_in.get("/contacts/new/").content.decode()
    for name in (
        "first_name",
        "last_name",
        "display_name",
        "title",
        "organisation",
        "city",
        "country",
        "language",
        "status",
        "owner",
        "tags",
        "email-value",
        "phone-value",
    ):
        assert f'name="{name}"' in body, name
    assert 'hx-get="/contacts/point-row/?kind=email"' in body


def test_create_contact(signed_in: Client, member) -> None:
    response = signed_in.post("/contacts/new/", form_data(owner=str(member.pk)))
    contact = Contact.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/contacts/{contact.pk}/?new=1"
    )
    assert contact.display_name == "Hélène Lefèvre"
    assert (contact.country, contact.language, contact.status, contact.owner) == (
        "FR",
        "fr",
        "prospect",
        member,
    )
    assert (
        contact.organisation is not None
        and contact.organisation.name == "Maison Verdier"
    )
    points = {
        (p.kind, p.normalized_value, p.label, p.is_primary)
        for p in contact.points.all()
    }
    assert points == {
        ("email", "helene@verdier.fr", "work", True),
        ("email", "h.lefevre@gmail.com", "home", False),
        ("phone", "+33612345678", "mobile", True),
    }
    assert sorted(t.name for t in contact.tags.all()) == ["Salon 2026", "VIP"]
    provenance = contact.provenance.first()
    assert provenance is not None
    assert (provenance.source_kind, provenance.source_name, provenance.recorded_by) == (
        Provenance.SourceKind.MANUAL,
        "web form",
        member,
    )
    page = signed_in.get(response["Location"]).content.decode()
    assert "Hélène Lefèvre was added to your contacts." in page


def test_field_errors_are_shown_next_to_each_field(signed_in: Client) -> None:
    response = signed_in.post(
        "/contacts/new/",
        form_data(
            country="France",
            **{
                "email-value": ["not-an-email"],
                "email-label": [""],
                "email-id": [""],
                "phone-value": ["12"],
                "phone-label": [""],
                "phone-id": [""],
            },
        ),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert Contact.objects.count() == 0
    assert "Some fields need your attention." in body
    assert "Use a two-letter country code such as FR or BE." in body
    assert "This is not a valid email address." in body
    assert "This is not a valid phone number." in body
    # What was typed is kept.
    assert 'value="not-an-email"' in body and 'value="Hélène"' in body


def test_service_errors_come_back_on_the_form(signed_in: Client) -> None:
    empty = {
        k: ""
        for k in (
            "first_name",
            "last_name",
            "display_name",
            "title",
            "organisation",
            "city",
            "country",
            "language",
            "owner",
            "tags",
        )
    }
    response = signed_in.post(
        "/contacts/new/",
        form_data(**empty, **{"email-value": [""], "phone-value": [""]}),
    )
    assert response.status_code == 400
    assert (
        "Give at least a name, an organisation or a way to reach the person."
        in response.content.decode()
    )


def test_too_long_field_is_refused_by_the_form(signed_in: Client) -> None:
    response = signed_in.post("/contacts/new/", form_data(title="x" * 301))
    assert response.status_code == 400
    assert "Ensure this value has at most 300 characters" in response.content.decode()


def test_point_row_fragment(signed_in: Client) -> None:
    body = signed_in.get("/contacts/point-row/", {"kind": "phone"}).content.decode()
    assert 'name="phone-value"' in body and 'type="tel"' in body and "<html" not in body


@pytest.fixture
def helene(make_contact, member) -> Contact:
    return make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        organisation="Maison Verdier",
        emails=["helene@verdier.fr", "old@verdier.fr"],
        phones=["06 12 34 56 78"],
        tags=["VIP"],
        actor=member,
    )


def test_edit_form_is_filled_in(signed_in: Client, helene: Contact) -> None:
    body = signed_in.get(f"/contacts/{helene.pk}/edit/").content.decode()
    assert (
        'value="Hélène"' in body
        and 'value="Maison Verdier"' in body
        and 'value="VIP"' in body
    )
    assert 'value="helene@verdier.fr"' in body and 'value="old@verdier.fr"' in body
    assert 'value="06 12 34 56 78"' in body


def test_edit_contact(signed_in: Client, helene: Contact, member) -> None:
    keep = helene.points.get(normalized_value="helene@verdier.fr")
    phone = helene.points.get(kind="phone")
    response = signed_in.post(
        f"/contacts/{helene.pk}/edit/",
        form_data(
            title="Directrice générale",
            tags="VIP, Wine",
            status="customer",
            **{
                "email-value": ["helene@verdier.fr"],
                "email-label": ["work"],
                "email-id": [str(keep.pk)],
                "phone-value": ["06 12 34 56 79", "+44 20 7946 0958"],
                "phone-label": ["mobile", "work"],
                "phone-id": [str(phone.pk), ""],
            },
        ),
    )
    assert response.status_code == 302
    helene.refresh_from_db()
    assert (helene.title, helene.status) == ("Directrice générale", "customer")
    assert sorted(p.normalized_value for p in helene.points.all()) == [
        "+33612345679",
        "+442079460958",
        "helene@verdier.fr",
    ]
    assert (
        helene.points.get(pk=phone.pk).normalized_value == "+33612345679"
    )  # edited in place
    assert sorted(t.name for t in helene.tags.all()) == ["VIP", "Wine"]
    assert helene.provenance.filter(source_name="web form", recorded_by=member).exists()


def test_edit_with_a_bad_phone_saves_nothing(
    signed_in: Client, helene: Contact
) -> None:
    response = signed_in.post(
        f"/contacts/{helene.pk}/edit/",
        form_data(
            title="Changed",
            **{
                "email-value": [""],
                "phone-value": ["not a phone"],
                "phone-label": [""],
                "phone-id": [""],
            },
        ),
    )
    assert response.status_code == 400
    helene.refresh_from_db()
    assert helene.title == "" and helene.points.count() == 3


def test_reader_cannot_create_or_edit(client: Client, reader, helene: Contact) -> None:
    client.force_login(reader)
    for url in ("/contacts/new/", f"/contacts/{helene.pk}/edit/"):
        assert client.get(url).status_code == 403
        response = client.post(url, form_data())
        assert response.status_code == 403
        assert "Your role is read-only" in response.content.decode()
    assert Contact.objects.count() == 1
