"""Mentions linked to contacts, triage through the API, the JSONL contract of the CLI, spikes."""
# ruff: noqa: F811  (the API fixtures are imported by name; test arguments reuse the names)

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from relais.cli.commands import cli
from relais.contacts import services as contact_services
from relais.contacts.models import Provenance
from relais.listening.connectors import Item
from relais.listening.models import LabelCorrection, Mention, Source
from relais.listening.selectors import label_corrections, spikes
from relais.listening.services.linking import link_mentions
from relais.listening.services.store import store_items
from tests.integration.api_fixtures import Api, api, bearer  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(
        name="tag #relais", kind="rss", url="https://x.example/tags/relais.rss"
    )


def _store(source, *items: Item) -> list[Mention]:
    stored = store_items(source, list(items))
    link_mentions(stored.new)
    return [Mention.objects.get(pk=m.pk) for m in stored.new]


def _contact(first, last, *points):
    return contact_services.create_contact(
        actor=None,
        source=contact_services.Source.manual("api"),
        first_name=first,
        last_name=last,
        points=[contact_services.PointInput(kind, value) for kind, value in points],
    )


def test_linked_by_handle_then_email_then_name(source):
    camille = _contact(
        "Camille", "Dubois", ("mastodon", "https://piaille.example/@camille")
    )
    tom = _contact("Tom", "Hughes", ("email", "Tom@TomWrites.dev"))
    julie = _contact("Julie", "Martin", ("email", "julie.martin@agence-martin.example"))
    by_handle, by_email, by_name, nobody = _store(
        source,
        Item(
            guid="1",
            text="a",
            author_name="C. D.",
            author_handle="@camille@piaille.example",
        ),
        Item(
            guid="2", text="b", author_name="Thomas", author_email="tom@tomwrites.dev"
        ),
        Item(
            guid="3",
            text="c",
            author_name="Julie Martin",
            author_handle="julie-martin.bsky.social",
        ),
        Item(guid="4", text="d", author_name="Someone Else"),
    )
    assert by_handle.contact_id == camille.pk
    assert by_handle.link_evidence == {
        "rule": "handle",
        "detail": "@camille@piaille.example",
        "score": 1.0,
    }
    assert by_email.contact_id == tom.pk and by_email.link_evidence["rule"] == "email"
    assert by_name.contact_id == julie.pk and by_name.link_evidence["rule"] == "name"
    assert 0.5 < by_name.link_evidence["score"] <= 1.0
    assert nobody.contact_id is None


def test_not_this_person_unlinks_and_is_remembered(source, api: Api):
    julie = _contact("Julie", "Martin")
    (mention,) = _store(
        source,
        Item(
            guid="1",
            text="x",
            author_name="Julie Martin",
            author_handle="jm.bsky.social",
        ),
    )
    assert mention.contact_id == julie.pk
    reply = api.post(f"/mentions/{mention.pk}/not-this-person")
    assert reply.status_code == 200 and reply.json()["contact_id"] is None
    (later,) = _store(
        source,
        Item(
            guid="2",
            text="y",
            author_name="Julie Martin",
            author_handle="jm.bsky.social",
        ),
    )
    assert (
        later.contact_id is None
    )  # that contact is not proposed again for this author
    assert api.post(f"/mentions/{mention.pk}/not-this-person").status_code == 422


def test_create_contact_from_author_with_mention_provenance(source, api: Api):
    (mention,) = _store(
        source,
        Item(
            guid="1",
            url="https://piaille.example/@nora/1",
            text="x",
            author_name="Nora Ellis",
            author_handle="@nora@piaille.example",
            author_url="https://piaille.example/@nora",
        ),
    )
    reply = api.post(f"/mentions/{mention.pk}/contact", {})
    assert reply.status_code == 200, reply.content
    contact_id = reply.json()["contact_id"]
    provenance = Provenance.objects.get(contact_id=contact_id)
    assert (
        provenance.source_kind == "mention" and "tag #relais" in provenance.source_name
    )
    kinds = set(provenance.contact.points.values_list("kind", "normalized_value"))
    assert ("mastodon", "@nora@piaille.example") in kinds
    (next_one,) = _store(
        source, Item(guid="2", text="y", author_handle="@nora@piaille.example")
    )
    assert next_one.contact_id == contact_id  # the next mention finds the new contact


def test_triage_through_the_api_keeps_label_corrections(source, api: Api, member):
    (mention,) = _store(
        source,
        Item(guid="1", title="Toujours pas remboursé", text="Le SAV ne répond plus."),
    )
    reply = api.patch(
        f"/mentions/{mention.pk}",
        {"status": "handled", "label": "complaint", "assignee": member.email},
    )
    assert reply.status_code == 200, reply.content
    body = reply.json()
    assert (body["status"], body["label"], body["assignee"]) == (
        "handled",
        "complaint",
        member.email,
    )
    correction = LabelCorrection.objects.get()
    assert correction.corrected_by == member and correction.label == "complaint"
    assert label_corrections() == [
        ("Toujours pas remboursé\nLe SAV ne répond plus.", "complaint")
    ]
    bad = api.patch(f"/mentions/{mention.pk}", {"label": "angry"})
    assert bad.status_code == 422 and "label" in bad.json()["errors"]


def test_read_only_users_cannot_triage(source, reader):
    (mention,) = _store(source, Item(guid="1", text="x"))
    reply = bearer(reader).patch(f"/mentions/{mention.pk}", {"status": "seen"})
    assert reply.status_code == 403
    assert Mention.objects.get(pk=mention.pk).status == "new"


def test_list_and_counts_filter(source, api: Api):
    _store(source, Item(guid="1", text="un"), Item(guid="2", text="deux"))
    Mention.objects.filter(guid="1").update(label="praise", lang="fr")
    Mention.objects.filter(guid="2").update(label="question", lang="fr")
    listed = api.get("/mentions", label="praise")
    assert listed.status_code == 200
    assert [m["guid"] for m in listed.json()["items"]] == ["1"]
    counts = api.get("/mentions/counts").json()
    assert counts["label"] == {"praise": 1, "question": 1} and counts["status"] == {
        "new": 2
    }
    assert api.get("/mentions/999999").status_code == 404


def test_cli_mentions_list_jsonl_contract(source):
    _store(
        source,
        Item(
            guid="g1",
            url="https://x.example/1",
            title="Titre",
            text="Texte",
            author_name="Léa",
            author_handle="@lea@x.example",
            author_url="https://x.example/@lea",
            published_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        ),
    )
    result = CliRunner().invoke(
        cli, ["mentions", "list", "--format", "jsonl", "--source", "tag #relais"]
    )
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    record = json.loads(line)
    for key in (
        "id",
        "source",
        "url",
        "guid",
        "author",
        "title",
        "text",
        "lang",
        "published_at",
        "updated_at",
        "versions",
        "label",
        "scores",
        "contact_id",
    ):
        assert key in record
    assert record["author"] == {
        "name": "Léa",
        "handle": "@lea@x.example",
        "url": "https://x.example/@lea",
    }
    assert (
        record["published_at"] == "2026-12-01T00:00:00+00:00"
        and record["versions"] == []
    )


def test_cli_sources_add_refuses_a_private_address():
    result = CliRunner().invoke(cli, ["sources", "add", "http://169.254.169.254/feed"])
    assert result.exit_code == 1
    assert "link-local" in result.output


def test_spike_far_above_the_usual_day(source):
    now = timezone.now()
    items = [
        Item(guid=f"old{i}", text="x", published_at=now - dt.timedelta(days=1 + i % 14))
        for i in range(28)
    ]
    _store(source, *items)
    assert spikes(now) == {}  # two a day is the usual
    _store(
        source,
        *[
            Item(guid=f"new{i}", text="x", published_at=now - dt.timedelta(hours=1))
            for i in range(12)
        ],
    )
    assert spikes(now) == {"tag #relais": {"today": 12, "usual": 2.0}}


def test_stored_mentions_are_labelled_by_the_classifier(source):
    complaint, praise = _store(
        source,
        Item(
            guid="c1",
            text="Trois semaines que ma commande n'est pas arrivée et le service client "
            "ne répond plus à mes mails. Je veux être remboursée.",
        ),
        Item(
            guid="p1",
            text="Honestly the best support team I've dealt with this year, they "
            "sorted everything in ten minutes. Thank you!",
        ),
    )
    assert complaint.label == "complaint" and complaint.lang == "fr"
    assert praise.label == "praise" and praise.lang == "en"
    assert abs(sum(complaint.scores.values()) - 1) < 0.01
    assert complaint.evidence, "the label comes with the features that weighed most"
