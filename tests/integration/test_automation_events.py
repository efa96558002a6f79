"""The events API: HMAC over the raw body, idempotent on id, contacts found or created with
their provenance, events on the timeline — and every refusal a 4xx with nothing stored."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from relais.automation.models import Event, EventSecret
from relais.automation.services import secrets
from relais.contacts.models import Contact, Provenance
from relais.timeline.models import Interaction

URL = "/api/v1/events"


def _post(client: Client, body: bytes, signature: str | None):
    headers = {} if signature is None else {"HTTP_X_RELAIS_SIGNATURE": signature}
    return client.post(URL, body, content_type="application/json", **headers)


def _event(**overrides):
    payload = {
        "id": "evt-1",
        "type": "cart_abandoned",
        "occurred_at": "2026-05-01T10:00:00Z",
        "contact": {
            "email": "Chloé.Dupré@example.fr",
            "first_name": "Chloé",
            "last_name": "Dupré",
        },
        "data": {
            "total": 84.5,
            "items": ["Théière"],
            "url": "https://shop.example/c/1",
        },
    }
    payload.update(overrides)
    return json.dumps(payload).encode()


@pytest.fixture
def signed(db):
    secret = secrets.current_secret().secret

    def post(client: Client, body: bytes):
        return _post(client, body, secrets.sign(body, secret))

    return post


def _stored() -> tuple[int, int, int]:
    return Event.objects.count(), Contact.objects.count(), Interaction.objects.count()


def test_a_signed_event_creates_the_contact_with_provenance_and_a_timeline_entry(
    client, signed
):
    response = signed(client, _event())
    assert response.status_code == 202, response.content
    event = Event.objects.get(external_id="evt-1")
    contact = event.contact
    assert (contact.first_name, contact.last_name) == ("Chloé", "Dupré")
    provenance = Provenance.objects.get(contact=contact)
    assert provenance.source_kind == "event"
    assert "cart_abandoned evt-1" in provenance.source_name
    interaction = event.interaction
    assert list(interaction.contacts.all()) == [contact]
    assert interaction.subject == "Event: cart_abandoned"
    assert "total: 84.5" in interaction.body


def test_a_second_event_for_the_same_person_finds_the_contact_through_matching(
    client, signed
):
    assert signed(client, _event()).status_code == 202
    other = _event(
        id="evt-2",
        type="order_placed",
        contact={
            "email": "CHLOÉ.DUPRÉ@EXAMPLE.FR",
            "first_name": "Chloe",
            "last_name": "Dupre",
        },
    )
    assert signed(client, other).status_code == 202
    assert Contact.objects.count() == 1
    assert set(Event.objects.values_list("contact", flat=True)) == {
        Contact.objects.get().pk
    }


def test_a_look_alike_with_another_address_is_another_buyer(client, signed):
    assert signed(client, _event()).status_code == 202
    other = _event(
        id="evt-2",
        contact={
            "email": "c.dupre@other.example",
            "first_name": "Chloé",
            "last_name": "Dupré",
        },
    )
    assert signed(client, other).status_code == 202
    assert Contact.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "signature", "status"),
    [
        (_event(), "sha256=" + "0" * 64, 401),
        (_event(), None, 401),
        (_event(), "md5=abc", 401),
        (b"{not json", "SIGN", 400),
        (json.dumps([1, 2]).encode(), "SIGN", 422),
        (_event(type="with space"), "SIGN", 422),
        (_event(occurred_at="yesterday"), "SIGN", 422),
        (_event(contact={"first_name": "Nobody"}), "SIGN", 422),
        (_event(data="oops"), "SIGN", 422),
        (_event(data={"blob": "x" * 70_000}), "SIGN", 413),
    ],
)
def test_bad_requests_are_refused_with_a_clear_4xx_and_nothing_stored(
    client, db, body, signature, status
):
    secret = secrets.current_secret().secret
    if signature == "SIGN":
        signature = secrets.sign(body, secret)
    response = _post(client, body, signature)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert _stored() == (0, 0, 0)


def test_a_replayed_id_is_refused_and_stores_nothing_more(client, signed):
    assert signed(client, _event()).status_code == 202
    before = _stored()
    again = signed(client, _event(type="order_placed"))
    assert again.status_code == 409
    assert "already received" in again.json()["detail"]
    assert _stored() == before


def test_after_rotation_the_old_secret_works_for_the_grace_period_only(
    client, db, settings
):
    old = secrets.current_secret().secret
    new = secrets.rotate_secret(actor=None).secret
    assert new != old
    body = _event()
    assert _post(client, body, secrets.sign(body, old)).status_code == 202
    settings.RELAIS_EVENTS_SECRET_GRACE_HOURS = 0
    EventSecret.objects.filter(secret=old).update(retired_at="2020-01-01T00:00:00Z")
    body = _event(id="evt-9")
    assert _post(client, body, secrets.sign(body, old)).status_code == 401
    assert _post(client, body, secrets.sign(body, new)).status_code == 202
