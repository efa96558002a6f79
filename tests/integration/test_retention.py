"""Retention review: who is listed (no interaction, no consent past the period), keeping
(records a legitimate interest dated today) and erasing from the list, page and CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from relais.cli.commands import cli
from relais.contacts.models import Contact
from relais.privacy.models import ConsentRecord, LawfulBasis
from relais.privacy.services.consent import set_lawful_basis
from relais.privacy.services.retention import keep_contacts, retention_candidates
from relais.timeline import services as timeline

pytestmark = pytest.mark.django_db

FOUR_YEARS = dt.timedelta(days=4 * 365)


@pytest.fixture
def base(make_contact, member):
    old = timezone.now() - FOUR_YEARS
    people = {
        name: make_contact(first_name=name, last_name="Test", emails=[f"{name.lower()}@exemple.fr"])
        for name in ("Oubliee", "Recente", "Consentante", "Cliente", "Appelee", "Interet", "Ancien")
    }  # fmt: skip
    Contact.objects.exclude(first_name="Recente").update(created_at=old)
    set_lawful_basis(
        actor=member, contact=people["Consentante"], basis="consent", given_at=old
    )
    set_lawful_basis(
        actor=member, contact=people["Cliente"], basis="customer", given_at=old
    )
    set_lawful_basis(
        actor=member, contact=people["Interet"], basis="legitimate_interest"
    )
    set_lawful_basis(
        actor=member,
        contact=people["Ancien"],
        basis="legitimate_interest",
        given_at=old,
    )
    timeline.log_interaction(
        actor=member,
        contacts=[people["Appelee"]],
        channel="call",
        direction="out",
        occurred_at=timezone.now() - dt.timedelta(days=30),
        subject="Point annuel",
    )
    return people


def names(qs) -> set[str]:
    return {c.first_name for c in qs}


def test_who_is_listed(base):
    # Old, no interaction, and either nothing recorded or a legitimate interest too old.
    assert names(retention_candidates()) == {"Oubliee", "Ancien"}
    # A longer period lists fewer.
    assert names(retention_candidates(months=60)) == set()


def test_keep_records_a_basis_and_leaves_the_list(base, member):
    keep_contacts(actor=member, contacts=[base["Oubliee"]])
    assert names(retention_candidates()) == {"Ancien"}
    entry = ConsentRecord.objects.get(contact=base["Oubliee"])
    assert entry.basis == LawfulBasis.LEGITIMATE_INTEREST
    assert entry.source == "retention review"


def test_page_lists_and_bulk_actions(base, member, admin):
    client = Client()
    client.force_login(member)
    page = client.get("/privacy/retention/").content.decode()
    assert "Oubliee" in page and "Ancien" in page and "Cliente" not in page
    response = client.post(
        "/privacy/retention/", {"contacts": [base["Oubliee"].pk], "action": "keep"}
    )
    assert response.status_code == 302
    assert names(retention_candidates()) == {"Ancien"}
    # Erasing needs an admin.
    denied = client.post(
        "/privacy/retention/", {"contacts": [base["Ancien"].pk], "action": "erase"}
    )
    assert denied.status_code == 403
    client.force_login(admin)
    client.post(
        "/privacy/retention/", {"contacts": [base["Ancien"].pk], "action": "erase"}
    )
    assert not Contact.objects.filter(first_name="Ancien").exists()
    assert names(retention_candidates()) == set()


def test_reader_cannot_act(base, reader):
    client = Client()
    client.force_login(reader)
    assert client.get("/privacy/retention/").status_code == 200
    response = client.post(
        "/privacy/retention/", {"contacts": [base["Oubliee"].pk], "action": "keep"}
    )
    assert response.status_code == 403


def test_cli_lists_them(base):
    result = CliRunner().invoke(cli, ["privacy", "retention"])
    assert result.exit_code == 0, result.output
    assert "2 contact(s) to review" in result.output
    assert "Oubliee Test" in result.output and "Cliente" not in result.output
    result = CliRunner().invoke(cli, ["privacy", "retention", "--months", "60"])
    assert "0 contact(s) to review" in result.output
