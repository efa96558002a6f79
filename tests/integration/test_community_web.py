"""The community page and the contact page's contributions: login, order, components, FR/EN."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from relais.community import services
from relais.contacts.models import Contact
from relais.listening.models import Mention, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def community() -> Source:
    source = Source.objects.create(
        name="Planète", kind="atom", url="https://planet.example/"
    )
    posts = [
        (
            "lea",
            "Léa",
            "https://carnet-de-lea.fr/1",
            "Relais CRM contacts import doublons",
        ),
        ("lea", "Léa", "https://carnet-de-lea.fr/2", "Relais CRM contacts campagnes"),
        (
            "marc",
            "Marc",
            "https://marc.example/1",
            "Relais CRM https://carnet-de-lea.fr/1",
        ),
        ("x", "<script>alert(1)</script>", "https://x.example/1", "Concert vendredi"),
    ]
    for i, (handle, name, url, text) in enumerate(posts):
        Mention.objects.create(
            source=source,
            identity=f"u:{url}",
            url=url,
            author_handle=handle,
            author_name=name,
            text=text,
            content_hash=str(i),
        )
    services.sync()
    return source


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_community_requires_login(client):
    assert client.get("/community/").status_code == 302


def test_community_sorts_by_influence_and_shows_components(member, community):
    html = _client(member).get("/community/").content.decode()
    names = re.findall(r'<tr data-author="\d+">\s*<td>([^<]+)<', html)
    assert names[0] == "Léa" and len(names) == 3
    scores = [float(s) for s in re.findall(r'class="num influence">([\d.]+)<', html)]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    for column in ("Reach", "Engagement", "Relevance", "Activity"):
        assert f">{column}</th>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    by_reach = _client(member).get("/community/", {"sort": "reach"}).content.decode()
    assert 'aria-current="true">reach' in by_reach


def test_community_in_french(member, community):
    client = _client(member)
    html = client.get("/community/", headers={"accept-language": "fr"}).content.decode()
    assert "Communauté" in html and "Pertinence" in html


def test_contact_page_lists_the_persons_contributions(member, community):
    lea = Contact.objects.create(first_name="Léa", display_name="Léa")
    Mention.objects.filter(author_handle="lea").update(contact=lea)
    services.sync()
    html = _client(member).get(f"/contacts/{lea.pk}/").content.decode()
    assert 'id="contributions"' in html and "post 2" in html and "Planète" in html
