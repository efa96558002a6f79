"""The campaign report in a real browser: figures for people with machines apart, the
per-link table, the day-by-day chart, and the page in French."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import RelaisServer, sign_in


@pytest.mark.browser
def test_campaign_report_page(page: Page, relais_server: RelaisServer) -> None:
    password = relais_server.add_user(
        "rapport.campagne@relais.test", "member", "Rémi", "Rapport"
    )
    campaign_id = relais_server.run_python(
        Path(__file__).with_name("seed_campaign_report.py")
    )
    sign_in(page, relais_server, "rapport.campagne@relais.test", password)
    page.goto(f"{relais_server.url}outreach/campaigns/{campaign_id}/report")

    expect(
        page.get_by_role("heading", name="Report: Cidres rapport navigateur")
    ).to_be_visible()
    expect(page.locator("#figure-sent strong")).to_have_text("4")
    expect(page.locator("#figure-delivered strong")).to_have_text("3")
    expect(page.locator("#figure-opens strong")).to_have_text(
        "1"
    )  # Apple's proxy left out
    expect(page.locator("#figure-opens")).to_contain_text("2 opens in all")
    expect(page.locator("#figure-machines")).to_contain_text("1 opens, 1 clicks")
    expect(page.locator("#figure-unsubscribes strong")).to_have_text("1")
    expect(page.locator("#figure-replies strong")).to_have_text("1")
    rows = page.locator("#link-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("https://cidrerie-report.example/salon")
    expect(rows.nth(1)).to_contain_text("33%")
    chart = page.locator("svg.band-chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() > 4

    page.get_by_role("button", name="Français").click()
    expect(
        page.get_by_role("heading", name="Bilan : Cidres rapport navigateur")
    ).to_be_visible()
    expect(page.get_by_text("Clics par lien")).to_be_visible()
