"""The mentions inbox in a real browser: sources polled from a local feed server through the
CLI, then triaged with the keyboard; counts update in place; usable at 375 px and in French."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.feed_server import FeedServer

from .conftest import RELAIS, RelaisServer, serve, sign_in

RSS = "application/rss+xml; charset=utf-8"
CURRENT = re.compile(r"\bis-current\b")


def _relais(server: RelaisServer, feeds: FeedServer, *args: str) -> str:
    env = {**server.env, "RELAIS_OUTBOUND_ALLOW": ",".join(feeds.allow)}
    result = subprocess.run(
        [str(RELAIS), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def relais_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RelaisServer]:
    """A server of its own: other browser tests hear mentions too, and the counts here are
    exact."""
    with serve(tmp_path_factory.mktemp("relais-inbox")) as server:
        yield server


@pytest.mark.browser
def test_inbox_triage_with_the_keyboard(
    page: Page, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user(
        "nina.listen@relais.test", "member", "Nina", "Écoute"
    )
    with FeedServer() as feeds:
        feeds.serve_file("/blog.rss", "blog.rss", RSS)
        feeds.serve_file("/tags/relais.rss", "mastodon_tag.rss", RSS)
        _relais(
            relais_server,
            feeds,
            "sources",
            "add",
            feeds.url("/blog.rss"),
            "--name",
            "Carnet de Léa",
        )
        _relais(
            relais_server,
            feeds,
            "sources",
            "add",
            feeds.url("/tags/relais.rss"),
            "--name",
            "#relais",
        )
        polled = _relais(relais_server, feeds, "sources", "poll")
    assert "4 new mentions" in polled

    sign_in(page, relais_server, "nina.listen@relais.test", password)
    page.get_by_role("link", name="Mentions").click()
    cards = page.locator(".mention-card")
    expect(cards).to_have_count(4)
    counts = page.locator("#mention-counts")
    expect(counts).to_contain_text("New: 4")
    expect(counts).to_contain_text("Handled: 0")

    # The first card is current; j moves to the second, h marks it handled in place.
    expect(cards.nth(0)).to_have_class(CURRENT)
    page.keyboard.press("j")
    expect(cards.nth(1)).to_have_class(CURRENT)
    second = cards.nth(1).get_attribute("id")
    url = page.url
    page.keyboard.press("h")
    expect(page.locator(f"#{second} .mention-status")).to_have_text("Handled")
    expect(counts).to_contain_text("Handled: 1")
    expect(counts).to_contain_text("New: 3")
    assert page.url == url  # no reload
    # ...and the next mention became current, so i ignores the third one.
    expect(cards.nth(2)).to_have_class(CURRENT)
    # Keys are ignored while a request is in flight ("one decision at a time", relais.js): the
    # live counts refresh after each action, as a person would see before pressing on.
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.keyboard.press("i")
    expect(cards.nth(2).locator(".mention-status")).to_have_text("Ignored")

    # The HTML of a feed is shown as text, and filters narrow the list.
    expect(
        page.get_by_text("L'import de mes contacts LinkedIn a pris deux minutes")
    ).to_be_visible()
    page.get_by_label("Source").select_option("Carnet de Léa")
    page.get_by_role("button", name="Filter").click()
    expect(cards).to_have_count(2)

    # A phone: nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(cards).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", name="Mentions")).to_be_visible()
    expect(page.locator("#mention-counts")).to_contain_text("Traitées")
    # A complaint opened a ticket, whose new contact the mention is linked to: "not this
    # person" is offered there; the other authors can become contacts.
    expect(page.get_by_role("button", name="Pas cette personne").first).to_be_visible()
    expect(page.get_by_role("button", name="Créer un contact").first).to_be_visible()
