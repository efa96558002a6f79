"""The tickets REST API: the same contract as the CLI, role checks, clear errors."""
# ruff: noqa: F811  (the API fixtures are imported by name; test arguments reuse the names)

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from relais.service.models import Ticket
from tests.integration import outreach_fixtures
from tests.integration.api_fixtures import Api, api, bearer  # noqa: F401 (fixtures)

mailbox = outreach_fixtures.mailbox  # the fixture, by name

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_contact):
    contact = make_contact(
        first_name="Nadia", last_name="Roux", emails=["nadia@acme.fr"]
    )
    now = timezone.now()
    return Ticket.objects.create(
        subject="Colis perdu", contact=contact, opened_at=now, waiting_since=now
    )


def test_list_reply_by_mail_and_resolve(api, ticket, mailbox):
    [listed] = api.get("/tickets").json()
    assert listed["id"] == ticket.pk and listed["status"] == "new"
    assert listed["first_response_due"] and listed["resolution_due"]
    reply = api.post(
        f"/tickets/{ticket.pk}/reply",
        {"text": "Bonjour Nadia,\n\nNous retrouvons votre colis.\n\nCordialement"},
    )
    assert reply.status_code == 200, reply.content
    assert reply.json()["status"] == "open" and reply.json()["first_response_at"]
    [sent] = mailbox.messages
    assert sent.recipients == ["nadia@acme.fr"]
    done = api.post(f"/tickets/{ticket.pk}/resolve").json()
    assert done["status"] == "resolved" and done["resolved_at"]
    assert api.get("/tickets", status="new").json() == []
    figures = api.get("/tickets/report").json()
    assert figures["opened"] == 1 and figures["backlog"] == 0


def test_reader_cannot_reply_or_resolve(reader, ticket):
    reader_api = bearer(reader)
    assert reader_api.get(f"/tickets/{ticket.pk}").status_code == 200
    assert reader_api.post(f"/tickets/{ticket.pk}/resolve").status_code == 403
    refused = reader_api.post(
        f"/tickets/{ticket.pk}/reply", {"text": "x", "public": True}
    )
    assert refused.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == "new" and not ticket.messages.exists()


def test_errors_name_the_ticket_and_the_field(api, ticket):
    missing = api.get("/tickets/9999")
    assert missing.status_code == 404 and "no ticket 9999" in missing.content.decode()
    empty = api.post(f"/tickets/{ticket.pk}/reply", {"text": "  ", "public": True})
    assert empty.status_code in (400, 422) and "text" in empty.content.decode()
    assert api.get("/tickets", status="nope").status_code in (400, 422)
    assert Api(Client()).get("/tickets").status_code == 401  # no token, no tickets


def test_tone_check_and_a_blaming_reply_refused_unless_forced(api, ticket, mailbox):
    findings = api.post(
        "/tickets/tone",
        {"text": "Comme déjà indiqué, écrivez à a@b.fr", "public": True},
    ).json()
    assert {f["code"] for f in findings} == {"blame", "personal_data", "greeting"}
    blaming = "Bonjour,\n\nAs we already told you, the parcel left.\n"
    refused = api.post(f"/tickets/{ticket.pk}/reply", {"text": blaming})
    assert refused.status_code in (400, 422)
    assert "as we already told you" in refused.content.decode()
    assert mailbox.messages == [] and not ticket.messages.exists()
    forced = api.post(f"/tickets/{ticket.pk}/reply", {"text": blaming, "force": True})
    assert forced.status_code == 200 and len(mailbox.messages) == 1
