"""Pure parts of listening: HTML reduced to text, canonical links, item keys, feed safety."""

from __future__ import annotations

import datetime as dt

import pytest

from relais.listening.connectors import Item, SourceError
from relais.listening.connectors.feeds import parse
from relais.listening.connectors.mastodon import item_of as mastodon_item
from relais.listening.services.store import item_key
from relais.listening.text import canonical_url, html_to_text


def test_html_reduced_to_text():
    html = (
        "<p>Bonjour&nbsp;!</p><script>steal()</script><style>p{}</style>"
        "<ul><li>un</li><li>deux &amp; trois</li></ul><p>Fin <b>gras</b></p>"
    )
    assert (
        html_to_text(html) == "Bonjour !\nun\ndeux & trois\nFin gras"
    )  # nbsp: a space
    assert html_to_text("  plain   text ") == "plain text"
    assert html_to_text("<p>unclosed <b>tag") == "unclosed tag"


@pytest.mark.parametrize(
    "url,canonical",
    [
        (
            "HTTPS://Blog.Example.FR:443/post/1?utm_source=rss&id=3#comments",
            "https://blog.example.fr/post/1?id=3",
        ),
        ("http://blog.example.fr:8080/p", "http://blog.example.fr:8080/p"),
        ("https://blog.example.fr", "https://blog.example.fr/"),
        ("at://did:plc:x/app.bsky.feed.post/1", "at://did:plc:x/app.bsky.feed.post/1"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_item_key_prefers_guid_then_link_then_title_and_date():
    when = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    with_guid = Item(guid="g", url="https://a.example/1", title="T", published_at=when)
    assert item_key(with_guid) == item_key(Item(guid="g", url="https://other.example/"))
    assert item_key(Item(url="https://a.example/1?utm_medium=x")) == item_key(
        Item(url="https://a.example/1")
    )
    assert item_key(Item(title="T", published_at=when)) != item_key(Item(title="T"))


def test_feed_declaring_entities_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<rss version="2.0"><channel><title>&b;</title></channel></rss>'
    )
    with pytest.raises(SourceError, match="declares XML entities"):
        parse(bomb)


def test_not_a_feed_is_an_error():
    with pytest.raises(SourceError, match="malformed feed"):
        parse(b"this is not xml at all <<<")


def test_mastodon_local_and_remote_accounts():
    status = {
        "id": "1",
        "uri": "https://a.example/users/bob/statuses/1",
        "url": "https://a.example/@bob/1",
        "content": "<p>Hi</p>",
        "created_at": "2026-12-06T17:02:40.000Z",
        "account": {
            "acct": "bob",
            "display_name": "",
            "username": "bob",
            "url": "https://a.example/@bob",
        },
    }
    assert mastodon_item(status, "a.example").author_handle == "@bob@a.example"
    status["account"]["acct"] = "bob@b.example"
    item = mastodon_item(status, "a.example")
    assert item.author_handle == "@bob@b.example" and item.author_name == "bob"
    assert item.published_at == dt.datetime(2026, 12, 6, 17, 2, 40, tzinfo=dt.UTC)
