"""Search as you type and the segment builder, in a real browser against a real server."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from .conftest import RelaisServer, sign_in

SEED = Path(__file__).with_name("seed_search.py")


@pytest.fixture
def signed_in(
    page: Page, relais_server: RelaisServer, request: pytest.FixtureRequest
) -> Page:
    email = (
        f"sara.{request.node.name[5:30]}@relais.test"  # one user per test, one server
    )
    password = relais_server.add_user(email, "member", "Sara", "Search")
    relais_server.run_python(SEED)
    sign_in(page, relais_server, email, password)
    return page


@pytest.mark.browser
def test_search_as_you_type(signed_in: Page) -> None:
    page = signed_in
    results = page.locator("#results")
    box = page.get_by_label("Search contacts")
    box.press_sequentially("helene lefebure", delay=40)
    expect(results.get_by_text("Hélène Lefébure")).to_be_visible()
    expect(results.get_by_text("Yann Canevet")).to_have_count(0)
    # The URL follows (once the swap settles), so the search can be shared.
    expect(page).to_have_url(re.compile(r"[?&]q=helene"))
    box.fill("")
    box.press_sequentially("Canevat", delay=40)  # a typo
    expect(results.get_by_text("Yann Canevet")).to_be_visible()
    expect(results.get_by_text("Hélène Lefébure")).to_have_count(0)
    box.fill("")
    box.press_sequentially("06 58 21", delay=40)  # a phone fragment
    expect(results.get_by_text("Hélène Lefébure")).to_be_visible()
    expect(results.locator(".results-meta")).to_contain_text("1 contact")


@pytest.mark.browser
def test_build_count_save_and_export_a_segment(signed_in: Page) -> None:
    page = signed_in
    blocked: list[
        str
    ] = []  # the Content-Security-Policy must block nothing the UI needs
    page.on(
        "console",
        lambda m: (
            blocked.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.get_by_role("link", name="Segments").click()
    page.get_by_role("link", name="New segment").first.click()
    page.locator("#id_name").fill("VIP in Lyon")
    count = page.locator("#segment-count")
    # First criterion: the seed's tag (the builder starts with a tags row).
    page.locator("input[name='value-0']").fill("Compte clé")
    expect(count).to_contain_text("3 contacts match")
    # Second criterion: city is Lyon.
    page.get_by_role("button", name="Add a criterion").click()
    row = page.locator(".criterion").nth(1)
    # htmx binds the new row's controls once the swap has settled: a change fired before
    # that (a loaded machine, a fast robot) would be lost, so wait for it as a person would.
    page.wait_for_function(
        "() => document.querySelectorAll('#criteria .criterion').length === 2"
        " && !document.querySelector('.htmx-added, .htmx-request, .htmx-settling, .htmx-swapping')"
    )
    row.locator("select[name^='field-']").select_option("city")
    expect(row.locator("select[name^='op-']")).to_have_value("is")
    row.locator("input[name^='value-']").fill("Lyon")
    expect(count).to_contain_text("1 contact matches")
    # A third row, removed again with its x: the count follows (data-remove, no inline script).
    page.get_by_role("button", name="Add a criterion").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#criteria .criterion').length === 3"
        " && !document.querySelector('.htmx-added, .htmx-request, .htmx-settling, .htmx-swapping')"
    )
    third = page.locator(".criterion").nth(2)
    third.locator("select[name^='field-']").select_option("city")
    third.locator("input[name^='value-']").fill("Brest")
    expect(count).to_contain_text("0 contacts match")
    third.get_by_role("button", name="Remove this criterion").click()
    expect(page.locator(".criterion")).to_have_count(2)
    expect(count).to_contain_text("1 contact matches")
    assert not blocked, blocked
    page.get_by_role("button", name="Save segment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("VIP in Lyon")
    expect(page.get_by_text("Hélène Lefébure")).to_be_visible()
    expect(page.get_by_text("Yann Canevet")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export XLSX").click()
    download = download_info.value
    assert download.suggested_filename == "segment-VIP-in-Lyon.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.values)
    assert len(rows) == 2
    assert "Hélène Lefébure" in rows[1]

    page.get_by_role("link", name="Segments").click()
    expect(page.get_by_role("row", name="VIP in Lyon 1")).to_be_visible()
