"""The contact page's "pick up where we left off" panel in a real browser: it tells who spoke
last and what is pending, and updates without a reload when a colleague logs the reply."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import RelaisServer, sign_in


@pytest.mark.browser
def test_pickup_panel_tells_where_things_stand(
    page: Page, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user("lea.pickup@relais.test", "member", "Léa", "Roux")
    contact_id = relais_server.run_python(
        Path(__file__).with_name("seed_pickup.py"), "lea.pickup@relais.test"
    )
    sign_in(page, relais_server, "lea.pickup@relais.test", password)
    page.goto(f"{relais_server.url}contacts/{contact_id}/")

    panel = page.locator("#pickup")
    expect(
        panel.get_by_role("heading", name="Pick up where we left off")
    ).to_be_visible()
    expect(panel.get_by_text("They spoke last")).to_be_visible()
    expect(panel.get_by_text("Unanswered")).to_be_visible()
    expect(panel.get_by_text("Pouvez-vous m'appeler mardi")).to_be_visible()
    expect(panel.get_by_text("Tarifs 2027 — fûts et bouteilles")).to_be_visible()
    overdue = panel.locator(".pickup-item.is-overdue")
    expect(overdue).to_contain_text("Rappeler pour la commande")
    expect(overdue).to_contain_text("Yesterday")
    expect(overdue).to_contain_text("Léa Roux")
    # The panel sits above the timeline.
    assert panel.bounding_box()["y"] < page.locator("#timeline").bounding_box()["y"]

    if shot := os.environ.get("RELAIS_PICKUP_SCREENSHOT"):
        page.screenshot(path=shot, full_page=True)
    url = page.url
    page.get_by_text("Log a call, meeting or email").click()
    page.get_by_label("Channel").select_option("call")
    page.get_by_label("Direction").select_option("out")
    page.get_by_label("Subject").fill("Rappel — commande de 40 fûts")
    page.get_by_role("button", name="Log it").click()

    expect(panel.get_by_text("We spoke last")).to_be_visible()
    expect(panel.get_by_text("Unanswered")).to_have_count(0)
    expect(
        panel.locator(".pickup-list").get_by_text("Rappel — commande de 40 fûts")
    ).to_be_visible()
    assert page.url == url  # updated in place by HTMX

    page.get_by_role("button", name="Français").click()
    expect(
        page.locator("#pickup").get_by_text("Nous avons parlé en dernier")
    ).to_be_visible()
