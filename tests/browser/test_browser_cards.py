"""The business cards page at phone width (375 px) against ``relais serve``: two photos taken
in a row, each card's fields beside its photo, a low-confidence field highlighted, a field
corrected, the card confirmed, the other discarded; and nothing wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.fixtures_gen import cards

from .conftest import RelaisServer, sign_in


@pytest.fixture
def phone(chromium_browser: Browser, relais_server: RelaisServer):
    context = chromium_browser.new_context(
        locale="en-GB",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        timezone_id="Europe/Paris",
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"
    )
    assert width <= 376, f"the page is {width} px wide at 375 px: {wide}"


@pytest.mark.browser
def test_cards_read_checked_and_confirmed_on_a_phone(
    phone: Page, relais_server: RelaisServer, tmp_path: Path
) -> None:
    password = relais_server.add_user("sam.salon@relais.test", "member", "Sam", "Salon")
    sign_in(phone, relais_server, "sam.salon@relais.test", password)
    first, second = cards.card_specs(61, 2)
    photo = tmp_path / "card-1.jpg"
    photo.write_bytes(cards.photograph(cards.render(first, 1), 1))
    # No email on this card: the email field asks for a look.
    second.lines = [(r, t) for r, t in second.lines if r != "email"]
    bare = tmp_path / "card-2.png"
    bare.write_bytes(cards.clean_bytes(cards.render(second, 2)))

    phone.goto(relais_server.url + "cards/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Business cards")
    _fits(phone)
    phone.get_by_label("Photos of cards (one card per photo)").set_input_files(
        [photo, bare]
    )
    phone.get_by_label("Event (the source)").fill("Salon Expo 2026")
    phone.get_by_label("Tag").fill("Salon 2026")
    phone.get_by_role("button", name="Read the cards").click()

    expect(phone.get_by_text("2 card(s) read")).to_be_visible(timeout=90_000)
    drafts = phone.locator("article.card-draft")
    expect(drafts).to_have_count(2)
    card_one = drafts.nth(0)
    expect(card_one.get_by_role("img")).to_be_visible()
    expect(card_one.get_by_label("Email")).to_have_value(first.email.lower())
    expect(card_one.get_by_label("Organisation")).to_have_value(first.organisation)
    card_two = drafts.nth(1)
    expect(card_two.locator(".field.low").filter(has_text="Email")).to_be_visible()
    _fits(phone)

    card_one.get_by_label("Title").fill("Directeur des ventes")
    card_one.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_text("Card saved as a new contact.")).to_be_visible()
    expect(phone.locator("article.card-draft")).to_have_count(1)
    phone.locator("article.card-draft").get_by_role("button", name="Discard").click()
    expect(phone.get_by_text("No card waiting.")).to_be_visible()

    phone.goto(relais_server.url + "contacts/")
    phone.get_by_role("searchbox").fill(first.last)
    expect(phone.get_by_text(first.organisation).first).to_be_visible()
