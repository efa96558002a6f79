"""The rest of the demo: one example of every capability a new user should see in the first hour.

After the people and their timelines (``workspace.py``), this adds what would otherwise be
empty pages: segments, a lawful basis for the clients and newsletter subscribers (so that a
marketing campaign has people to send to), templates in French and English, a campaign
started on a segment (its deliveries wait for the worker and a mail server), the duplicate
review queue filled and one pair merged (undoable), a contact's own correction through the
self-service link, a few bounced addresses, and freshness scores with today's snapshot. Every
step goes through the area's service, as an entrypoint would.

New capabilities add their example here (one function each), so the demo keeps showing
everything Relais does; tests/browser/test_every_page.py visits the pages they fill.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.accounts.models import User
from relais.contacts.models import Contact, ContactPoint, Segment
from relais.contacts.segments.services import create_segment
from relais.demo.social import add_social
from relais.matching.models import MatchCandidate
from relais.matching.services import decide, run_dedupe
from relais.outreach.models import Template
from relais.outreach.services.campaigns import create_campaign, start_campaign
from relais.outreach.services.templates import create_template
from relais.privacy.services import self_update
from relais.privacy.services.consent import set_lawful_basis
from relais.privacy.services.freshness import (
    mark_point_invalid,
    refresh_freshness,
    take_snapshot,
)

WELCOME_FR = (
    "Bonjour {{ first_name }},\n\n"
    "Merci pour notre échange{% if organisation %} avec {{ organisation }}{% endif %}. "
    "Nous ouvrons notre atelier clients le 12 mars à Lyon : une heure pour voir les "
    "nouveautés et poser vos questions.\n\nBien à vous,\n{{ sender_first_name }}"
)
WELCOME_EN = (
    "Hello {{ first_name }},\n\n"
    "Thank you for our conversation. We are holding a customer workshop on 12 March in "
    "London: one hour to see what is new and ask your questions.\n\n"
    "Best regards,\n{{ sender_first_name }}"
)


def _segments(admin: User) -> dict[str, Segment]:
    definitions = {
        "Clients VIP": {"criteria": [{"field": "tags", "op": "any", "value": ["VIP"]}]},
        "Newsletter": {
            "criteria": [{"field": "tags", "op": "any", "value": ["Newsletter"]}]
        },
        "Salon VivaTech 2025": {
            "criteria": [
                {"field": "tags", "op": "any", "value": ["Salon VivaTech 2025"]}
            ]
        },
    }
    return {
        name: create_segment(actor=admin, name=name, definition=definition)
        for name, definition in definitions.items()
    }


def _lawful_bases(admin: User, now: dt.datetime) -> None:
    """Newsletter subscribers opted in; VIP clients are customers (soft opt-in)."""
    for contact in Contact.objects.filter(tags__name="Newsletter").distinct():
        set_lawful_basis(
            actor=admin,
            contact=contact,
            basis="consent",
            source="Newsletter form",
            given_at=now - dt.timedelta(days=90),
        )
    for contact in Contact.objects.filter(tags__name="VIP").distinct():
        if not contact.lawful_basis:
            set_lawful_basis(
                actor=admin,
                contact=contact,
                basis="customer",
                source="Signed contract",
                given_at=now - dt.timedelta(days=200),
            )


def _outreach(admin: User, segments: dict[str, Segment]) -> None:
    french = create_template(
        actor=admin,
        name="Atelier clients (FR)",
        language=Template.Language.FRENCH,
        subject="{{ first_name }}, notre atelier clients du 12 mars",
        body_text=WELCOME_FR,
    )
    create_template(
        actor=admin,
        name="Customer workshop (EN)",
        language=Template.Language.ENGLISH,
        subject="{{ first_name }}, our customer workshop on 12 March",
        body_text=WELCOME_EN,
    )
    campaign = create_campaign(
        actor=admin,
        name="Atelier clients mars",
        segment=segments["Clients VIP"],
        steps=[(french, 0)],
        sender=admin,
    )
    start_campaign(actor=admin, campaign=campaign)
    create_campaign(
        actor=admin,
        name="Newsletter printemps",
        segment=segments["Newsletter"],
        steps=[(french, 0)],
        sender=admin,
    )


def _duplicates(admin: User) -> None:
    """Queue every likely pair for review and merge the first one (undoable)."""
    run_dedupe(actor=admin, auto=False)
    first = (
        MatchCandidate.objects.filter(status=MatchCandidate.Status.PENDING)
        .order_by("-probability", "pk")
        .first()
    )
    if first is not None:
        decide(actor=admin, candidate_id=first.pk, decision="merge")


def _self_update() -> None:
    contact = (
        Contact.objects.filter(points__kind="phone", merged_into__isnull=True)
        .order_by("pk")
        .first()
    )
    if contact is None:
        return
    link = self_update.issue_link(actor=None, contact=contact)
    held = self_update.held(contact)
    corrections = self_update.Corrections(
        fields={"title": "Directrice commerciale", "city": held.get("city") or "Lyon"},
        emails=list(held.get("emails", [])),
        phones=list(held.get("phones", [])),
        marketing=True,
    )
    self_update.submit(link, corrections)


def _bounces(admin: User, now: dt.datetime) -> None:
    """A few addresses bounced for good: their contacts show up as probably stale."""
    points = ContactPoint.objects.filter(
        kind="email", contact__merged_into__isnull=True
    ).order_by("-pk")[:6]
    for point in points:
        mark_point_invalid(
            actor=admin,
            point=point,
            at=now - dt.timedelta(days=20),
            reason="hard bounce",
        )


def add_showcase(admin: User, now: dt.datetime | None = None) -> None:
    """Add the examples above to a workspace that holds the demo's people."""
    now = now or timezone.now()
    segments = _segments(admin)
    _lawful_bases(admin, now)
    _outreach(admin, segments)
    _bounces(admin, now)
    _self_update()
    _duplicates(admin)
    add_social(admin, now)
    refresh_freshness(now=now)
    take_snapshot()
