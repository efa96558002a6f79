"""The community page in a real browser: a recorded planet feed polled through the CLI, authors
sorted by influence with every component shown; usable at 375 px and in French."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.feed_server import FeedServer

from .conftest import RelaisServer, sign_in
from .test_browser_mentions import _relais

ATOM = "application/atom+xml"


@pytest.mark.browser
def test_community_sorted_by_influence_with_components(
    page: Page, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user(
        "cora.community@relais.test", "member", "Cora", "Communauté"
    )
    with FeedServer() as feeds:
        feeds.serve_file("/planet.atom", "community_planet.atom", ATOM)
        _relais(relais_server, feeds, "sources", "add", feeds.url("/planet.atom"))
        _relais(relais_server, feeds, "sources", "poll")

    sign_in(page, relais_server, "cora.community@relais.test", password)
    page.get_by_role("link", name="Community").click()
    table = page.locator("#authors")
    for column in ("Influence", "Reach", "Engagement", "Relevance", "Activity"):
        expect(table.get_by_role("columnheader", name=column)).to_be_visible()
    names = table.locator("tbody tr td:first-child").all_inner_texts()
    order = [n.splitlines()[0] for n in names]
    assert order.index("Léa Marchetti") < order.index("Marc Petit")
    assert order.index("Léa Marchetti") < order.index("Star Musique")
    scores = [float(s) for s in table.locator("td.influence").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    lea = table.locator("tr", has_text="Léa Marchetti")
    expect(lea).to_contain_text("blogger")
    expect(table.locator("tr", has_text="Claire Dupont")).to_contain_text("journalist")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", name="Communauté")).to_be_visible()
    expect(page.locator("#authors")).to_contain_text("journaliste")
