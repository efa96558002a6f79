"""Format detection by content, never by file name."""

import zipfile

import pytest

from relais.ingest.readers import ReadError, Skipped, UnrecognisedFile, read_path
from relais.ingest.readers.detect import detect
from relais.ingest.readers.sources import FileSource
from tests.fixtures_gen import google, linkedin, mail, outlook, people, tabular, vcard


def _detect(path):
    return detect(FileSource.from_path(path))


def test_each_format_is_recognised_whatever_its_name(tmp_path):
    folks = people(50, 3)
    cases = {
        "linkedin-connections": linkedin.write_connections(tmp_path / "a.txt", folks),
        "google": google.write_google_csv(tmp_path / "b.dat", folks),
        "outlook": outlook.write_outlook_csv(tmp_path / "c", folks),
        "csv": tabular.write_csv(tmp_path / "d.vcf", folks, encoding="cp1252"),
        "xlsx": tabular.write_xlsx(tmp_path / "e.csv", folks),
        "vcard": vcard.write_vcards(tmp_path / "f.csv", folks, "android"),
        "mbox": mail.write_mbox(tmp_path / "g.xlsx"),
        "eml": mail.write_eml(tmp_path / "h.mbox"),
        "zip": linkedin.write_export_zip(tmp_path / "i.eml", folks),
    }
    assert {key: _detect(path).key for key, path in cases.items()} == {
        k: k for k in cases
    }


def test_descriptions_say_what_was_recognised(tmp_path):
    folks = people(51, 2)
    connections = _detect(
        linkedin.write_connections(tmp_path / "Connections.csv", folks)
    )
    assert connections.description == "LinkedIn connections export (Connections.csv)"
    generic = _detect(
        tabular.write_csv(tmp_path / "x", folks, delimiter=";", encoding="cp1252")
    )
    assert generic.description == "table of contacts (CSV), ';'-separated, Windows-1252"
    assert generic.encoding == "cp1252"
    tabbed = _detect(
        tabular.write_csv(tmp_path / "y", folks, delimiter="\t", encoding="utf-8-sig")
    )
    assert tabbed.description == "table of contacts (CSV), tab-separated, UTF-8"


@pytest.mark.parametrize(
    ("content", "recognised"),
    [
        (b"", "empty file"),
        (b"  \r\n\r\n", "empty file"),
        (b"Acheter du pain\nRappeler Jean demain\n", "plain text, no header row of contact columns"),
        (b"a;b;c\n1;2;3\n4;5;6\n", "a table of 3 columns, no header row of contact columns"),
        (b"%PDF-1.7\n...", "PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old Office file (Excel 97-2003 .xls, Outlook .msg): save it as .xlsx, CSV or .eml"),
        (b"GIF89a" + bytes(50), "GIF image"),
        (b'{"contacts": []}', "JSON, HTML or XML document"),
        (b"<!DOCTYPE html><html></html>", "JSON, HTML or XML document"),
        (bytes(range(256)) * 4, "binary data"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed file: decompress it first"),
    ],
)  # fmt: skip
def test_what_is_not_a_contact_file_says_what_it_is(tmp_path, content, recognised):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(UnrecognisedFile) as caught:
        list(read_path(path))
    assert (
        str(caught.value) == f"notes.txt: not a contact file (recognised: {recognised})"
    )


def test_office_documents_that_are_zips(tmp_path):
    ods = tmp_path / "liste.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(
        UnrecognisedFile, match="OpenDocument spreadsheet: save it as .xlsx"
    ):
        _detect(ods)
    docx = tmp_path / "lettre.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    with pytest.raises(UnrecognisedFile, match="word-processing document"):
        _detect(docx)


def test_a_workbook_without_contacts(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Budget", 2024])
    book.save(tmp_path / "budget.xlsx")
    with pytest.raises(UnrecognisedFile, match="Excel workbook with no header row"):
        list(read_path(tmp_path / "budget.xlsx"))


def test_a_damaged_zip_is_a_read_error(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ReadError, match="export.zip: damaged zip file"):
        list(read_path(path))


def test_mail_headers_must_look_like_mail(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(b"Nom: Dupont\nPrenom: Jean\n\nrien\n")
    with pytest.raises(UnrecognisedFile):
        _detect(path)
    path.write_bytes(b"Received: from x\nFrom: a@b.fr\nSubject: y\n\nz\n")
    assert _detect(path).key == "eml"


def test_linkedin_files_about_the_owner_are_recognised_and_left_out(tmp_path):
    path = tmp_path / "Profile.csv"
    path.write_text(linkedin.OWN_FILES["Profile.csv"], encoding="utf-8")
    assert _detect(path).key == "linkedin-own"
    (skipped,) = read_path(path)
    assert skipped.record_number == 0 and "account owner" in skipped.reason


def test_a_table_without_anyone_in_it(tmp_path):
    path = tmp_path / "releve.csv"
    path.write_text(
        "Date;Libellé;Montant;Ville\n2024-03-01;Loyer;-800;Paris\n", encoding="utf-8"
    )
    with pytest.raises(UnrecognisedFile) as caught:
        list(read_path(path))
    assert caught.value.recognised == (
        "a table with no column of names, emails, phones or organisations "
        "(columns: Date, Libellé, Montant, Ville)"
    )


def test_overrides_that_leave_nobody_in_a_folder_skip_the_table(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text(
        "Nom;Email\nDupont;d@x.fr\n", encoding="utf-8"
    )
    found = list(
        read_path(tmp_path / "in", mapping_overrides={"Nom": "ignore", "Email": "note"})
    )
    assert found == [
        Skipped("in/a.csv", 0, "", "a table with no column of names, emails, phones or "
                "organisations (columns: Nom, Email)")
    ]  # fmt: skip
