"""A contact corrects their own details in a real browser: the owner copies the self-update
link from the contact page, the contact opens it without an account, changes their job title
and adds an address, and the owner sees the change with its "Self-update" provenance."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import RelaisServer, sign_in


@pytest.mark.browser
def test_contact_updates_their_details_through_the_link(
    page: Page, chromium_browser: Browser, relais_server: RelaisServer
) -> None:
    password = relais_server.add_user(
        "owner.self@relais.test", "member", "Olivia", "Owner"
    )
    sign_in(page, relais_server, "owner.self@relais.test", password)
    page.get_by_role("link", name="New contact").first.click()
    page.get_by_label("First name").fill("Gaëlle")
    page.get_by_label("Last name").fill("Le Goff")
    page.get_by_label("Job title").fill("Chargée de communication")
    page.get_by_label("Email address").fill("gaelle.legoff@ateliers-reunis.fr")
    page.get_by_role("button", name="Create contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaëlle Le Goff")

    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=relais_server.url.rstrip("/")
    )
    page.get_by_role("button", name="Copy self-update link").click()
    link = page.locator("#self-update-url")
    expect(link).to_be_visible()
    # The button does what it says: the link is on the clipboard, and says so.
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()
    path = urlsplit(link.input_value()).path
    assert path.startswith("/update/")

    visitor = chromium_browser.new_context(locale="fr-FR")
    public = visitor.new_page()
    public.set_default_timeout(15_000)
    try:
        public.goto(relais_server.url.rstrip("/") + path)
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Vos coordonnées sont-elles toujours à jour ?"
        )
        expect(public.get_by_label("Fonction")).to_have_value(
            "Chargée de communication"
        )
        public.get_by_label("Fonction").fill("Directrice de la communication")
        public.get_by_label("Adresses e-mail").fill(
            "gaelle.legoff@ateliers-reunis.fr\ngaelle@legoff.bzh"
        )
        public.get_by_role("button", name="Enregistrer mes coordonnées").click()
        expect(public.get_by_text("Vos coordonnées sont à jour.")).to_be_visible()
        # A tampered link gets a plain page, not an error trace.
        public.goto(relais_server.url.rstrip("/") + path[:-3] + "xyz/")
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Ce lien n’est pas valable"
        )
    finally:
        visitor.close()

    page.reload()
    expect(page.locator(".contact-role")).to_contain_text(
        "Directrice de la communication"
    )
    expect(page.get_by_role("link", name="gaelle@legoff.bzh")).to_be_visible()
    expect(page.get_by_text("Self-update").first).to_be_visible()
