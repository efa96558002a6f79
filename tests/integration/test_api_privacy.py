"""The privacy endpoints of the REST API: what they add to the services (status codes,
shapes, role checks)."""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import pytest

from relais.contacts.models import Contact

from .api_fixtures import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def helene(make_contact):
    return make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@brasserie-lefevre.fr"]
    )


def test_freshness_confirm_and_bounce(api: Api, helene) -> None:
    point = helene.points.get()
    bounced = api.post(f"/points/{point.pk}/invalid")
    assert bounced.status_code == 200
    assert bounced.json()["score"] == 30
    assert [s["kind"] for s in bounced.json()["signals"]] == ["bounce"]
    fixed = api.post(f"/points/{point.pk}/confirm").json()
    assert fixed["score"] == 100 and fixed["band"] == "fresh"
    confirmed = api.post(f"/contacts/{helene.pk}/confirm").json()
    assert "title" in confirmed["fields_confirmed_at"]
    assert api.get(f"/contacts/{helene.pk}/freshness").json()["score"] == 100
    assert api.get("/contacts", freshness="fresh").json()["count"] == 1


def test_self_update_link(api: Api, helene) -> None:
    first = api.post(f"/contacts/{helene.pk}/self-update-link").json()
    again = api.post(f"/contacts/{helene.pk}/self-update-link").json()
    assert first["url"] == again["url"] and "/update/" in first["url"]
    assert first["expires_at"] > "2026"


def test_export_and_erase(api: Api, admin_api: Api, reader_api: Api, helene) -> None:
    document = api.post(
        "/privacy/export", {"identifier": "HELENE@brasserie-lefevre.fr"}
    )
    assert document.status_code == 200
    assert document.json()["contacts"][0]["contact"]["id"] == helene.pk
    missing = api.post("/privacy/export", {"identifier": "personne@exemple.fr"})
    assert missing.status_code == 404
    bad = api.post("/privacy/export", {"identifier": "n'importe quoi"})
    assert bad.status_code == 422 and "identifier" in bad.json()["errors"]

    assert (
        api.post(
            "/privacy/erase", {"identifier": "helene@brasserie-lefevre.fr"}
        ).status_code
        == 403
    )
    assert (
        reader_api.post(
            "/privacy/erase", {"identifier": "helene@brasserie-lefevre.fr"}
        ).status_code
        == 403
    )
    erased = admin_api.post(
        "/privacy/erase", {"identifier": "helene@brasserie-lefevre.fr"}
    )
    assert erased.status_code == 200
    assert erased.json()["counts"]["contacts"] == 1
    assert not Contact.objects.filter(pk=helene.pk).exists()
