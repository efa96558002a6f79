"""Every page of Relais, in English and French, on a laptop and on a phone, over the demo data.

The README's demo (``relais demo``) is loaded into a server of its own; the pages come from the
URLconf (tests/browser/page_catalogue.py), so a page added by a new area is visited once its
route is merged. Each page, at 1280 x 800 and 375 x 800, in each language, must:

- answer without an error status;
- not scroll sideways (the page itself; a table may scroll inside its box);
- log no error in the browser console and raise no script error;
- in French, show no English text that the catalogue translates (the .po file: any visible
  text, placeholder, title or label equal to an msgid whose French differs, or which has no
  French yet).

Screenshots of the main pages at both widths go to ``$RELAIS_SCREENSHOT_DIR`` (a temporary
directory by default); with ``RELAIS_SCREENSHOT=1`` the English contact page at 1280 px
becomes the README's docs/screenshot-contact.png. ``RELAIS_PAGES=contact,segment`` visits only
the routes whose name contains one of those words, and ``RELAIS_DEMO_DIR=/tmp/demo`` keeps
the demo's data directory between runs (while developing: the full run loads about 50 pages
four times).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from playwright.sync_api import Browser, Page

from .conftest import RELAIS, RelaisServer, serve, server_env

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "src/relais/locale/fr/LC_MESSAGES/django.po"
README_SHOT = ROOT / "docs/screenshot-contact.png"
WIDTHS = (1280, 375)
LANGUAGES = {"en": "en-GB", "fr": "fr-FR"}
# Route names whose page is photographed at both widths.
MAIN_PAGES = (
    "web:contacts",
    "web:contact",
    "web:duplicates",
    "web:segment",
    "web:outreach_campaigns",
    "web:campaign_report",
    "web:imports",
    "web:tasks",
    "web:freshness",
    "web:audit",
)
# Text that is the same in both languages although the catalogue translates it elsewhere:
# the language switch names each language in that language ("English" on a French page).
NOT_INTERFACE: set[str] = {"English"}

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(parent.tagName)) continue;
    if (!parent.checkVisibility({visibilityProperty: true})) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], input[type=submit]')) {
    if (!el.checkVisibility()) continue;
    for (const name of ['placeholder', 'title', 'aria-label', 'value']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push(value.trim());
    }
  }
  return out;
}"""
PAGE_SCROLL = """() => document.documentElement.scrollWidth - document.documentElement.clientWidth"""


def _pattern(msgid: str) -> re.Pattern[str]:
    """An msgid as a pattern over visible text: its placeholders match anything."""
    parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", msgid)
    return re.compile(".+?".join(re.escape(p) for p in parts))


def english_catalogue() -> tuple[set[str], list[re.Pattern[str]]]:
    """The English texts French pages must not show: exact ones, and ones with placeholders."""
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    catalogue = polib.pofile(str(PO))
    # The same word in both languages ("Segments", "Import"), in any context.
    same = {e.msgid for e in catalogue if e.msgstr and e.msgstr == e.msgid}
    for entry in catalogue:
        if entry.obsolete or entry.msgid_plural or entry.msgid in same:
            continue
        if not re.search(r"[A-Za-z]{3}", entry.msgid) or "\n" in entry.msgid:
            continue
        if re.search(r"%\(\w+\)[sd]|%[sd]", entry.msgid):
            if len(re.sub(r"%\(\w+\)[sd]|%[sd]", "", entry.msgid).strip()) >= 8:
                patterns.append(_pattern(entry.msgid))
        else:
            exact.add(" ".join(entry.msgid.split()))
    return exact, patterns


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[RelaisServer, str]]:
    """A server over the README's demo; yields it and the demo login's password."""
    if not RELAIS.exists():
        pytest.skip("the relais command is not installed")
    reuse = os.environ.get("RELAIS_DEMO_DIR")  # while developing: a demo loaded earlier
    data_dir = Path(reuse) if reuse else tmp_path_factory.mktemp("relais-demo")
    data_dir.mkdir(parents=True, exist_ok=True)
    password = "every-page-pass-1"
    result = subprocess.run(
        [str(RELAIS), "demo", "--no-serve"],
        env=server_env(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert "demo@relais.local" in result.stdout, result.stdout + result.stderr
    subprocess.run(
        [str(RELAIS), "user", "set-password", "demo@relais.local", "--password-stdin"],
        env=server_env(data_dir),
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    with serve(data_dir) as server:
        yield server, password


@pytest.fixture(scope="module")
def catalogue(demo: tuple[RelaisServer, str]) -> list[dict[str, Any]]:
    server, _ = demo
    rows = json.loads(
        server.run_python(
            Path(__file__).with_name("page_catalogue.py"), "demo@relais.local"
        )
    )
    wanted = [w for w in os.environ.get("RELAIS_PAGES", "").split(",") if w]
    if wanted:
        rows = [r for r in rows if any(w in r["name"] for w in wanted)]
    return rows


def _shot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("RELAIS_SCREENSHOT_DIR")
    path = Path(configured) if configured else tmp_path_factory.getbasetemp() / "pages"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.browser
def test_every_route_has_a_demo_object_and_answers(
    catalogue: list[dict[str, Any]],
) -> None:
    """A route the catalogue cannot fill, or that fails for a GET, is a gap in the demo or a bug."""
    problems = [
        f"{r['name']} ({r['route']}): {r.get('why') or r.get('status')}"
        for r in catalogue
        if r["kind"] in ("unresolved", "no object", "error")
    ]
    assert not problems, "\n".join(problems)
    assert sum(r["kind"] == "page" for r in catalogue) >= (
        30 if not os.environ.get("RELAIS_PAGES") else 1
    )


def _sign_in(page: Page, server: RelaisServer, password: str) -> None:
    page.goto(server.url + "login/")
    page.locator("input[name=username]").fill("demo@relais.local")
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/contacts/")


def _untranslated(
    texts: list[str], exact: set[str], patterns: list[re.Pattern[str]]
) -> set[str]:
    found = set()
    for raw in texts:
        text = " ".join(raw.split())
        if text in NOT_INTERFACE:
            continue
        if text in exact or any(p.fullmatch(text) for p in patterns):
            found.add(text)
    return found


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_page(
    chromium_browser: Browser,
    demo: tuple[RelaisServer, str],
    catalogue: list[dict[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
    language: str,
    width: int,
) -> None:
    server, password = demo
    context = chromium_browser.new_context(
        locale=LANGUAGES[language],
        viewport={"width": width, "height": 800},
        timezone_id="Europe/Paris",
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: errors.append(f"script: {e}"))
    exact, patterns = english_catalogue()
    shots = _shot_dir(tmp_path_factory)
    problems: list[str] = []
    _sign_in(page, server, password)
    for row in (r for r in catalogue if r["kind"] == "page"):
        errors.clear()
        response = page.goto(server.url.rstrip("/") + row["url"])
        page.wait_for_load_state("networkidle")
        where = f"{row['name']} {row['url']}"
        if response is None or response.status >= 400:
            problems.append(f"{where}: status {response and response.status}")
            continue
        overflow = page.evaluate(PAGE_SCROLL)
        if overflow > 0:
            problems.append(f"{where}: the page scrolls sideways by {overflow} px")
        if language == "fr":
            english = _untranslated(page.evaluate(VISIBLE_TEXT), exact, patterns)
            if english:
                problems.append(f"{where}: English text {sorted(english)}")
        problems.extend(f"{where}: {e}" for e in errors)
        if row["name"] in MAIN_PAGES:
            name = row["name"].split(":")[-1]
            page.screenshot(path=str(shots / f"{name}-{language}-{width}.png"))
            if (row["name"], language, width) == ("web:contact", "en", 1280) and (
                os.environ.get("RELAIS_SCREENSHOT") == "1"
            ):
                page.screenshot(path=str(README_SHOT), full_page=True)
    context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.browser
def test_menu_folds_on_a_phone_and_fits_a_laptop_in_french(
    chromium_browser: Browser, demo: tuple[RelaisServer, str]
) -> None:
    server, password = demo
    context = chromium_browser.new_context(
        locale="fr-FR", viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    _sign_in(page, server, password)
    campaigns = page.locator("#mainnav").get_by_role("link", name="Campagnes")
    assert not campaigns.is_visible()
    page.get_by_role("button", name="Menu").click()
    campaigns.click()
    page.wait_for_url("**/outreach/")

    # A 1280 px laptop: the sections fold behind the Menu button too (fourteen of them do not
    # fit beside the search box), and the user menu stays on screen.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not campaigns.is_visible()
    page.get_by_role("button", name="Menu").click()
    assert campaigns.is_visible()
    page.get_by_role("button", name="Menu").click()
    page.set_viewport_size({"width": 1920, "height": 900})
    assert campaigns.is_visible()  # a wide screen shows every section at once
    page.set_viewport_size({"width": 1280, "height": 800})
    account = page.locator("details.usermenu summary")
    box = account.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    account.click()
    page.get_by_role("link", name="Mon compte").click()
    page.wait_for_url("**/account/")
    context.close()
