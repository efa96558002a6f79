"""Hostile and malformed input gets a 4xx with the usual error body, never a 500 (SQLite and PostgreSQL)."""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import json

import pytest

from .api_fixtures import API, Api

pytestmark = pytest.mark.django_db

BIG = 2**63


def raw(
    api: Api, method: str, path: str, body: str, content_type: str = "application/json"
):
    return api.client.generic(
        method,
        API + path,
        body.encode("utf-8", "surrogatepass"),
        content_type=content_type,
    )


@pytest.fixture
def contact_id(make_contact) -> int:
    return make_contact(first_name="Jean").pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"first_name": "Je\x00an"}, "first_name"),
        ({"first_name": "x" * 501}, "first_name"),
        ({"first_name": "x" * 200}, "first_name"),  # the service's own limit, 150
        ({"first_name": "Jean", "emails": ["a@b.fr"] * 51}, "emails"),
        ({"first_name": "Jean", "status": "vip"}, "status"),
        ({"first_name": "Jean", "owner": True}, "owner"),
        ({"first_name": "Jean", "owner": BIG}, "owner"),
        (
            {"first_name": "Jean", "points": [{"kind": "pigeon", "value": "x"}]},
            "points.0.kind",
        ),
        (
            {
                "first_name": "Jean",
                "points": [{"kind": "email", "value": "a@b.fr", "primary": "yes"}],
            },
            "points.0.primary",
        ),
        ({"first_name": "Jean", "tags": ["x" * 81]}, "tag"),
    ],
)
def test_bad_contact_bodies_are_422_naming_the_field(
    api: Api, body: dict, field: str
) -> None:
    response = api.post("/contacts", body)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_a_lone_surrogate_is_refused(api: Api) -> None:
    response = raw(api, "POST", "/contacts", '{"first_name": "\\ud800"}')

    assert response.status_code == 422
    assert "first_name" in response.json()["errors"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        ('{"first_name": ', 400),
        ("[" * 100_000, 400),
        ("[]", 422),
        ('"Jean"', 422),
        ("", 422),
    ],
)
def test_bodies_that_are_not_a_json_object(api: Api, body: str, status: int) -> None:
    response = raw(api, "POST", "/contacts", body)

    assert response.status_code == status
    assert response.json()["detail"]


def test_a_form_encoded_body_is_not_json(api: Api) -> None:
    response = raw(
        api, "POST", "/contacts", "first_name=Jean", "application/x-www-form-urlencoded"
    )

    assert response.status_code == 400


def test_a_body_beyond_the_upload_limit_is_413(api: Api, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = raw(api, "POST", "/contacts", json.dumps({"first_name": "x" * 2000}))

    assert response.status_code == 413


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/contacts/0", {}, "contact_id"),
        (f"/contacts/{BIG}", {}, "contact_id"),
        ("/contacts/abc", {}, "contact_id"),
        ("/contacts/1.5", {}, "contact_id"),
        ("/contacts", {"limit": "abc"}, "limit"),
        ("/contacts", {"offset": str(10**18)}, "offset"),
        ("/contacts", {"owner": str(BIG)}, "owner"),
        ("/contacts", {"status": "vip"}, "status"),
        ("/contacts", {"q": "a\x00b"}, "q"),
        ("/contacts", {"include_archived": "maybe"}, "include_archived"),
        ("/tasks", {"done": "perhaps"}, "done"),
        ("/interactions", {"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_paths_and_queries_are_422_naming_the_field(
    api: Api, path: str, params: dict, field: str
) -> None:
    response = api.get(path, **params)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert response.json()["locations"][field] in {"path", "query"}


def test_the_largest_id_is_simply_not_found(api: Api) -> None:
    assert api.get(f"/contacts/{BIG - 1}").status_code == 404
    assert api.patch(f"/tasks/{BIG - 1}", {"title": "x"}).status_code == 404


def test_a_nul_in_a_path_name_is_refused(api: Api, contact_id: int) -> None:
    assert api.delete(f"/contacts/{contact_id}/tags/a%00b").status_code == 422


@pytest.mark.parametrize(
    "occurred_at",
    [
        0,
        1_700_000_000,
        "yesterday",
        "2024-13-45T10:00:00",
        "9999-12-31T23:59:59-23:00",
        "0001-01-01T00:00:00+14:00",
        True,
    ],
)
def test_bad_dates_are_refused(api: Api, contact_id: int, occurred_at) -> None:
    body = {
        "channel": "call",
        "direction": "out",
        "occurred_at": occurred_at,
        "contacts": [{"contact_id": contact_id}],
    }

    response = api.post("/interactions", body)

    assert response.status_code == 422
    assert "occurred_at" in response.json()["errors"]


@pytest.mark.parametrize(
    "due_date", ["2024-02-30", "10000-01-01", 20240601, "0001-01-01"]
)
def test_bad_due_dates_are_refused(api: Api, due_date) -> None:
    response = api.post("/tasks", {"title": "Call back", "due_date": due_date})

    assert response.status_code == 422
    assert "due_date" in response.json()["errors"]


def test_long_free_text_is_bounded(api: Api, contact_id: int) -> None:
    assert (
        api.post(f"/contacts/{contact_id}/notes", {"body": "x" * 20_001}).status_code
        == 422
    )
    assert (
        api.post("/tasks", {"title": "x", "details": "x" * 100_001}).status_code == 422
    )


def test_a_website_too_long_for_its_column_is_refused(api: Api) -> None:
    response = api.post(
        "/organisations", {"name": "Acme", "website": "acme.fr/" + "x" * 495}
    )

    assert response.status_code == 422
    assert "website" in response.json()["errors"]


# Values that grow when normalised: "https://" is prepended to addresses, and transliteration
# turns one CJK character into a whole syllable. The columns must never overflow (PostgreSQL
# refuses what SQLite would store).
CJK = "北京"


def test_a_website_that_outgrows_its_column_once_normalised_is_refused(
    api: Api,
) -> None:
    response = api.post(
        "/organisations", {"name": "Acme", "website": "acme.fr/" + "x" * 490}
    )

    assert response.status_code == 422
    assert "website" in response.json()["errors"]


@pytest.mark.parametrize(
    ("kind", "value"), [("url", "acme.fr/" + "x" * 490), ("other", CJK * 250)]
)
def test_a_point_that_outgrows_its_column_once_normalised_is_refused(
    api: Api, contact_id: int, kind, value
) -> None:
    response = api.post(
        f"/contacts/{contact_id}/points", {"kind": kind, "value": value}
    )

    assert response.status_code == 422
    assert "value" in response.json()["errors"]


def test_names_that_grow_when_transliterated_are_stored(api: Api) -> None:
    organisation = api.post("/organisations", {"name": CJK * 150})
    tag = api.post("/tags", {"name": CJK * 40})

    assert organisation.status_code == 201
    assert tag.status_code == 201
    assert (
        api.patch(
            f"/organisations/{organisation.json()['id']}", {"name": CJK * 149}
        ).status_code
        == 200
    )
