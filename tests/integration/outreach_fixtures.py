"""Fixtures for the outreach tests: a real aiosmtpd server wired into the settings, and a
segment of contacts with a lawful basis. Imported by tests/integration/test_outreach_*.py."""

from __future__ import annotations

import pytest

from tests.smtp_server import smtp_server


@pytest.fixture
def mailbox(settings):
    with smtp_server() as box:
        settings.RELAIS_SMTP_HOST = box.host
        settings.EMAIL_HOST = box.host
        settings.EMAIL_PORT = box.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.DEFAULT_FROM_EMAIL = "Relais <news@relais.test>"
        settings.RELAIS_BASE_URL = "https://crm.example.org"
        settings.RELAIS_SEND_RATE_PER_SECOND = 0
        settings.RELAIS_SEND_RATE_PER_HOUR = 0
        yield box


@pytest.fixture
def audience(db, make_contact, member):
    """A tagged segment: three contacts who may receive marketing, one opted out, one with
    no address, one suppressed."""
    from relais.contacts.segments.services import create_segment
    from relais.privacy.services.consent import set_lawful_basis
    from relais.privacy.services.suppression import suppress

    def person(first, last, email, basis="legitimate_interest", **kw):
        contact = make_contact(
            first_name=first,
            last_name=last,
            emails=[email] if email else [],
            tags=["Newsletter"],
            **kw,
        )
        if basis:
            set_lawful_basis(actor=None, contact=contact, basis=basis, source="test")
            contact.refresh_from_db()
        return contact

    people = {
        "helene": person(
            "Hélène",
            "Lefèvre",
            "helene@acme.fr",
            organisation="Acme",
            title="CTO",
            owner=member,
        ),
        "bob": person("Bob", "Martin", "bob@example.com"),
        "zoe": person("", "Zoé", "zoe@example.com", basis="consent"),
        "opted": person("Otto", "Out", "otto@example.com", basis="opted_out"),
        "nomail": person("Nina", "Nomail", ""),
        "gone": person("Sam", "Suppressed", "sam@example.com"),
    }
    suppress([("email", "sam@example.com")])
    segment = create_segment(
        actor=None,
        name="Newsletter readers",
        definition={
            "criteria": [{"field": "tags", "op": "any", "value": ["Newsletter"]}]
        },
    )
    return segment, people
