"""The mentions inbox pages: login, filters, escaping, triage without JavaScript, roles."""

from __future__ import annotations

import pytest
from django.test import Client

from relais.listening.models import LabelCorrection, Mention, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentions():
    source = Source.objects.create(
        name="blog", kind="rss", url="https://b.example/feed"
    )
    common = {"source": source, "content_hash": "h"}
    return [
        Mention.objects.create(
            identity="u:1",
            guid="1",
            text="<script>alert(1)</script> cassé",
            label="complaint",
            lang="fr",
            **common,
        ),
        Mention.objects.create(
            identity="u:2",
            guid="2",
            text="Great tool",
            label="praise",
            lang="en",
            **common,
        ),
    ]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_inbox_requires_login(client):
    assert client.get("/mentions/").status_code == 302


def test_inbox_lists_filters_and_escapes(member, mentions):
    page = _client(member).get("/mentions/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; cassé" in html
        and "<script>alert(1)" not in html
    )
    assert "Great tool" in html
    filtered = _client(member).get("/mentions/", {"label": "praise"}).content.decode()
    assert "Great tool" in filtered and "cassé" not in filtered


def test_inbox_in_french(member, mentions):
    client = _client(member)
    html = client.get("/mentions/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        "Réclamation" in html and "Traitée" in html and "Pas cette personne" not in html
    )
    assert "Filtrer les mentions" in html


def test_triage_without_javascript(member, mentions):
    client = _client(member)
    reply = client.post(f"/mentions/{mentions[0].pk}/status/", {"status": "handled"})
    assert reply.status_code == 302
    assert Mention.objects.get(pk=mentions[0].pk).status == "handled"
    client.post(f"/mentions/{mentions[1].pk}/label/", {"label": "question"})
    assert LabelCorrection.objects.get().label == "question"
    bad = client.post(
        f"/mentions/{mentions[1].pk}/label/",
        {"label": "<b>x</b>"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 422 and "<b>" not in bad.content.decode()


def test_htmx_triage_swaps_the_card_and_refreshes_counts(member, mentions):
    reply = _client(member).post(
        f"/mentions/{mentions[1].pk}/status/",
        {"status": "seen"},
        HTTP_HX_REQUEST="true",
    )
    assert reply.status_code == 200 and reply["HX-Trigger"] == "mentions-changed"
    assert f'id="mention-{mentions[1].pk}"' in reply.content.decode()
    counts = _client(member).get("/mentions/counts/").content.decode()
    assert "New: 1" in counts


def test_triage_without_javascript_goes_back_to_the_inbox_only(member, mentions):
    client = _client(member)
    url = f"/mentions/{mentions[0].pk}/status/"
    kept = client.post(url, {"status": "seen", "next": "/mentions/?label=complaint"})
    assert kept.status_code == 302 and kept["Location"] == "/mentions/?label=complaint"
    for elsewhere in ("https://evil.example/", "//evil.example/x"):
        refused = client.post(url, {"status": "seen", "next": elsewhere})
        assert refused.status_code == 302 and refused["Location"] == "/mentions/"


def test_reader_cannot_triage(reader, mentions):
    reply = _client(reader).post(
        f"/mentions/{mentions[0].pk}/status/", {"status": "handled"}
    )
    assert reply.status_code == 403
    assert Mention.objects.get(pk=mentions[0].pk).status == "new"


def test_contact_timeline_shows_their_mentions(member, mentions):
    from relais.contacts import services

    contact = services.create_contact(
        actor=None,
        source=services.Source.manual("api"),
        first_name="Léa",
        last_name="Marchetti",
    )
    Mention.objects.filter(pk=mentions[1].pk).update(
        contact=contact, title="Relais, trois mois après"
    )
    html = _client(member).get(f"/contacts/{contact.pk}/").content.decode()
    assert "Relais, trois mois après" in html and "Great tool" in html
    assert f"/mentions/?contact={contact.pk}" in html


def test_a_javascript_link_from_a_feed_is_never_a_link(member, mentions):
    Mention.objects.filter(pk=mentions[0].pk).update(
        url="javascript:alert(document.cookie)", title="Piège"
    )
    html = _client(member).get("/mentions/").content.decode()
    assert "Piège" in html and "javascript:alert" not in html
