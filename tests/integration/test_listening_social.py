"""Mastodon, Discourse and Bluesky from recorded API payloads, and the signed webhook."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from relais.listening.models import Mention, Source
from relais.listening.services.poll import poll_all
from relais.listening.services.sources import add_source
from tests.integration import listening_fixtures
from tests.integration.api_fixtures import Api, api  # noqa: F401 (fixtures)

feeds = listening_fixtures.feeds  # the fixture, by name

pytestmark = pytest.mark.django_db
JSON = "application/json; charset=utf-8"


def test_mastodon_hashtag_timeline(feeds):
    feeds.serve_file("/api/v1/timelines/tag/relais", "mastodon_tag.json", JSON)
    source = add_source(
        actor=None, url=feeds.base, kind="mastodon", config={"tag": "#relais"}
    )
    assert poll_all().new == 2
    bastien = Mention.objects.get(
        url="https://mamot.example/@bastien/113604490011223344"
    )
    assert (
        bastien.author_handle == "@bastien@mamot.example"
    )  # remote account keeps its acct
    assert bastien.author_name == "Bastien Roux"
    assert (
        bastien.text
        == "Merci #relais, la déduplication m'a fait gagner une après-midi."
    )
    nora = Mention.objects.get(author_name="Nora Ellis")
    assert (
        nora.author_handle == "@nora@127.0.0.1"
    )  # a local account: the instance's host
    assert nora.text.startswith(
        "avis produit\nIs there a hosted plan"
    )  # content warning first
    source.refresh_from_db()
    assert source.cursor == "113604501234000001"
    poll_all()
    assert "since_id=113604501234000001" in feeds.last_request_path(
        "/api/v1/timelines/tag/relais"
    )


def test_mastodon_mentions_of_the_brand_account_need_a_token(feeds):
    feeds.serve_file("/api/v1/notifications", "mastodon_notifications.json", JSON)
    add_source(
        actor=None,
        url=feeds.base,
        kind="mastodon",
        config={"mentions": True, "token": "tok-123"},
    )
    assert poll_all().new == 1  # the favourite is not a mention
    mention = Mention.objects.get()
    assert "import stopped halfway" in mention.text
    assert (
        feeds.last_headers["/api/v1/notifications?types%5B%5D=mention&limit=40"][
            "Authorization"
        ]
        == "Bearer tok-123"
    )


def test_mastodon_refusal_recorded(feeds):
    feeds.serve(
        "/api/v1/notifications", '{"error": "The access token is invalid"}', status=401
    )
    source = add_source(
        actor=None,
        url=feeds.base,
        kind="mastodon",
        config={"mentions": True, "token": "x"},
    )
    assert poll_all().failed == 1
    source.refresh_from_db()
    assert "HTTP 401" in source.last_error and "credentials" in source.last_error


def test_discourse_latest_posts(feeds):
    feeds.serve_file("/posts.json", "discourse_posts.json", JSON)
    url = feeds.url("/posts.json")
    source = add_source(actor=None, url=url)
    assert (source.kind, source.url) == ("discourse", feeds.base)
    assert poll_all().new == 2
    post = Mention.objects.get(author_handle="slambert")
    assert post.title == "Campagne bloquée « en attente »"
    assert post.url == f"{feeds.base}/t/campagne-bloquee-en-attente/3120/1"
    assert (
        post.author_url == f"{feeds.base}/u/slambert"
        and post.author_name == "Sophie Lambert"
    )
    assert Mention.objects.get(author_handle="dev_mike").author_name == "dev_mike"


def test_bluesky_search_and_mentions_with_an_app_password(feeds):
    feeds.serve_file(
        "/xrpc/com.atproto.server.createSession", "bluesky_session.json", JSON
    )
    feeds.serve_file("/xrpc/app.bsky.feed.searchPosts", "bluesky_search.json", JSON)
    feeds.serve_file(
        "/xrpc/app.bsky.notification.listNotifications",
        "bluesky_notifications.json",
        JSON,
    )
    config = {
        "handle": "relais-crm.bsky.social",
        "app_password": "abcd-efgh-ijkl-mnop",
        "query": "relais",
        "mentions": True,
    }
    add_source(actor=None, url=feeds.base, kind="bluesky", config=config)
    assert poll_all().new == 3  # two found by search, one mention (the like is not one)
    login = json.loads(feeds.bodies["/xrpc/com.atproto.server.createSession"])
    assert login == {
        "identifier": "relais-crm.bsky.social",
        "password": "abcd-efgh-ijkl-mnop",
    }
    search_headers = feeds.last_headers[
        "/xrpc/app.bsky.feed.searchPosts?q=relais&limit=100&sort=latest"
    ]
    assert search_headers["Authorization"].startswith("Bearer eyJ0eXAiOiJhdCtqd3Qi")
    julie = Mention.objects.filter(author_handle="julie-martin.bsky.social").order_by(
        "published_at"
    )
    assert [m.url for m in julie] == [
        "https://bsky.app/profile/julie-martin.bsky.social/post/3lcwq2xk7ts2c",
        "https://bsky.app/profile/julie-martin.bsky.social/post/3lcwt5ab2cd2e",
    ]
    assert (
        julie[0].author_url
        == "https://bsky.app/profile/did:plc:u4x2ex7ample0000000000000"
    )
    ben = Mention.objects.get(author_handle="ops-ben.dev")
    assert ben.author_name == "ops-ben.dev"  # no display name: the handle


def _signed(body: bytes, secret: str = "s3cret") -> str:  # noqa: S107
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_webhook_accepts_signed_mentions_only(client, settings):
    settings.RELAIS_WEBHOOK_SECRET = "s3cret"
    body = json.dumps(
        {
            "source": "site-comments",
            "items": [
                {
                    "id": "c-981",
                    "url": "https://www.lumen.example/blog/lampe#comment-981",
                    "text": "<p>La lampe est arrivée cassée, <b>deuxième fois</b>.</p>",
                    "author": {"name": "Pierre Vidal", "email": "p.vidal@example.org"},
                    "published_at": "2026-12-07T12:00:00+01:00",
                }
            ],
        }
    ).encode()
    url = "/api/v1/mentions/webhook"
    refused = client.post(
        url,
        body,
        content_type="application/json",
        HTTP_X_RELAIS_SIGNATURE=_signed(body, "wrong"),
    )
    assert refused.status_code == 403 and Mention.objects.count() == 0
    unsigned = client.post(url, body, content_type="application/json")
    assert unsigned.status_code == 403
    accepted = client.post(
        url,
        body,
        content_type="application/json",
        HTTP_X_RELAIS_SIGNATURE=_signed(body),
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json() == {"new": 1, "updated": 0}
    mention = Mention.objects.get()
    assert mention.text == "La lampe est arrivée cassée, deuxième fois."
    assert (
        mention.source.kind == Source.Kind.WEBHOOK
        and mention.source.name == "site-comments"
    )
    again = client.post(
        url,
        body,
        content_type="application/json",
        HTTP_X_RELAIS_SIGNATURE=_signed(body),
    )
    assert again.json() == {"new": 0, "updated": 0}


def test_webhook_bad_body_names_the_field(client, settings):
    settings.RELAIS_WEBHOOK_SECRET = "s3cret"
    body = json.dumps(
        {"items": [{"text": "ok"}, {"author": "not an object", "text": "x"}]}
    ).encode()
    reply = client.post(
        "/api/v1/mentions/webhook",
        body,
        content_type="application/json",
        HTTP_X_RELAIS_SIGNATURE=_signed(body),
    )
    assert reply.status_code == 422
    assert "items[1].author" in reply.json()["errors"]
    assert Mention.objects.count() == 0  # nothing half-stored


def test_webhook_off_without_a_secret(client, settings):
    settings.RELAIS_WEBHOOK_SECRET = ""
    body = b'{"text": "hello"}'
    reply = client.post(
        "/api/v1/mentions/webhook",
        body,
        content_type="application/json",
        HTTP_X_RELAIS_SIGNATURE=_signed(body, ""),
    )
    assert reply.status_code == 403
    assert "RELAIS_WEBHOOK_SECRET" in reply.json()["detail"]
