"""Unsubscribing: the page (GET never unsubscribes), RFC 8058 one-click POST without cookie or
CSRF token, honoured at once (consent opted out, address suppressed), idempotent."""

from __future__ import annotations

from django.test import Client

from relais.audit.models import AuditEntry
from relais.outreach import links, tokens
from relais.outreach.models import DeliveryEvent
from relais.outreach.services.unsubscribe import (
    is_address_unsubscribed,
    is_unsubscribed,
    unsubscribe,
)
from relais.privacy.models import ConsentRecord, LawfulBasis

from .outreach_track_fixtures import make_campaign, make_delivery


def _path(delivery_id: int) -> str:
    return "/" + links.unsubscribe_url(delivery_id).split("://", 1)[1].split("/", 1)[1]


def test_get_shows_a_page_and_changes_nothing(sent) -> None:
    response = Client().get(_path(sent.id))
    assert response.status_code == 200
    body = response.content.decode()
    assert sent.to_email in body and 'name="confirm"' in body
    assert not DeliveryEvent.objects.exists()
    assert not is_unsubscribed(sent.contact)


def test_page_in_the_contacts_language(sent) -> None:
    sent.contact.language = "fr"
    sent.contact.save()
    assert "Me désinscrire" in Client().get(_path(sent.id)).content.decode()


def test_one_click_post_unsubscribes_at_once(sent) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(_path(sent.id), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sent.contact.refresh_from_db()
    assert sent.contact.lawful_basis == LawfulBasis.OPTED_OUT
    assert is_unsubscribed(sent.contact)
    assert is_address_unsubscribed(sent.to_email.upper())
    event = DeliveryEvent.objects.get(kind="unsubscribe")
    assert event.delivery_id == sent.id and "8058" in event.detail
    assert AuditEntry.objects.filter(action="outreach.unsubscribe").count() == 1
    # Again, by the button this time: nothing more is recorded.
    assert client.post(_path(sent.id), {"confirm": "1"}).status_code == 200
    assert DeliveryEvent.objects.filter(kind="unsubscribe").count() == 1
    assert ConsentRecord.objects.filter(contact=sent.contact).count() == 1
    assert unsubscribe(sent, one_click=True) is False


def test_the_button_unsubscribes_and_an_empty_post_does_not(sent) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(_path(sent.id), {}).status_code == 400
    assert not is_unsubscribed(sent.contact)
    assert client.post(_path(sent.id), {"confirm": "1"}).status_code == 200
    assert is_unsubscribed(sent.contact)


def test_bad_and_wrong_kind_tokens_are_404(sent) -> None:
    client = Client()
    assert client.get("/u/AAAA").status_code == 404
    assert (
        client.post(f"/u/{tokens.sign(sent.id, 'open')}", {"confirm": "1"}).status_code
        == 404
    )
    assert (
        client.get(f"/u/{tokens.sign(sent.id + 999, 'unsubscribe')}").status_code == 404
    )
    assert not is_unsubscribed(sent.contact)


def test_other_contacts_are_untouched(people) -> None:
    one, two = people(2)
    campaign = make_campaign("Deux")
    first = make_delivery(campaign, one)
    make_delivery(campaign, two)
    unsubscribe(first, one_click=False)
    assert is_unsubscribed(one) and not is_unsubscribed(two)
