"""REST API on contacts: what the API adds to the services (status codes, shapes, filters, paging)."""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import pytest

from .api_fixtures import Api, bearer

pytestmark = pytest.mark.django_db


def create(api: Api, **body) -> dict:
    response = api.post("/contacts", body)
    assert response.status_code == 201, response.json()
    return response.json()


def test_acceptance_helene_is_normalised_on_the_way_in(api: Api) -> None:
    response = api.post(
        "/contacts",
        {
            "first_name": "Hélène",
            "last_name": "Lefèvre",
            "emails": ["HELENE@Example.fr"],
            "phones": ["06 12 34 56 78"],
        },
    )

    assert response.status_code == 201
    helene = response.json()
    assert helene["display_name"] == "Hélène Lefèvre"
    assert helene["emails"] == ["helene@example.fr"]
    assert helene["phones"] == ["+33612345678"]
    assert [p["file"] for p in helene["provenance"]] == ["API"]
    assert helene.pop("possible_duplicates") == []  # the base was empty
    assert api.get(f"/contacts/{helene['id']}").json() == helene


def test_create_takes_organisation_points_tags_and_owner_by_email(
    api: Api, member
) -> None:
    contact = create(
        api,
        first_name="Jean",
        last_name="Dupont",
        organization="Sellsy SAS",
        title="CTO",
        country="fr",
        owner=member.email,
        urls=["sellsy.com/"],
        points=[
            {
                "kind": "linkedin",
                "value": "fr.linkedin.com/in/Jean-Dupont/?trk=x",
                "label": "Work",
            }
        ],
        tags=["VIP", "salon 2024"],
    )

    assert contact["organization"] == "Sellsy SAS"
    assert contact["organisation_id"] is not None
    assert contact["country"] == "FR"
    assert (contact["owner"], contact["owner_id"]) == (member.email, member.pk)
    assert sorted(contact["urls"]) == [
        "https://sellsy.com",
        "https://www.linkedin.com/in/jean-dupont",
    ]
    assert sorted(contact["tags"], key=str.lower) == ["salon 2024", "VIP"]
    assert {p["kind"]: p["label"] for p in contact["points"]}["linkedin"] == "work"


def test_invalid_values_come_back_with_a_message_per_field(api: Api) -> None:
    response = api.post(
        "/contacts",
        {"first_name": "Paul", "phones": ["not a phone"], "emails": ["paul@"]},
    )

    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"phone", "email"}
    assert "not a phone" in body["errors"]["phone"]
    assert body["detail"]
    assert api.post("/contacts", {"first_name": "Paul", "country": "France"}).json()[
        "errors"
    ] == {"country": "'France' is not a two-letter country code such as FR or GB."}


def test_request_validation_errors_name_the_field_and_where_it_was(api: Api) -> None:
    response = api.post(
        "/contacts",
        {"first_name": "Paul", "status": "vip", "emails": "a@b.fr", "nickname": "P"},
    )

    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"status", "emails", "nickname"}
    assert body["locations"] == {"status": "body", "emails": "body", "nickname": "body"}

    response = api.get("/contacts", limit=0)
    assert response.status_code == 422
    assert response.json()["locations"] == {"limit": "query"}


def test_an_unknown_owner_is_an_input_error_not_a_missing_page(api: Api) -> None:
    response = api.post("/contacts", {"first_name": "Paul", "owner": 999_999})

    assert response.status_code == 422
    assert response.json()["errors"] == {"owner": "No user with id 999999."}
    wrong_type = api.post("/contacts", {"first_name": "Paul", "owner": True}).json()
    assert wrong_type["errors"] == {
        "owner": "Give a user id (an integer) or an email address."
    }


def test_patch_changes_only_what_is_sent(api: Api, admin) -> None:
    contact = create(
        api, first_name="Jean", last_name="Dupont", title="CTO", organization="Acme"
    )

    response = api.patch(
        f"/contacts/{contact['id']}",
        {
            "last_name": "Durand",
            "organisation": "Globex",
            "owner": admin.pk,
            "status": "customer",
        },
    )

    assert response.status_code == 200
    changed = response.json()
    assert changed["display_name"] == "Jean Durand"
    assert changed["title"] == "CTO"
    assert changed["organization"] == "Globex"
    assert (changed["owner_id"], changed["status"]) == (admin.pk, "customer")

    cleared = api.patch(
        f"/contacts/{contact['id']}", {"owner": None, "title": None}
    ).json()
    assert (cleared["owner"], cleared["title"]) == (None, "")


def test_delete_then_read_is_404(api: Api) -> None:
    contact = create(api, first_name="Jean")

    assert api.delete(f"/contacts/{contact['id']}").status_code == 204
    response = api.get(f"/contacts/{contact['id']}")
    assert response.status_code == 404
    assert "No contact" in response.json()["detail"]


def test_list_filters(api: Api, make_contact, member, admin) -> None:
    acme = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        organisation="Acme",
        owner=member,
        tags=["VIP"],
    )
    make_contact(first_name="Paul", last_name="Martin", status="customer", owner=admin)
    make_contact(first_name="Zoé", last_name="Ancienne", status="archived")

    def names(**params) -> list[str]:
        response = api.get("/contacts", **params)
        assert response.status_code == 200, response.json()
        return [c["display_name"] for c in response.json()["items"]]

    assert names() == ["Hélène Lefèvre", "Paul Martin"]
    assert names(include_archived=True) == [
        "Zoé Ancienne",
        "Hélène Lefèvre",
        "Paul Martin",
    ]
    assert names(q="helene LEFEVRE") == ["Hélène Lefèvre"]
    assert names(status="customer") == ["Paul Martin"]
    assert names(status="archived") == ["Zoé Ancienne"]
    assert names(tag="vip") == ["Hélène Lefèvre"]
    assert names(owner=admin.pk) == ["Paul Martin"]
    assert names(unassigned=True, include_archived=True) == ["Zoé Ancienne"]
    assert names(organisation=acme.organisation_id) == ["Hélène Lefèvre"]


def test_pagination_gives_a_page_and_the_total(api: Api, make_contact) -> None:
    for i in range(5):
        make_contact(first_name="Person", last_name=f"N{i}")

    page = api.get("/contacts", limit=2, offset=2).json()

    assert page["count"] == 5
    assert [c["last_name"] for c in page["items"]] == ["N2", "N3"]
    assert api.get("/contacts", limit=201).status_code == 422


def test_points_nested_and_top_level(api: Api) -> None:
    contact = create(api, first_name="Jean", emails=["jean@acme.fr"])

    added = api.post(
        f"/contacts/{contact['id']}/points",
        {"kind": "phone", "value": "06 12 34 56 78"},
    )
    assert added.status_code == 201
    point = added.json()
    assert (point["normalized"], point["contact_id"], point["primary"]) == (
        "+33612345678",
        contact["id"],
        True,
    )

    listed = api.get(f"/contacts/{contact['id']}/points").json()
    assert listed["count"] == 2
    assert (
        api.patch(
            f"/points/{point['id']}", {"label": "Mobile", "confirmed": True}
        ).json()["label"]
        == "mobile"
    )
    assert api.get(f"/points/{point['id']}").json()["confirmed_at"] is not None

    bad = api.post(
        f"/contacts/{contact['id']}/points", {"kind": "email", "value": "nobody"}
    )
    assert bad.status_code == 422
    assert "value" in bad.json()["errors"]

    assert api.delete(f"/points/{point['id']}").status_code == 204
    assert api.get(f"/contacts/{contact['id']}").json()["phones"] == []


def test_notes_nested_and_only_the_author_changes_them(
    api: Api, admin_api: Api, db
) -> None:
    from relais.accounts.models import User

    contact = create(api, first_name="Jean")
    note = api.post(
        f"/contacts/{contact['id']}/notes", {"body": "Met at the fair."}
    ).json()
    assert note["author"] == "marc@relais.test"

    other = User.objects.create_user("other@relais.test", "other-pass-123")
    assert (
        bearer(other).patch(f"/notes/{note['id']}", {"body": "Mine now"}).status_code
        == 403
    )
    assert (
        admin_api.patch(
            f"/notes/{note['id']}", {"body": "Met at the Lyon fair."}
        ).status_code
        == 200
    )
    assert (
        api.get(f"/contacts/{contact['id']}/notes").json()["items"][0]["body"]
        == "Met at the Lyon fair."
    )

    empty = api.post(f"/contacts/{contact['id']}/notes", {"body": "   "})
    assert (empty.status_code, list(empty.json()["errors"])) == (422, ["body"])
    assert api.delete(f"/notes/{note['id']}").status_code == 204
    assert api.get(f"/notes/{note['id']}").status_code == 404


def test_tags_of_a_contact_and_of_the_workspace(api: Api) -> None:
    contact = create(api, first_name="Jean", tags=["VIP"])
    path = f"/contacts/{contact['id']}/tags"

    assert api.post(path, {"names": ["vìp", "B2B/SaaS"]}).json() == {
        "tags": ["B2B/SaaS", "VIP"]
    }
    assert api.delete(f"{path}/B2B/SaaS").status_code == 204
    assert api.get(path).json() == {"tags": ["VIP"]}
    assert api.put(path, {"names": ["Client"]}).json() == {"tags": ["Client"]}

    tags = {t["name"]: t for t in api.get("/tags").json()["items"]}
    assert (tags["Client"]["contact_count"], tags["VIP"]["contact_count"]) == (1, 0)
    renamed = api.patch(f"/tags/{tags['Client']['id']}", {"name": "Customer"})
    assert renamed.json()["name"] == "Customer"
    assert api.get(path).json() == {"tags": ["Customer"]}
    assert api.post("/tags", {"name": "customer"}).status_code == 422
    assert api.delete(f"/tags/{tags['VIP']['id']}").status_code == 204
    assert [t["name"] for t in api.get("/tags", q="cust").json()["items"]] == [
        "Customer"
    ]


def test_organisations_crud(api: Api) -> None:
    created = api.post(
        "/organisations",
        {"name": "Globex SARL", "website": "globex.fr", "domains": ["globex.fr"]},
    )
    assert created.status_code == 201
    org = created.json()
    assert org["website"] == "https://globex.fr"
    create(api, first_name="Jean", organization="GLOBEX")

    assert api.get(f"/organisations/{org['id']}").json()["contact_count"] == 1
    assert api.get("/organisations", q="glob").json()["count"] == 1
    assert (
        api.patch(f"/organisations/{org['id']}", {"website": "not a url"}).status_code
        == 422
    )
    assert (
        api.patch(f"/organisations/{org['id']}", {"name": "Globex"}).json()["name"]
        == "Globex"
    )
    assert api.delete(f"/organisations/{org['id']}").status_code == 204
    assert api.get("/contacts", q="jean").json()["items"][0]["organization"] == ""
