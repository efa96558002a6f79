"""Sent campaign messages for the tracking, unsubscribe, bounce and report tests.

Deliveries are made with the ORM, as the sending service would leave them after sending
(status sent, a Message-ID, the message's links): the tests of this area need no SMTP."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone

from relais.contacts import services as contacts
from relais.contacts.models import Contact
from relais.outreach.models import Campaign, Delivery, Step, Template

LINKS = [
    "https://brasserie-armor.example/tarifs-2027",
    "https://example.org/agenda?x=1&y=é",
]
_numbers = itertools.count(1)


def make_campaign(name: str = "Tarifs 2027") -> Campaign:
    template, _ = Template.objects.get_or_create(
        name=f"{name} — modèle",
        defaults={
            "subject": "Nos tarifs 2027",
            "body_text": "Bonjour {{ first_name }}",
        },
    )
    campaign = Campaign.objects.create(name=name, status=Campaign.Status.SENDING)
    Step.objects.create(campaign=campaign, position=1, template=template)
    return campaign


def make_delivery(
    campaign: Campaign | None,
    contact: Contact,
    *,
    sent_ago: dt.timedelta = dt.timedelta(hours=1),
    links: list[str] | None = None,
    status: str = Delivery.Status.SENT,
) -> Delivery:
    number = next(_numbers)
    email = contact.points.filter(kind="email").values_list("value", flat=True).first()
    return Delivery.objects.create(
        campaign=campaign,
        step=campaign.steps.first() if campaign else None,
        contact=contact,
        to_email=email or f"person{number}@example.fr",
        from_email="lea@relais.test",
        subject="Nos tarifs 2027",
        message_id=f"{number}.{timezone.now().timestamp()}@relais.test",
        links=LINKS if links is None else links,
        status=status,
        sent_at=timezone.now() - sent_ago if status == Delivery.Status.SENT else None,
    )


@pytest.fixture
def people(db) -> Callable[[int], list[Contact]]:
    def make(count: int) -> list[Contact]:
        made = []
        for _ in range(count):
            n = next(_numbers)
            made.append(
                contacts.create_contact(
                    actor=None,
                    source=contacts.Source.manual("api"),
                    first_name=f"Anaïs{n}",
                    last_name="Lefèvre",
                    points=[contacts.PointInput("email", f"anais.{n}@exemple.fr")],
                )
            )
        return made

    return make


@pytest.fixture
def sent(people) -> Delivery:
    """One campaign message sent an hour ago to Anaïs, with two links."""
    (contact,) = people(1)
    return make_delivery(make_campaign(), contact)
