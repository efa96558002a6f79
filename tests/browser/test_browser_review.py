"""The duplicates review queue in a real browser, driven with the keyboard: j/k move between
pairs, m merges, n says "not the same person", s skips — each swapped in by HTMX, the count in
the top bar following — then undo from the merge history. And the contact form saying who a
new contact looks like, as it is typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import RelaisServer, sign_in

SEED = Path(__file__).with_name("seed_duplicates.py")


def press(page: Page, key: str) -> None:
    """Press a shortcut once the last swap has settled (keys are ignored until then)."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(
        0
    )
    page.keyboard.press(key)


@pytest.mark.browser
def test_review_the_queue_with_the_keyboard(
    page: Page, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user("rev@relais.test", "member", "Rémi", "Revue")
    assert relais_server.run_python(SEED) == "3"
    sign_in(page, relais_server, "rev@relais.test", password)

    nav = page.get_by_role("link", name=re.compile("Duplicates"))
    expect(nav.locator(".count")).to_have_text("3")
    nav.click()
    review = page.locator("#review")
    expect(review).to_contain_text("Pair 1 of 3")
    expect(review).to_contain_text("likely")

    press(page, "j")
    expect(review).to_contain_text("Pair 2 of 3")
    press(page, "k")
    expect(review).to_contain_text("Pair 1 of 3")

    url = page.url
    press(page, "m")
    expect(review).to_contain_text("was merged into")
    expect(review).to_contain_text("Pair 1 of 2")
    expect(nav.locator(".count")).to_have_text("2")
    assert page.url == url  # swapped in place, no reload

    press(page, "n")
    expect(review).to_contain_text("will not be proposed again")
    expect(review).to_contain_text("Pair 1 of 1")
    press(page, "s")
    expect(review).to_contain_text("No duplicates to review")
    expect(nav.locator(".count")).to_have_text("")

    # The merge is in the history, and undoing it gives back two contacts.
    page.get_by_role("link", name="Merge history").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Undo").first.click()
    expect(page.get_by_text("are two contacts again")).to_be_visible()
    expect(page.get_by_text("Undone", exact=True)).to_be_visible()


@pytest.mark.browser
def test_the_new_contact_form_says_who_it_looks_like(
    page: Page, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user("hint@relais.test", "member", "Hugo", "Hint")
    sign_in(page, relais_server, "hint@relais.test", password)
    page.goto(relais_server.url + "contacts/new/")
    page.get_by_label("First name").fill("Jean-Baptiste")
    page.get_by_label("Last name").fill("Lemaître")
    page.get_by_label("Organisation").fill("Doctolib")
    page.get_by_role("button", name="Create contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jean-Baptiste Lemaître")

    page.goto(relais_server.url + "contacts/new/")
    page.get_by_label("First name").fill("Jean-Baptiste")
    page.get_by_label("Last name").fill("LEMAITRE")
    page.get_by_label("Organisation").fill("Doctolib SAS")
    hint = page.locator("#similar")
    expect(hint).to_contain_text("This looks like")
    expect(hint.get_by_role("link").first).to_have_attribute(
        "href", re.compile(r"/contacts/\d+/")
    )
