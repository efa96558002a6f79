"""A person's first minutes with Relais, in a real browser against a real server: sign in,
add a contact with accents, write a note that appears on the timeline without a reload, and
switch the interface to French."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import RelaisServer, sign_in


@pytest.mark.browser
def test_create_contact_add_note_switch_to_french(
    page: Page, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user(
        "marc.flow@relais.test", "member", "Marc", "Membre"
    )
    sign_in(page, relais_server, "marc.flow@relais.test", password)

    page.get_by_role("link", name="New contact").first.click()
    page.get_by_label("First name").fill("Hélène")
    page.get_by_label("Last name").fill("Lefèvre")
    page.get_by_label("Organisation").fill("Maison Verdier")
    page.get_by_label("Email address").fill("helene@maison-verdier.fr")
    page.get_by_role(
        "button", name="Add a phone"
    ).click()  # HTMX adds a second phone row
    phones = page.get_by_label("Phone number")
    expect(phones).to_have_count(2)
    phones.nth(0).fill("06 12 34 56 78")
    page.get_by_label("Tags").fill("VIP, Salon Lyon 2026")
    page.get_by_role("button", name="Create contact").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hélène Lefèvre")
    expect(page.get_by_text("+33 6 12 34 56 78")).to_be_visible()
    expect(
        page.get_by_text("Entered by hand (web form) by Marc Membre")
    ).to_be_visible()
    expect(page.get_by_text("Nothing on the timeline yet")).to_be_visible()

    url_before = page.url
    page.get_by_label("Add a note").fill(
        "Rencontrée au salon — très intéressée par la gamme bio."
    )
    page.get_by_role("button", name="Add note").click()
    timeline = page.locator("#timeline")
    expect(
        timeline.get_by_text("Rencontrée au salon — très intéressée par la gamme bio.")
    ).to_be_visible()
    expect(page.get_by_label("Add a note")).to_have_value(
        ""
    )  # a fresh form, swapped in by HTMX
    assert page.url == url_before

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Tâches"))).to_be_visible()
    expect(
        page.get_by_text("Saisi à la main (formulaire web) par Marc Membre")
    ).to_be_visible()
    expect(timeline.get_by_text("Rencontrée au salon")).to_be_visible()


@pytest.mark.browser
def test_search_as_you_type_updates_results_and_url(
    page: Page, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user(
        "search.flow@relais.test", "member", "Sam", "Search"
    )
    sign_in(page, relais_server, "search.flow@relais.test", password)
    for first, last in (("Zoé", "Arnaud"), ("Yves", "Bernard")):
        page.goto(relais_server.url + "contacts/new/")
        page.get_by_label("First name").fill(first)
        page.get_by_label("Last name").fill(last)
        page.get_by_role("button", name="Create contact").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{first} {last}")
    page.goto(relais_server.url + "contacts/")
    page.get_by_label("Search contacts").press_sequentially("zoe", delay=50)
    results = page.locator("#results")
    expect(results.get_by_text("Zoé Arnaud")).to_be_visible()
    expect(results.get_by_text("Yves Bernard")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/contacts/\?q=zoe"))
