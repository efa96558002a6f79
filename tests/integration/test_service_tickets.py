"""Complaint mentions become tickets with due times; pauses, replies and breaches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from relais.cli.commands import cli
from relais.contacts.models import Provenance
from relais.listening.models import Mention
from relais.listening.services.sources import add_source
from relais.service.models import Breach, Ticket, TicketMessage
from relais.service.reports import service_report
from relais.service.services import tickets
from tests.integration import listening_fixtures

feeds = listening_fixtures.feeds  # the fixture, by name

pytestmark = pytest.mark.django_db

RSS = "application/rss+xml; charset=utf-8"
PAYLOAD = Path(__file__).parent.parent / "service_payloads"


def _poll(feeds, mode: str | None = None) -> None:
    feeds.serve("/avis.rss", (PAYLOAD / "complaint.rss").read_bytes(), Content_Type=RSS)
    source = add_source(actor=None, url=feeds.url("/avis.rss"), kind="rss")
    if mode:
        source.config["tickets"] = mode
        source.save()
    result = CliRunner().invoke(cli, ["sources", "poll"])
    assert result.exit_code == 0, result.output


def test_polled_complaint_opens_one_ticket_with_a_new_contact_and_deadlines(feeds):
    _poll(feeds)
    ticket = Ticket.objects.get()  # the praise opened nothing
    complaint = Mention.objects.get(guid="avis-101")
    assert complaint.label == "complaint"
    assert list(ticket.mentions.all()) == [complaint]
    assert not ticket.suggested and ticket.status == "new"
    assert ticket.contact is not None and ticket.contact.display_name == "Nadia Roux"
    assert Provenance.objects.get(contact=ticket.contact).source_kind == "mention"
    emails = ticket.contact.points.filter(kind="email").values_list("value", flat=True)
    assert list(emails) == ["nadia.roux@example.org"]
    message = ticket.messages.get()
    assert message.direction == "in" and "remboursée" in message.text
    found = tickets.due_times(ticket)
    assert found.first_response_due and found.resolution_due
    assert found.first_response_due < found.resolution_due
    assert CliRunner().invoke(cli, ["sources", "poll"]).exit_code == 0
    assert Ticket.objects.count() == 1  # polling again opens nothing new


def test_source_set_to_suggested_marks_the_ticket_for_confirmation(feeds):
    _poll(feeds, "suggested")
    assert Ticket.objects.get().suggested


def test_source_set_off_opens_nothing(feeds):
    _poll(feeds, "off")
    assert Mention.objects.filter(label="complaint").exists()
    assert not Ticket.objects.exists()


def _ticket(opened: dt.datetime) -> Ticket:
    return Ticket.objects.create(subject="s", opened_at=opened, waiting_since=opened)


def test_waiting_pauses_the_clock_and_reopen_resumes_it(settings):
    settings.TIME_ZONE = "Europe/Paris"
    # Mon 7 Dec 2026 09:00 Paris = 08:00 UTC; normal: resolution 24 business hours.
    ticket = _ticket(dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC))
    before = tickets.due_times(ticket).resolution_due
    assert before == dt.datetime(2026, 12, 9, 16, tzinfo=dt.UTC)  # Wed 17:00 Paris
    tickets.set_status(
        ticket, "waiting", actor=None, now=dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    )
    assert tickets.due_times(ticket).resolution_due is None  # paused: no due time
    tickets.set_status(
        ticket, "open", actor=None, now=dt.datetime(2026, 12, 8, 9, tzinfo=dt.UTC)
    )
    ticket.refresh_from_db()
    # Paused 10:00 Mon to 10:00 Tue Paris = 8 business hours later: Thu 17:00 Paris.
    assert tickets.due_times(ticket).resolution_due == dt.datetime(
        2026, 12, 10, 16, tzinfo=dt.UTC
    )


def test_reply_meets_first_response_and_breaches_are_recorded_once(settings):
    settings.TIME_ZONE = "Europe/Paris"
    ticket = _ticket(dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC))
    tickets.set_priority(ticket, "high", actor=None)  # first response within 1 h
    late = dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC)
    assert [b.kind for b in tickets.record_breaches(ticket, late)] == ["first_response"]
    assert tickets.record_breaches(ticket, late) == []
    tickets.add_reply(ticket, "Bonjour, nous regardons.", actor=None, now=late)
    ticket.refresh_from_db()
    assert ticket.first_response_at == late and ticket.status == "open"
    assert TicketMessage.objects.filter(ticket=ticket, direction="out").count() == 1
    assert tickets.record_breaches(ticket, late) == []
    assert Breach.objects.filter(ticket=ticket).count() == 1
    assert service_report()["sla_hit_rate"] == 0.0


def test_the_breach_job_records_each_missed_deadline_once(settings):
    settings.TIME_ZONE = "Europe/Paris"
    opened = dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC)  # Mon 09:00 Paris
    late, on_time = _ticket(opened), _ticket(opened)
    tickets.add_reply(on_time, "Bonjour", actor=None, now=opened)
    # Tue 17:00 Paris: 16 business hours; normal first response (4 h) missed by `late`.
    now = dt.datetime(2026, 12, 8, 16, tzinfo=dt.UTC)
    assert tickets.record_all_breaches(now) == 1
    assert tickets.record_all_breaches(now) == 0
    assert [b.kind for b in late.breaches.all()] == ["first_response"]
    # Thu 17:00 Paris: 32 business hours, past both resolutions (24 h).
    later = dt.datetime(2026, 12, 10, 16, tzinfo=dt.UTC)
    assert tickets.record_all_breaches(later) == 2


def test_an_author_with_a_bad_address_still_gets_a_ticket_and_the_poll_goes_on():
    from relais.listening.connectors import Item
    from relais.listening.models import Source
    from relais.listening.services.store import store_items

    source = Source.objects.create(name="avis", kind="rss", url="https://a.example/")
    stored = store_items(
        source,
        [Item(guid="x", text="Colis jamais reçu", author_name="X", author_email="@@")],
    )
    stored.new[0].label = "complaint"
    tickets.tickets_from_mentions(source, stored.new)
    ticket = Ticket.objects.get()
    assert ticket.contact is None and list(ticket.mentions.all()) == stored.new


def test_a_complaint_through_the_signed_webhook_opens_a_ticket_too(client, settings):
    import hashlib
    import hmac
    import json

    settings.RELAIS_WEBHOOK_SECRET = "s3cret"
    body = json.dumps(
        {
            "source": "site-comments",
            "items": [
                {
                    "id": "c-982",
                    "url": "https://www.lumen.example/blog/lampe#comment-982",
                    "text": "Commande reçue avec une lampe cassée, et personne ne "
                    "répond au service client depuis dix jours. Je veux un remboursement.",
                    "author": {"name": "Pierre Vidal", "email": "p.vidal@example.org"},
                    "published_at": "2026-12-07T12:00:00+01:00",
                }
            ],
        }
    ).encode()
    signature = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    answer = client.post(
        "/api/v1/mentions/webhook",
        body,
        content_type="application/json",
        HTTP_X_RELAIS_SIGNATURE=signature,
    )
    assert answer.status_code == 200, answer.content
    mention = Mention.objects.get()
    assert mention.label == "complaint"
    ticket = Ticket.objects.get()
    assert list(ticket.mentions.all()) == [mention]
