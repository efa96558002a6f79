"""Web UI: the contact list — search as you type, filters, pages, empty states, escaping."""

from __future__ import annotations

import pytest
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


def test_empty_workspace_invites_to_add_a_contact(signed_in: Client) -> None:
    body = signed_in.get("/contacts/").content.decode()
    assert "No contacts yet" in body
    assert 'href="/contacts/new/"' in body


def test_list_shows_contacts_with_their_details(
    signed_in: Client, make_contact, member
) -> None:
    make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        title="Directrice",
        organisation="Maison Verdier",
        emails=["helene@verdier.fr"],
        phones=["06 12 34 56 78"],
        tags=["VIP"],
        owner=member,
        status="customer",
    )
    body = signed_in.get("/contacts/").content.decode()
    assert "Hélène Lefèvre" in body
    assert "Directrice · Maison Verdier" in body
    assert "helene@verdier.fr" in body
    assert "+33 6 12 34 56 78" in body
    assert 'class="badge badge-customer">Customer<' in body
    assert ">VIP<" in body
    assert "1 contact" in body


def test_search_is_accent_and_case_insensitive(signed_in: Client, make_contact) -> None:
    make_contact(first_name="Hélène", last_name="Lefèvre")
    make_contact(first_name="Paul", last_name="Girard")
    body = signed_in.get("/contacts/", {"q": "helene LEFEVRE"}).content.decode()
    assert "Hélène Lefèvre" in body and "Paul Girard" not in body


def test_htmx_search_returns_only_the_results(signed_in: Client, make_contact) -> None:
    make_contact(first_name="Hélène", last_name="Lefèvre")
    response = signed_in.get("/contacts/", {"q": "hel"}, **HTMX)
    body = response.content.decode()
    assert body.startswith('<section id="results"')
    assert "<html" not in body and "Hélène Lefèvre" in body
    assert "HX-Request" in response["Vary"]


def test_search_box_is_wired_for_search_as_you_type(signed_in: Client) -> None:
    body = signed_in.get("/contacts/").content.decode()
    assert (
        'hx-get="/contacts/"' in body
        and 'hx-push-url="true"' in body
        and "delay:300ms" in body
    )
    assert 'hx-target="#results"' in body


def test_no_match_explains_and_offers_to_clear(signed_in: Client, make_contact) -> None:
    make_contact(first_name="Paul", last_name="Girard")
    body = signed_in.get("/contacts/", {"q": "zzz"}).content.decode()
    assert "No contact matches" in body and "Clear filters" in body
    assert "No contacts yet" not in body


def test_filter_by_tag_status_and_owner(
    signed_in: Client, make_contact, member, admin
) -> None:
    make_contact(
        first_name="Ann", last_name="Tagged", tags=["Salon 2026"], owner=member
    )
    make_contact(first_name="Bob", last_name="Customer", status="customer", owner=admin)
    make_contact(first_name="Cid", last_name="Nobody")
    make_contact(first_name="Dan", last_name="Archived", status="archived")

    def names(**params: str) -> set[str]:
        body = signed_in.get("/contacts/", params).content.decode()
        return {
            n
            for n in ("Ann Tagged", "Bob Customer", "Cid Nobody", "Dan Archived")
            if n in body
        }

    assert names() == {"Ann Tagged", "Bob Customer", "Cid Nobody"}
    assert names(tag="salon 2026") == {"Ann Tagged"}
    assert names(status="customer") == {"Bob Customer"}
    assert names(status="archived") == {"Dan Archived"}
    assert names(owner="me") == {"Ann Tagged"}
    assert names(owner=str(admin.pk)) == {"Bob Customer"}
    assert names(owner="none") == {"Cid Nobody"}
    assert names(owner="not-a-user") == {"Ann Tagged", "Bob Customer", "Cid Nobody"}


def test_filter_choices_list_tags_statuses_and_people(
    signed_in: Client, make_contact
) -> None:
    make_contact(first_name="Ann", tags=["Salon 2026"])
    body = signed_in.get("/contacts/").content.decode()
    assert '<option value="Salon 2026">Salon 2026</option>' in body
    assert '<option value="prospect">Prospect</option>' in body
    assert "Marc Membre" in body


def test_fifty_contacts_per_page(signed_in: Client, make_contact) -> None:
    for i in range(53):
        make_contact(first_name="Person", last_name=f"N{i:03d}")
    first = signed_in.get("/contacts/").content.decode()
    assert first.count('class="person"') == 50
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = signed_in.get("/contacts/", {"page": "2"}).content.decode()
    assert second.count('class="person"') == 3
    # A page number out of range shows the last page rather than an error.
    assert signed_in.get("/contacts/", {"page": "99"}).status_code == 200


def test_pagination_keeps_the_search(signed_in: Client, make_contact) -> None:
    for i in range(51):
        make_contact(first_name="Zoé", last_name=f"N{i:03d}")
    body = signed_in.get("/contacts/", {"q": "zoe"}).content.decode()
    assert 'href="?q=zoe&amp;page=2"' in body


def test_names_are_escaped(signed_in: Client, make_contact) -> None:
    make_contact(
        first_name="<script>alert(1)</script>", organisation="<b>Evil</b> & Co"
    )
    body = signed_in.get("/contacts/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>Evil</b>" not in body


def test_reader_sees_no_new_contact_button(
    client: Client, reader, make_contact
) -> None:
    client.force_login(reader)
    body = client.get("/contacts/").content.decode()
    assert "/contacts/new/" not in body


def test_emails_show_clean_in_the_list_whatever_was_typed(client, member, make_contact):
    make_contact(
        first_name="Frédéric", last_name="Fabre", emails=["<Frederic@Neoplume.example>"]
    )
    client.force_login(member)
    html = client.get("/contacts/").content.decode()
    assert "frederic@neoplume.example" in html
    assert "&lt;Frederic@Neoplume.example&gt;" not in html
