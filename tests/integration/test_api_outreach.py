"""The outreach API: what it adds to the services — auth, roles, status codes, schema."""

from __future__ import annotations

import pytest

from relais.outreach.models import Delivery

TEMPLATE = {
    "name": "Bienvenue",
    "language": "fr",
    "subject": "Bonjour {{ first_name | default('à vous') }}",
    "body_text": "Bonjour {{ first_name }},\n{{ signature }}",
    "body_html": "<p>Bonjour {{ first_name }}</p>",
}


def test_templates_need_a_signed_in_writer(anonymous, reader_api):
    assert anonymous.get("/outreach/templates").status_code == 401
    assert reader_api.get("/outreach/templates").status_code == 200
    assert reader_api.post("/outreach/templates", TEMPLATE).status_code == 403


def test_template_crud_and_a_clear_error_for_an_unknown_field(api):
    created = api.post("/outreach/templates", TEMPLATE)
    assert created.status_code == 201, created.json()
    template_id = created.json()["id"]
    bad = api.patch(f"/outreach/templates/{template_id}", {"body_text": "{{ config }}"})
    assert bad.status_code == 422
    assert "unknown field 'config'" in bad.json()["errors"]["body_text"]
    broken = api.post(
        "/outreach/templates", {**TEMPLATE, "name": "B", "subject": "{{ x "}
    )
    assert broken.status_code == 422 and "subject" in broken.json()["errors"]
    renamed = api.patch(f"/outreach/templates/{template_id}", {"name": "Welcome"})
    assert renamed.json()["name"] == "Welcome"
    fields = [f["name"] for f in api.get("/outreach/template-fields").json()]
    assert "first_name" in fields and "signature" in fields
    assert api.delete(f"/outreach/templates/{template_id}").status_code == 204
    assert api.get(f"/outreach/templates/{template_id}").status_code == 404


def test_preview_for_a_contact(api, audience):
    _, people = audience
    template_id = api.post("/outreach/templates", TEMPLATE).json()["id"]
    shown = api.post(
        f"/outreach/templates/{template_id}/preview",
        {"contact_id": people["helene"].pk},
    )
    assert shown.status_code == 200
    assert shown.json()["subject"] == "Bonjour Hélène"
    missing = api.post(
        f"/outreach/templates/{template_id}/preview", {"contact_id": 999999}
    )
    assert missing.status_code == 422 and "contact_id" in missing.json()["errors"]


@pytest.mark.django_db(transaction=True)
def test_campaign_create_start_pause_status(api, audience, mailbox):
    segment, _ = audience
    template_id = api.post("/outreach/templates", TEMPLATE).json()["id"]
    created = api.post(
        "/outreach/campaigns",
        {
            "name": "Rentrée",
            "segment_id": segment.pk,
            "steps": [{"template_id": template_id}],
        },
    )
    assert created.status_code == 201, created.json()
    campaign_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    started = api.post(f"/outreach/campaigns/{campaign_id}/start", {})
    assert started.status_code == 200
    assert started.json()["progress"]["queued"] == 3
    assert started.json()["progress"]["skipped"] == 3
    again = api.post(f"/outreach/campaigns/{campaign_id}/start", {})
    assert again.status_code == 422
    paused = api.post(f"/outreach/campaigns/{campaign_id}/pause")
    assert paused.json()["status"] == "paused"
    bad = api.post(
        "/outreach/campaigns",
        {"name": "X", "segment_id": 999999, "steps": [{"template_id": template_id}]},
    )
    assert bad.status_code == 422 and "segment_id" in bad.json()["errors"]


@pytest.mark.django_db(transaction=True)
def test_one_to_one_mail_is_sent_at_once_without_bulk_headers(
    api, audience, mailbox, member
):
    _, people = audience
    response = api.post(
        f"/outreach/contacts/{people['bob'].pk}/send",
        {
            "subject": "Notre échange",
            "body_text": "Bonjour {{ first_name }}, suite à notre appel.",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "sent"
    (received,) = mailbox.messages
    assert received.recipients == ["bob@example.com"]
    assert received.message["List-Unsubscribe"] is None
    assert received.part("text/plain").startswith("Bonjour Bob, suite")
    delivery = Delivery.objects.get()
    assert delivery.campaign_id is None and delivery.interaction is not None
    assert delivery.interaction.author == member
