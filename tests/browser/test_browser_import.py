"""Importing in the browser against ``relais serve``: upload several files, check the preview,
change a column's field, import, watch the progress and read the report. The job runs in the
consumer embedded in the server process, so this also proves background jobs run."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures_gen import people
from tests.fixtures_gen.google import write_google_csv

from .conftest import RelaisServer, sign_in


@pytest.mark.browser
def test_upload_preview_import_progress_report(
    page: Page, relais_server: RelaisServer, tmp_path: Path
) -> None:
    password = relais_server.add_user(
        "ines.import@relais.test", "member", "Inès", "Import"
    )
    sign_in(page, relais_server, "ines.import@relais.test", password)
    google = write_google_csv(tmp_path / "google-contacts.csv", people(77, 40))
    salon = tmp_path / "salon.vcf"
    salon.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jeanne Dupré\r\nN:Dupré;Jeanne;;;\r\n"
        "ORG:Fromagerie Dupré\r\nEMAIL:jeanne@fromagerie-dupre.fr\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Paul Roux\r\nN:Roux;Paul;;;\r\n"
        "EMAIL:pas-une-adresse\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    picture = tmp_path / "photo.gif"
    picture.write_bytes(b"GIF89a" + b"\0" * 64)

    page.get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports")
    page.get_by_label("Choose one or several files").set_input_files(
        [google, salon, picture]
    )
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_role("heading", name="google-contacts.csv")).to_be_visible()
    expect(page.get_by_text("Not imported")).to_be_visible()
    expect(page.get_by_text("GIF image")).to_be_visible()
    expect(page.get_by_role("heading", name="salon.vcf")).to_be_visible()
    page.get_by_label("Notes", exact=True).select_option("ignore")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_text("your choice")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_role("progressbar")).to_be_attached()
    expect(page.get_by_role("heading", name="Report")).to_be_visible(timeout=60_000)
    expect(page.locator(".report-counts")).to_contain_text("Contacts created")
    expect(page.locator(".skipped-table")).to_contain_text("salon.vcf")
    expect(page.get_by_text("Files not imported")).to_be_visible()

    page.get_by_role("link", name="See the contacts").click()
    page.get_by_role("searchbox").fill("Jeanne")
    expect(page.get_by_text("Fromagerie Dupré").first).to_be_visible()
