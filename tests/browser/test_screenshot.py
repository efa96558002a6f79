"""The README's screenshot: a filled contact page, rendered by the real server in Chromium.

Writes docs/screenshot-contact.png when it is missing or when RELAIS_SCREENSHOT=1 (so an
ordinary test run does not rewrite a committed image); otherwise writes to a temporary file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import RelaisServer, sign_in

DOCS = Path(__file__).resolve().parents[2] / "docs"
TARGET = DOCS / "screenshot-contact.png"


@pytest.mark.browser
def test_contact_page_screenshot(
    page: Page, relais_server: RelaisServer, tmp_path: Path
) -> None:
    password = relais_server.add_user(
        "camille@relais.test", "admin", "Camille", "Martin"
    )
    contact_id = relais_server.run_python(
        Path(__file__).with_name("seed_contact_page.py"), "camille@relais.test"
    )
    page.set_viewport_size({"width": 1360, "height": 1000})
    sign_in(page, relais_server, "camille@relais.test", password)
    page.goto(f"{relais_server.url}contacts/{contact_id}/")
    page.get_by_role("heading", name="Hélène Lefèvre").wait_for()
    page.get_by_text("Pick up where we left off").wait_for()

    write_docs = os.environ.get("RELAIS_SCREENSHOT") == "1" or not TARGET.exists()
    out = TARGET if write_docs else tmp_path / "screenshot-contact.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 20_000
    if os.environ.get("RELAIS_SCREENSHOT_LIST"):
        page.goto(f"{relais_server.url}contacts/")
        page.screenshot(path=os.environ["RELAIS_SCREENSHOT_LIST"], full_page=True)
