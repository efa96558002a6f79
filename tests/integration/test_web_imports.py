"""Web UI: the imports page — upload, preview with the column mapping, background import, undo.

Jobs run in Huey's immediate mode here (the job runs inside the request); the real consumer
embedded in ``relais serve`` is covered by test_cli_server.py and the browser test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from relais.contacts.models import Contact, Provenance
from relais.ingest import tasks
from relais.ingest.models import ImportBatch
from tests.fixtures_gen import people
from tests.fixtures_gen.google import write_google_csv
from tests.fixtures_gen.vcard import write_vcards

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def immediate_jobs(settings, tmp_path: Path) -> Iterator[None]:
    from huey.contrib.djhuey import HUEY

    settings.DATA_DIR = tmp_path / "data"
    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


def _file(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def _upload(client: Client, *files: SimpleUploadedFile) -> str:
    response = client.post("/imports/upload/", {"upload": list(files)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _select_for(body: str, column: str) -> str:
    match = re.search(rf'<label for="(map-\d+-\d+)">{re.escape(column)}</label>', body)
    assert match, f"no select for {column}"
    return match.group(1)


def test_upload_preview_import_report(signed_in: Client, tmp_path: Path) -> None:
    crowd = people(31, 6)
    google = write_google_csv(tmp_path / "google-export.csv", crowd[:4])
    cards = write_vcards(tmp_path / "carnet.vcf", crowd[4:], "iphone")
    preview_url = _upload(signed_in, _file(google), _file(cards))
    assert preview_url.startswith("/imports/preview/")

    body = signed_in.get(preview_url).content.decode()
    assert "google-export.csv" in body and "carnet.vcf" in body
    assert "Google Contacts" in body and "vCard address book" in body
    assert "Organization Name" in body and 'value="organisation" selected' in body
    assert " %</span>" in body  # a confidence per column
    assert crowd[0].first in body and crowd[4].first in body  # first mapped rows
    assert ImportBatch.objects.count() == 0  # nothing imported before confirming

    response = signed_in.post(preview_url, {"action": "import"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/imports/{batch.pk}/"
    assert batch.status == ImportBatch.Status.DONE
    assert batch.stats["contacts_created"] == 6
    assert Contact.objects.count() == 6
    names = set(Provenance.objects.values_list("source_name", flat=True))
    assert names == {"google-export.csv", "carnet.vcf"}

    page = signed_in.get(response["Location"]).content.decode()
    assert "Report" in page and "Contacts created" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    fragment = signed_in.get(response["Location"], **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="import-progress"')

    listing = signed_in.get("/imports/").content.decode()
    assert "carnet.vcf, google-export.csv" in listing and "Done" in listing


def test_running_batch_polls_with_rate(signed_in: Client, member) -> None:
    batch = ImportBatch.objects.create(
        label="big.csv",
        created_by=member,
        stats={"records_read": 500, "total_estimate": 2000},
    )
    body = signed_in.get(f"/imports/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert "500 of about 2000 records" in body
    assert "records/s" in body and "left" in body


def test_override_a_column_in_the_preview(signed_in: Client, tmp_path: Path) -> None:
    table = tmp_path / "salon.csv"
    table.write_text(
        "Nom complet,Courriel,Stand\n"
        "Jeanne Dupré,jeanne@fromagerie.fr,Fromagerie Dupré\n"
        "Luc Martin,luc@cave.fr,Cave Martin\n",
        encoding="utf-8",
    )
    preview_url = _upload(signed_in, _file(table))
    body = signed_in.get(preview_url).content.decode()
    select = _select_for(body, "Stand")

    updated = signed_in.post(preview_url, {"action": "preview", select: "organisation"})
    text = updated.content.decode()
    assert "your choice" in text and "Fromagerie Dupré</td>" in text

    signed_in.post(preview_url, {"action": "import", select: "organisation"})
    jeanne = Contact.objects.get(first_name="Jeanne")
    assert jeanne.organisation is not None
    assert jeanne.organisation.name == "Fromagerie Dupré"


def test_an_override_in_one_table_of_a_mixed_upload_imports_both(
    signed_in: Client, tmp_path: Path
) -> None:
    salon = tmp_path / "salon.csv"
    salon.write_text(
        "Nom complet,Courriel,Stand\nJeanne Dupré,jeanne@fromagerie.fr,Fromagerie Dupré\n",
        encoding="utf-8",
    )
    crm = tmp_path / "crm.csv"
    crm.write_text(
        "First name,Last name,Email\nKate,Smith,kate@globex.co.uk\n", encoding="utf-8"
    )
    preview_url = _upload(signed_in, _file(salon), _file(crm))
    select = _select_for(signed_in.get(preview_url).content.decode(), "Stand")

    signed_in.post(preview_url, {"action": "import", select: "organisation"})

    jeanne = Contact.objects.get(first_name="Jeanne")
    assert jeanne.organisation is not None
    assert jeanne.organisation.name == "Fromagerie Dupré"
    assert Contact.objects.filter(first_name="Kate", last_name="Smith").exists()


def test_unknown_field_is_refused(signed_in: Client, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("Nom complet,Courriel\nAna Lopes,ana@x.pt\n", encoding="utf-8")
    preview_url = _upload(signed_in, _file(table))
    select = _select_for(signed_in.get(preview_url).content.decode(), "Courriel")
    response = signed_in.post(preview_url, {"action": "import", select: "shoe_size"})
    assert response.status_code == 200
    assert "Unknown field for column" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_unrecognised_file_is_reported_and_others_imported(
    signed_in: Client, tmp_path: Path
) -> None:
    cards = write_vcards(tmp_path / "a.vcf", people(5, 2), "android")
    picture = SimpleUploadedFile("photo.gif", b"GIF89a" + b"\0" * 64)
    preview_url = _upload(signed_in, _file(cards), picture)
    body = signed_in.get(preview_url).content.decode()
    assert "Not imported" in body and "photo.gif" in body and "GIF image" in body
    signed_in.post(preview_url, {"action": "import"})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE
    assert Contact.objects.count() == 2
    assert any("photo.gif" in line for line in batch.stats["file_errors"])
    page = signed_in.get(f"/imports/{batch.pk}/").content.decode()
    assert "Files not imported" in page and "photo.gif" in page


def test_skipped_rows_are_listed(signed_in: Client, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(
        "Nom complet,Courriel,Téléphone\nAna Lopes,not-an-email,+33 6 12 34 56 78\n",
        encoding="utf-8",
    )
    signed_in.post(_upload(signed_in, _file(table)), {"action": "import"})
    batch = ImportBatch.objects.get()
    page = signed_in.get(f"/imports/{batch.pk}/").content.decode()
    assert batch.stats["skipped"], batch.stats
    entry = batch.stats["skipped"][0]
    assert "Left out" in page and "bad.csv" in page
    listing = signed_in.get("/imports/").content.decode()
    skipped = batch.stats["records_skipped"] + batch.stats["fields_skipped"]
    assert f'<td class="num">{skipped}</td>' in listing
    assert str(entry["reason"]).split("'")[0][:20] in page


def test_too_large_upload_is_refused(
    signed_in: Client, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(tasks, "MAX_UPLOAD_BYTES", 10)
    response = signed_in.post(
        "/imports/upload/", {"upload": [SimpleUploadedFile("a.csv", b"x" * 100)]}
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_preview_of_someone_elses_upload_is_not_found(
    client: Client, member, admin, tmp_path: Path
) -> None:
    client.force_login(member)
    table = tmp_path / "t.csv"
    table.write_text("Nom complet,Courriel\nAna Lopes,ana@x.pt\n", encoding="utf-8")
    preview_url = _upload(client, _file(table))
    other = Client()
    other.force_login(admin)
    assert other.get(preview_url).status_code == 404
    assert client.get("/imports/preview/../../etc/").status_code == 404


def test_readonly_sees_no_controls_and_cannot_post(
    client: Client, reader, member, tmp_path: Path
) -> None:
    batch = ImportBatch.objects.create(
        label="x.csv", created_by=member, status=ImportBatch.Status.DONE
    )
    client.force_login(reader)
    body = client.get("/imports/").content.decode()
    assert "x.csv" in body
    assert "Upload files" not in body and "/undo/" not in body
    upload = SimpleUploadedFile("a.vcf", b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n")
    assert client.post("/imports/upload/", {"upload": [upload]}).status_code == 403
    assert client.post(f"/imports/{batch.pk}/undo/").status_code == 403


def test_undo_from_the_page(signed_in: Client, tmp_path: Path) -> None:
    cards = write_vcards(tmp_path / "c.vcf", people(8, 3), "google")
    signed_in.post(_upload(signed_in, _file(cards)), {"action": "import"})
    batch = ImportBatch.objects.get()
    assert Contact.objects.count() == 3
    listing = signed_in.get("/imports/").content.decode()
    assert (
        f'action="/imports/{batch.pk}/undo/"' in listing and "data-confirm" in listing
    )
    response = signed_in.post(f"/imports/{batch.pk}/undo/", follow=True)
    assert "Import undone: 3 contacts removed." in response.content.decode()
    assert Contact.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert "Undone" in response.content.decode()


def test_csrf_is_required(member, tmp_path: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    upload = SimpleUploadedFile("a.vcf", b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n")
    assert client.post("/imports/upload/", {"upload": [upload]}).status_code == 403
    body = client.get("/imports/").content.decode()
    assert "csrfmiddlewaretoken" in body
    assert re.search(
        r'<input type="file" name="upload" multiple[^>]*id="id_upload"', body
    )


def test_preview_and_report_in_french(signed_in: Client, tmp_path: Path) -> None:
    table = tmp_path / "salon.csv"
    table.write_text("Nom complet,Courriel\nAna Lopes,ana@x.pt\n", encoding="utf-8")
    french = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
    preview_url = _upload(signed_in, _file(table))
    body = signed_in.get(preview_url, **french).content.decode()
    assert "Vérifier l’import" in body and "Importée comme" in body
    assert "Ignorer cette colonne" in body and "Importer</button>" in body
    signed_in.post(preview_url, {"action": "import"})
    batch = ImportBatch.objects.get()
    page = signed_in.get(f"/imports/{batch.pk}/", **french).content.decode()
    assert "Bilan" in page and "Contacts créés" in page
    assert "Imports récents" in signed_in.get("/imports/", **french).content.decode()
