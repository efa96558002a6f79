"""Communication profiles in a real browser: the contact page shows the profile with its
sources and confidence, the profile page its advice, the coach flags a long, cold draft for a
direct, task-focused recipient as one types; the contact answers the questionnaire on a
375 px phone in French, and their own answers become the strongest source."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import RelaisServer, sign_in

LONG_COLD = (
    "Following up on the matter discussed previously regarding the arrangements for the "
    "coming period, I am writing to set out in some detail the various considerations that "
    "we may wish to take into account before any decision is reached on the question. "
) * 4


@pytest.mark.browser
def test_profile_coach_and_questionnaire(
    page: Page, chromium_browser: Browser, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user(
        "owen.profile@relais.test", "member", "Owen", "Grant"
    )
    contact_id, messages, path = relais_server.run_python(
        Path(__file__).with_name("seed_profile.py"), "owen.profile@relais.test"
    ).split()
    sign_in(page, relais_server, "owen.profile@relais.test", password)
    page.goto(f"{relais_server.url}contacts/{contact_id}/")

    card = page.locator("#profile")
    expect(card.get_by_role("heading", name="How to talk to them")).to_be_visible()
    expect(card.locator("[data-type]")).to_have_attribute("data-type", "D")
    expect(
        card.get_by_text(f"Based on the style of {messages} messages")
    ).to_be_visible()
    expect(card.locator("[data-confidence]")).to_contain_text("confidence 0.")
    expect(card.get_by_text("Olga Brandt tends to be decisive")).to_be_visible()

    card.get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Comes naturally")).to_be_visible()
    expect(page.get_by_role("heading", name="How to write to them")).to_be_visible()
    page.get_by_label("Goal").select_option("bad_news")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#playbook")).to_contain_text("[bad_news-direct]")

    if shots := os.environ.get("RELAIS_PROFILE_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/profile-page.png", full_page=True)
    page.goto(f"{relais_server.url}contacts/{contact_id}/email/")
    coach = page.locator("#coach-findings")
    expect(coach).to_contain_text("Written for a D reader")
    page.get_by_label("Subject").fill("Arrangements")
    page.get_by_role("textbox", name="Message").fill("Dear Olga,\n\n" + LONG_COLD)
    page.get_by_role("textbox", name="Message").press("End")
    expect(coach.locator('[data-code="too_long"]')).to_be_visible()
    if shots := os.environ.get("RELAIS_PROFILE_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/coach.png", full_page=True)
    expect(
        page.locator("#check-findings")
    ).to_be_visible()  # the message check is still there
    page.get_by_role("textbox", name="Message").fill(
        "Olga, can you confirm the 11.5% quote by Monday?"
    )
    page.get_by_role("textbox", name="Message").press("End")
    expect(coach.locator('[data-code="too_long"]')).to_have_count(0)

    phone = chromium_browser.new_context(
        locale="fr-FR", viewport={"width": 375, "height": 740}
    )
    visitor = phone.new_page()
    visitor.set_default_timeout(15_000)
    try:
        visitor.goto(relais_server.url.rstrip("/") + path)
        expect(visitor.get_by_role("heading", level=1)).to_have_text(
            "Comment aimez-vous travailler ?"
        )
        width = visitor.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the questionnaire is {width} px wide on a 375 px screen"
        visitor.get_by_role("button", name="Envoyer mes réponses").click()
        expect(
            visitor.get_by_text("Merci de répondre à chaque affirmation.")
        ).to_be_visible()
        if shots := os.environ.get("RELAIS_PROFILE_SCREENSHOTS"):
            visitor.screenshot(path=f"{shots}/questionnaire.png")
        # Decisive, task-minded answers: agree with p1–p4 and f5–f8, disagree with the rest.
        for n in range(1, 9):
            agree, disagree = ("Tout à fait moi", "Pas du tout moi")
            visitor.locator(f"#q-p{n}").get_by_label(
                agree if n <= 4 else disagree
            ).check()
            visitor.locator(f"#q-f{n}").get_by_label(
                disagree if n <= 4 else agree
            ).check()
        visitor.get_by_role("button", name="Envoyer mes réponses").click()
        expect(visitor.get_by_text("Vos réponses sont enregistrées.")).to_be_visible()
    finally:
        phone.close()

    page.goto(f"{relais_server.url}contacts/{contact_id}/")
    sources = page.locator("#profile [data-source]")
    expect(sources.first).to_have_attribute("data-source", "self")
    expect(sources.first).to_contain_text("Their own answers")
    expect(page.locator("#profile [data-confidence]")).to_contain_text(
        "confidence 0.90"
    )
    expect(sources.nth(1)).to_have_attribute("data-source", "text")

    # At 375 px, the profile card and the profile page fit the screen. (The shared top bar
    # is wider than a phone on every page: not this test's concern.)
    page.set_viewport_size({"width": 375, "height": 740})
    for where, selector in (
        (f"contacts/{contact_id}/", "#profile, #profile *"),
        (f"contacts/{contact_id}/profile/", ".profile-page, .profile-page *"),
    ):
        page.goto(relais_server.url + where)
        right = page.evaluate(
            "s => Math.max(...[...document.querySelectorAll(s)]"
            ".map(e => e.getBoundingClientRect().right))",
            selector,
        )
        assert right <= 375, (
            f"{where}: {selector} reaches {right} px on a 375 px screen"
        )
        if shots := os.environ.get("RELAIS_PROFILE_SCREENSHOTS"):
            name = "narrow-profile" if "profile" in where else "narrow-contact"
            page.screenshot(path=f"{shots}/{name}.png", full_page=True)
