"""Self-service update links: the public page, what cannot be done with a link (forge it,
use it after it expires or after a newer one, use it for someone else, use it once the
contact is erased or merged), changes landing with provenance "self-update", review mode,
CSRF and rate limits, and the yearly email that carries the link."""

from __future__ import annotations

import time

import itsdangerous
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from itsdangerous import URLSafeTimedSerializer

from relais.contacts.models import Contact, Provenance
from relais.privacy.mail import check_details_email
from relais.privacy.models import ConsentRecord, SelfUpdateLink, SelfUpdateProposal
from relais.privacy.services import self_update
from relais.privacy.services.erasure import erase_contacts
from relais.privacy.services.self_update import (
    SALT,
    decide,
    issue_link,
    self_update_url,
)
from relais.timeline.models import Task
from relais.web.views import self_update as view

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def helene(make_contact, member):
    return make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        title="Gérante",
        organisation="Brasserie Lefèvre",
        emails=["helene@brasserie-lefevre.fr"],
        phones=["06 12 34 56 78"],
        owner=member,
        language="fr",
    )


@pytest.fixture
def kate(make_contact):
    return make_contact(
        first_name="Kate", last_name="Smith", emails=["kate@globex.co.uk"]
    )


def path_of(link: SelfUpdateLink) -> str:
    return f"/update/{link.token}/"


def form_data(**changes) -> dict[str, str]:
    data = {
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "title": "Gérante",
        "organisation": "Brasserie Lefèvre",
        "city": "",
        "language": "fr",
        "emails": "helene@brasserie-lefevre.fr",
        "phones": "06 12 34 56 78",
        "marketing": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != "" or k != "marketing"}


def test_the_page_shows_what_is_held_without_login(helene, member):
    link = issue_link(actor=member, contact=helene)
    page = Client().get(path_of(link))
    assert page.status_code == 200
    html = page.content.decode()
    for held in (
        "Hélène",
        "Lefèvre",
        "Gérante",
        "Brasserie Lefèvre",
        "helene@brasserie-lefevre.fr",
        "06 12 34 56 78",
    ):
        assert held in html  # fmt: skip
    assert "csrfmiddlewaretoken" in html
    assert page["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # bad signature
        lambda t: "x" + t,
        lambda t: "not-a-token",
        lambda t: URLSafeTimedSerializer(
            settings.SECRET_KEY, salt="another.purpose"
        ).dumps({"c": 1, "l": 1}),
        lambda t: URLSafeTimedSerializer("someone else's key", salt=SALT).dumps(
            {"c": 1, "l": 1}
        ),
    ],
)
def test_a_forged_link_gets_a_clear_page(helene, member, mangle):
    link = issue_link(actor=member, contact=helene)
    page = Client().get(f"/update/{mangle(link.token)}/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "This link is not valid" in html
    assert "Traceback" not in html and "Hélène" not in html


def test_a_link_is_for_one_contact_only(helene, kate, member):
    """A token signed with the right key but naming Kate with Hélène's link row is refused,
    and Hélène's link only ever changes Hélène."""
    link = issue_link(actor=member, contact=helene)
    issue_link(actor=member, contact=kate)
    crafted = URLSafeTimedSerializer(settings.SECRET_KEY, salt=SALT).dumps(
        {"c": kate.pk, "l": link.pk}
    )
    assert Client().get(f"/update/{crafted}/").status_code == 404
    Client().post(path_of(link), form_data(title="Directrice"))
    kate.refresh_from_db()
    helene.refresh_from_db()
    assert helene.title == "Directrice" and kate.title == ""


def test_an_expired_link_says_so(helene, member, monkeypatch):
    past = int(time.time()) - (settings.RELAIS_SELF_UPDATE_DAYS + 1) * 86400
    monkeypatch.setattr(
        itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: past
    )
    link = issue_link(actor=member, contact=helene)
    monkeypatch.undo()
    page = Client().get(path_of(link))
    assert page.status_code == 404
    assert "This link has expired" in page.content.decode()
    assert Client().post(path_of(link), form_data(title="X")).status_code == 404
    helene.refresh_from_db()
    assert helene.title == "Gérante"


def test_a_newer_link_replaces_the_older(helene, member):
    old = issue_link(actor=member, contact=helene)
    new = issue_link(actor=member, contact=helene)
    page = Client().get(path_of(old))
    assert page.status_code == 404 and "A newer link was sent" in page.content.decode()
    assert Client().get(path_of(new)).status_code == 200


def test_copying_the_link_reuses_the_current_one(helene, member):
    first = self_update_url(helene, actor=member)
    assert self_update_url(helene, actor=member) == first
    assert first.startswith(settings.RELAIS_BASE_URL + "/update/")
    assert SelfUpdateLink.objects.filter(contact=helene).count() == 1


def test_erased_or_merged_contacts_links_stop_working(helene, kate, member, admin):
    link = issue_link(actor=member, contact=helene)
    other = issue_link(actor=member, contact=kate)
    erase_contacts(actor=admin, contacts=[helene])
    assert Client().get(path_of(link)).status_code == 404
    Contact.objects.filter(pk=kate.pk).update(status=Contact.Status.ARCHIVED)
    assert Client().get(path_of(other)).status_code == 404


def test_changes_are_applied_with_self_update_provenance(helene, member):
    link = issue_link(actor=member, contact=helene)
    response = Client().post(
        path_of(link),
        form_data(
            title="Directrice générale",
            emails="helene@brasserie-lefevre.fr\nh.lefevre@gmail.com",
            phones="",
            marketing="on",
        ),
    )
    assert response.status_code == 200
    assert "Your details are up to date" in response.content.decode()
    helene.refresh_from_db()
    assert helene.title == "Directrice générale"
    assert set(helene.points.values_list("normalized_value", flat=True)) == {
        "helene@brasserie-lefevre.fr",
        "h.lefevre@gmail.com",
    }
    kinds = Provenance.objects.filter(contact=helene, source_kind="self-update")
    assert any("title" in p.fields for p in kinds)
    gmail = helene.points.get(normalized_value="h.lefevre@gmail.com")
    assert any(gmail.pk in p.points for p in kinds)
    assert helene.lawful_basis == "consent"
    assert ConsentRecord.objects.get(contact=helene).source == "self-update link"
    assert "title" in helene.fields_confirmed_at
    assert helene.freshness == 100
    proposal = SelfUpdateProposal.objects.get(contact=helene)
    assert proposal.status == "applied"
    assert proposal.changes["fields"]["title"] == ["Gérante", "Directrice générale"]


def test_bad_input_comes_back_on_the_form(helene, member):
    link = issue_link(actor=member, contact=helene)
    response = Client().post(
        path_of(link), form_data(emails="pas-une-adresse", language="xx")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "pas-une-adresse" in html
    assert "not a valid" in html.lower() or "valid choice" in html.lower()
    assert not SelfUpdateProposal.objects.exists()


def test_review_mode_keeps_changes_for_the_owner(helene, member, settings):
    settings.RELAIS_SELF_UPDATE_MODE = "review"
    link = issue_link(actor=member, contact=helene)
    response = Client().post(path_of(link), form_data(title="Directrice"))
    assert "will be applied once checked" in response.content.decode()
    helene.refresh_from_db()
    assert helene.title == "Gérante"
    proposal = SelfUpdateProposal.objects.get(contact=helene)
    assert proposal.status == "pending"
    task = Task.objects.get(contact=helene)
    assert task.assignee == member

    decide(actor=member, proposal=proposal, approve=True)
    helene.refresh_from_db()
    assert helene.title == "Directrice"
    assert Provenance.objects.filter(contact=helene, source_kind="self-update").exists()
    with pytest.raises(Exception, match="already decided"):
        decide(actor=member, proposal=proposal, approve=False)


def test_review_from_the_contact_page(helene, member, settings):
    settings.RELAIS_SELF_UPDATE_MODE = "review"
    link = issue_link(actor=member, contact=helene)
    Client().post(path_of(link), form_data(title="Directrice"))
    client = Client()
    client.force_login(member)
    page = client.get(f"/contacts/{helene.pk}/").content.decode()
    assert "The contact sent corrections" in page and "Directrice" in page
    proposal = SelfUpdateProposal.objects.get()
    client.post(f"/self-updates/{proposal.pk}/decide/", {"decision": "reject"})
    proposal.refresh_from_db()
    helene.refresh_from_db()
    assert proposal.status == "rejected" and helene.title == "Gérante"


def test_the_form_is_csrf_protected(helene, member):
    link = issue_link(actor=member, contact=helene)
    response = Client(enforce_csrf_checks=True).post(
        path_of(link), form_data(title="X")
    )
    assert response.status_code == 403
    helene.refresh_from_db()
    assert helene.title == "Gérante"


def test_posts_are_rate_limited(helene, member, monkeypatch):
    monkeypatch.setattr(view, "POSTS_PER_HOUR", 2)
    link = issue_link(actor=member, contact=helene)
    client = Client()
    codes = [client.post(path_of(link), form_data()).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_copy_link_button(helene, member, reader):
    client = Client()
    client.force_login(member)
    response = client.post(
        f"/contacts/{helene.pk}/self-update-link/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    link = SelfUpdateLink.objects.get(contact=helene)
    assert link.token in response.content.decode()
    client.force_login(reader)
    assert client.post(f"/contacts/{helene.pk}/self-update-link/").status_code == 403


def test_yearly_email_in_the_contact_language(helene, kate, member):
    french = check_details_email(helene, sender="Marc, Relais SAS")
    assert french.subject == "Vos coordonnées sont-elles toujours à jour ?"
    assert "Bonjour Hélène" in french.body
    assert self_update_url(helene) in french.body
    english = check_details_email(kate)
    assert english.subject == "Are your details still right?"
    assert "Hello Kate" in english.body
    assert (
        self_update.link_url(SelfUpdateLink.objects.get(contact=kate)) in english.body
    )


def test_a_language_the_interface_lacks_is_kept(make_contact, member):
    hans = make_contact(
        first_name="Hans",
        last_name="Müller",
        language="de",
        emails=["hans@beispiel.de"],
    )
    link = issue_link(actor=member, contact=hans)
    page = Client().get(path_of(link)).content.decode()
    assert 'value="de" selected' in page
    Client().post(
        path_of(link),
        {
            "first_name": "Hans",
            "last_name": "Müller",
            "language": "de",
            "emails": "hans@beispiel.de",
            "title": "CTO",
        },
    )
    hans.refresh_from_db()
    assert hans.language == "de" and hans.title == "CTO"
