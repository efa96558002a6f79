"""The template editor in a real browser: the message check follows the typing, and the
preview shows the message personalised for a chosen contact."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import RelaisServer, sign_in

SEED = Path(__file__).with_name("seed_outreach.py")


@pytest.fixture
def signed_in(
    page: Page, relais_server: RelaisServer, request: pytest.FixtureRequest
) -> Page:
    email = f"olivia.{request.node.name[5:30]}@relais.test"
    password = relais_server.add_user(email, "member", "Olivia", "Outreach")
    relais_server.run_python(SEED)
    sign_in(page, relais_server, email, password)
    return page


@pytest.mark.browser
def test_the_check_follows_the_typing_and_the_preview_is_personal(
    signed_in: Page,
) -> None:
    page = signed_in
    page.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="Templates").click()
    page.get_by_role("link", name="New template").first.click()

    findings = page.locator("#check-findings")
    page.get_by_label("Name").fill("Browser editor check")
    page.get_by_label("Subject").press_sequentially("RE: OFFRE GRATUITE!!!", delay=30)
    page.get_by_label("Plain-text body").press_sequentially("Cliquez ici", delay=30)
    expect(findings).to_have_attribute("data-blocked", "true")
    fake = findings.locator("[data-code='fake_reply']")
    expect(fake).to_be_visible()
    expect(fake).to_contain_text("Blocks sending")
    expect(findings.locator("[data-code='no_personalisation']")).to_be_visible()
    expect(findings.locator("[data-code='subject_capitals']")).to_be_visible()
    expect(findings.locator("[data-code='subject_punctuation']")).to_be_visible()

    # Fixed: an honest subject and a personal body; the blocking findings go away.
    page.get_by_label("Subject").fill("")
    page.get_by_label("Subject").press_sequentially(
        "Le plan du stand, {{ first_name }}", delay=20
    )
    body = page.get_by_label("Plain-text body")
    body.fill("")
    body.press_sequentially("Bonjour {{ first_name }}, voici le plan promis.", delay=10)
    expect(findings).to_have_attribute("data-blocked", "false")
    expect(findings.locator("[data-severity='high']")).to_have_count(0)
    expect(findings).to_contain_text("found nothing to fix")

    page.get_by_label("HTML body").press_sequentially(
        "<p>Bonjour <b>{{ first_name }}</b></p>", delay=10
    )
    # Preview for the seeded contact: the first name is filled in.
    page.get_by_label("Find a contact").press_sequentially("Philippine", delay=30)
    preview = page.locator("#preview")
    expect(preview.locator(".preview-subject")).to_have_text(
        "Le plan du stand, Philippine"
    )
    expect(preview.locator(".preview-text")).to_contain_text(
        "Bonjour Philippine, voici le plan promis."
    )

    html = page.frame_locator("iframe.preview-html")
    expect(html.locator("b")).to_have_text("Philippine")

    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Browser editor check")
    expect(page.locator("#check-findings")).to_have_attribute("data-blocked", "false")


@pytest.mark.browser
def test_the_mail_form_checks_against_the_contacts_timeline(
    signed_in: Page, relais_server: RelaisServer
) -> None:
    page = signed_in
    contact_id = relais_server.run_python(SEED)
    page.goto(f"{relais_server.url}contacts/{contact_id}/")
    page.get_by_role("link", name="Send an email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send an email")
    findings = page.locator("#check-findings")
    page.get_by_label("Subject").press_sequentially("Re: notre échange", delay=30)
    page.locator("#id_body_text").press_sequentially("Bonjour Philippine,", delay=10)
    # Nothing on this contact's timeline backs a reply.
    expect(findings.locator("[data-code='fake_reply']")).to_contain_text(
        "no earlier exchange with this contact"
    )
    page.get_by_label("Subject").fill("")
    page.get_by_label("Subject").press_sequentially("Le plan du stand", delay=30)
    expect(findings).to_have_attribute("data-blocked", "false")
    expect(findings.locator("[data-code='fake_reply']")).to_have_count(0)
