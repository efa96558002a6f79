"""POST /api/v1/outreach/check: what the API adds to the message check (auth, roles, schema,
errors, language); the rules themselves are tested in tests/unit/test_message_check.py."""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import pytest
from django.test import Client

from .api_fixtures import Api

PATH = "/outreach/check"
SPAMMY = {
    "subject": "RE: OFFRE GRATUITE!!!",
    "body_text": "Cliquez ici : https://bit.ly/abc",
    "bulk": True,
}


def test_findings_and_blocked(api: Api) -> None:
    response = api.post(PATH, SPAMMY)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["blocked"] is True
    codes = {f["code"]: f["severity"] for f in body["findings"]}
    assert codes["fake_reply"] == "high"
    assert codes["no_personalisation"] == "high"
    assert codes["no_unsubscribe"] == "high"
    assert codes["url_shortener"] == "medium"
    assert body["findings"][0]["severity"] == "high"
    assert all(
        set(f) == {"code", "severity", "message", "excerpt"} for f in body["findings"]
    )


def test_a_clean_message(api: Api) -> None:
    body = api.post(
        PATH,
        {"subject": "Le devis promis", "body_text": "Bonjour Hélène, voici le devis."},
    ).json()
    assert body == {"findings": [], "blocked": False}


def test_the_contact_is_used_for_the_thread_rule(
    api: Api, member, make_contact
) -> None:
    from relais.timeline.services import log_interaction

    helene = make_contact(first_name="Hélène", last_name="Lefèvre")
    message = {
        "subject": "Re: Votre devis",
        "body_text": "Bonjour",
        "contact_id": helene.pk,
    }
    assert "fake_reply" in {
        f["code"] for f in api.post(PATH, message).json()["findings"]
    }
    log_interaction(
        actor=member,
        channel="email",
        direction="in",
        contacts=[helene],
        subject="Votre devis",
    )
    assert api.post(PATH, message).json() == {"findings": [], "blocked": False}


def test_messages_follow_the_language(api: Api) -> None:
    api.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    findings = api.post(PATH, SPAMMY).json()["findings"]
    fake = next(f for f in findings if f["code"] == "fake_reply")
    assert "réponse" in fake["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"subject": "x", "contact_id": 999999}, "contact_id"),
        ({"subject": "x", "contact_id": "3"}, "contact_id"),
        ({"subject": "x", "bulk": "yes"}, "bulk"),
        ({"subject": "x" * 501}, "subject"),
        ({"subject": "a\x00b"}, "subject"),
        ({"subject": "x", "unknown": 1}, "unknown"),
        ({"subject": "x", "contact_id": 2**70}, "contact_id"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(api: Api, body, field: str) -> None:
    response = api.post(PATH, body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_not_json_is_not_a_500(api: Api) -> None:
    response = api.client.post(
        "/api/v1" + PATH, "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500


def test_authentication_and_roles(
    anonymous: Api, reader_api: Api, admin_api: Api
) -> None:
    assert anonymous.post(PATH, SPAMMY).status_code == 401
    assert reader_api.post(PATH, SPAMMY).status_code == 200  # only reads, as on the web
    assert admin_api.post(PATH, SPAMMY).status_code == 200


def test_a_browser_session_needs_the_csrf_token(member) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/api/v1" + PATH, SPAMMY, content_type="application/json")
    assert response.status_code == 403
    client.get("/contacts/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1" + PATH,
        SPAMMY,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
