"""The privacy parts of the web UI: the contact page card (freshness, lawful basis, confirm),
the access export page and download, the erase confirmation (admins only), the freshness
dashboard and the contact list's filters."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from relais.contacts import services
from relais.contacts.models import Contact
from relais.privacy.models import FreshnessSnapshot
from relais.privacy.services.freshness import refresh_freshness

pytestmark = pytest.mark.django_db


@pytest.fixture
def helene(make_contact, member):
    contact = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        emails=["helene@brasserie-lefevre.fr"],
        phones=["06 12 34 56 78"],
    )
    services.add_note(
        actor=member, contact=contact, body="Préfère les appels le matin."
    )
    refresh_freshness()
    return contact


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_card_shows_freshness_and_records_a_basis(helene, member):
    client = signed_in(member)
    page = client.get(f"/contacts/{helene.pk}/").content.decode()
    assert "Freshness and privacy" in page
    assert "100/100" in page
    assert "No lawful basis recorded" in page
    response = client.post(
        f"/contacts/{helene.pk}/consent/",
        {"basis": "consent", "source": "Formulaire du site", "given_on": "2025-02-03"},
    )
    assert response.status_code == 302
    page = client.get(f"/contacts/{helene.pk}/").content.decode()
    assert "Opt-in consent" in page and "Formulaire du site" in page
    helene.refresh_from_db()
    assert helene.lawful_basis == "consent"
    bad = client.post(
        f"/contacts/{helene.pk}/consent/", {"basis": "because"}, follow=True
    )
    assert "because" in bad.content.decode()  # the error names the bad value


def test_confirm_button(helene, member):
    client = signed_in(member)
    helene.points.filter(kind="phone").update(invalid_since=timezone.now())
    assert (
        "06 12 34 56 78 no longer works"
        in client.get(f"/contacts/{helene.pk}/").content.decode()
    )
    client.post(f"/contacts/{helene.pk}/confirm/")
    helene.refresh_from_db()
    assert "title" in helene.fields_confirmed_at
    assert (
        helene.points.filter(confirmed_at__isnull=False).count() == 1
    )  # the valid one


def test_reader_sees_no_controls_and_cannot_write(helene, reader):
    client = signed_in(reader)
    page = client.get(f"/contacts/{helene.pk}/").content.decode()
    assert "Record a lawful basis" not in page and "Confirm details" not in page
    assert "Erase…" not in page
    for path in ("consent/", "confirm/", "self-update-link/"):
        assert (
            client.post(
                f"/contacts/{helene.pk}/{path}", {"basis": "consent"}
            ).status_code
            == 403
        )


def test_access_export_page_and_download(helene, member, make_contact):
    other = make_contact(first_name="Kate", last_name="Smith")
    services.add_note(
        actor=member, contact=other, body="Présentée par helene@brasserie-lefevre.fr"
    )
    client = signed_in(member)
    page = client.get(f"/contacts/{helene.pk}/access/").content.decode()
    for held in (
        "helene@brasserie-lefevre.fr",
        "+33612345678",
        "Préfère les appels le matin.",
    ):
        assert held in page
    download = client.get(f"/contacts/{helene.pk}/access/?format=json")
    assert download["Content-Disposition"].startswith("attachment;")
    document = json.loads(download.content)
    assert document["contacts"][0]["contact"]["id"] == helene.pk
    assert document["contacts"][0]["notes"][0]["body"] == "Préfère les appels le matin."


def test_erase_needs_an_admin_and_a_confirmation(helene, member, admin):
    assert signed_in(member).get(f"/contacts/{helene.pk}/erase/").status_code == 403
    client = signed_in(admin)
    page = client.get(f"/contacts/{helene.pk}/erase/").content.decode()
    assert "cannot be undone" in page and "1 email address" in page
    unconfirmed = client.post(f"/contacts/{helene.pk}/erase/", {})
    assert unconfirmed.status_code == 200
    assert Contact.objects.filter(pk=helene.pk).exists()
    done = client.post(f"/contacts/{helene.pk}/erase/", {"confirm": "yes"}, follow=True)
    assert not Contact.objects.filter(pk=helene.pk).exists()
    html = done.content.decode()
    assert "erased from every table" in html and "Hélène" not in html


def test_dashboard_draws_the_share_of_each_band(helene, member, make_contact):
    today = dt.date.today()
    FreshnessSnapshot.objects.create(
        day=today - dt.timedelta(days=2), fresh=8, ageing=1, stale=1
    )
    FreshnessSnapshot.objects.create(
        day=today - dt.timedelta(days=1), fresh=6, ageing=2, stale=2
    )
    FreshnessSnapshot.objects.create(
        day=today - dt.timedelta(days=500), fresh=1
    )  # too old
    Contact.objects.create(display_name="Old", freshness=12)
    page = signed_in(member).get("/privacy/freshness/").content.decode()
    assert "<svg" in page and page.count("<rect") >= 6 + 4  # bars and legend
    assert "Probably stale" in page and "Old" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_list_filters(helene, member):
    Contact.objects.create(display_name="Ancien Contact", freshness=20)
    client = signed_in(member)
    stale = client.get("/contacts/", {"freshness": "stale"}).content.decode()
    assert "Ancien Contact" in stale and "Hélène" not in stale
    none = client.get("/contacts/", {"lawful_basis": "none"}).content.decode()
    assert "Hélène" in none
    consent = client.get("/contacts/", {"lawful_basis": "consent"}).content.decode()
    assert "Hélène" not in consent


def test_a_contact_not_scored_yet_shows_a_score_without_storing_it(
    make_contact, member
):
    fresh = make_contact(
        first_name="Zoé", last_name="Nouvelle", emails=["zoe@exemple.fr"]
    )
    assert fresh.freshness is None
    page = signed_in(member).get(f"/contacts/{fresh.pk}/").content.decode()
    assert "100/100" in page
    fresh.refresh_from_db()
    assert fresh.freshness is None
