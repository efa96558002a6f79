"""Lawful basis and consent: recorded with source and date, history kept, current basis on
the contact, filterable, in the JSONL export and the API, and what ``can_contact`` answers."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.utils import timezone

from relais.audit.models import AuditEntry
from relais.contacts.export import export_contacts
from relais.contacts.selectors import ContactFilter, list_contacts
from relais.core.errors import Forbidden, InvalidInput
from relais.privacy.models import ConsentRecord, LawfulBasis
from relais.privacy.services.consent import (
    can_contact,
    consent_history,
    set_lawful_basis,
)

from .api_fixtures import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def helene(make_contact):
    return make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@brasserie-lefevre.fr"]
    )


def test_history_is_kept_and_the_latest_basis_is_current(helene, member):
    signed = dt.date(2024, 3, 15)
    set_lawful_basis(
        actor=member,
        contact=helene,
        basis=LawfulBasis.CONSENT,
        source="Formulaire salon Nantes 2024",
        given_at=signed,
    )
    set_lawful_basis(
        actor=member, contact=helene, basis=LawfulBasis.OPTED_OUT, source="e-mail reçu"
    )
    helene.refresh_from_db()
    assert helene.lawful_basis == LawfulBasis.OPTED_OUT
    history = consent_history(helene)
    assert [h.basis for h in history] == ["opted_out", "consent"]
    assert history[1].source == "Formulaire salon Nantes 2024"
    assert history[1].given_at.date() == signed
    assert history[0].recorded_by == member
    entry = AuditEntry.objects.filter(action="contact.lawful_basis").first()
    assert entry.changes["lawful_basis"] == ["consent", "opted_out"]


def test_a_basis_backdated_before_the_current_one_does_not_replace_it(helene, member):
    set_lawful_basis(actor=member, contact=helene, basis=LawfulBasis.CUSTOMER)
    set_lawful_basis(
        actor=member,
        contact=helene,
        basis=LawfulBasis.CONSENT,
        given_at=timezone.now() - dt.timedelta(days=400),
    )
    helene.refresh_from_db()
    assert helene.lawful_basis == LawfulBasis.CUSTOMER
    assert ConsentRecord.objects.filter(contact=helene).count() == 2


@pytest.mark.parametrize(
    ("basis", "marketing", "service"),
    [
        ("", False, False),
        (LawfulBasis.CONSENT, True, True),
        (LawfulBasis.LEGITIMATE_INTEREST, True, True),
        (LawfulBasis.CUSTOMER, True, True),
        (LawfulBasis.OPTED_OUT, False, True),
    ],
)
def test_can_contact(helene, member, basis, marketing, service):
    if basis:
        set_lawful_basis(actor=member, contact=helene, basis=basis)
        helene.refresh_from_db()
    assert can_contact(helene) is marketing
    assert can_contact(helene, purpose="marketing") is marketing
    assert can_contact(helene, purpose="service") is service


def test_bad_input_names_the_field(helene, member, reader):
    with pytest.raises(InvalidInput) as error:
        set_lawful_basis(actor=member, contact=helene, basis="because")
    assert "basis" in error.value.errors
    with pytest.raises(InvalidInput) as error:
        set_lawful_basis(
            actor=member,
            contact=helene,
            basis="consent",
            given_at=timezone.now() + dt.timedelta(days=30),
        )
    assert "given_at" in error.value.errors
    with pytest.raises(InvalidInput):
        can_contact(helene, purpose="spam")
    with pytest.raises(Forbidden):
        set_lawful_basis(actor=reader, contact=helene, basis="consent")


def test_filter_and_export(helene, member, make_contact):
    other = make_contact(first_name="Kate", last_name="Smith")
    set_lawful_basis(actor=member, contact=helene, basis=LawfulBasis.CONSENT)
    assert list(list_contacts(ContactFilter(lawful_basis="consent"))) == [helene]
    assert list(list_contacts(ContactFilter(lawful_basis="none"))) == [other]
    with pytest.raises(InvalidInput):
        list(list_contacts(ContactFilter(lawful_basis="maybe")))
    out = io.StringIO()
    export_contacts(fmt="jsonl", out=out)
    records = {r["last_name"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert records["Lefèvre"]["lawful_basis"] == "consent"
    assert records["Smith"]["lawful_basis"] is None


def test_api(api: Api, reader_api: Api, helene) -> None:
    response = api.post(
        f"/contacts/{helene.pk}/consent",
        {"basis": "legitimate_interest", "source": "client depuis 2019"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["basis"] == "legitimate_interest"
    assert (
        api.get(f"/contacts/{helene.pk}").json()["lawful_basis"]
        == "legitimate_interest"
    )
    history = api.get(f"/contacts/{helene.pk}/consent").json()
    assert [h["source"] for h in history] == ["client depuis 2019"]
    listed = api.get("/contacts", lawful_basis="legitimate_interest").json()
    assert [c["id"] for c in listed["items"]] == [helene.pk]
    bad = api.post(f"/contacts/{helene.pk}/consent", {"basis": "because"})
    assert bad.status_code == 422 and "basis" in bad.json()["errors"]
    assert (
        reader_api.post(
            f"/contacts/{helene.pk}/consent", {"basis": "consent"}
        ).status_code
        == 403
    )
