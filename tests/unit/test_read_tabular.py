"""Generic contact tables: CSV dialects and encodings, XLSX, header finding, streaming."""

import csv
import tracemalloc

import pytest

from relais.ingest.readers import (
    MappingError,
    PersonRecord,
    Point,
    ReadError,
    Skipped,
    read_path,
)
from tests.fixtures_gen import people, tabular


def _people(records):
    return [r for r in records if isinstance(r, PersonRecord)]


@pytest.mark.parametrize(
    ("style", "delimiter", "encoding"),
    [
        ("french", ";", "cp1252"),
        ("french", ";", "utf-8-sig"),
        ("french", ",", "utf-8"),
        ("english", "\t", "utf-8-sig"),
        ("english", ",", "cp1252"),
        ("english", "|", "utf-8"),
        ("french", "\t", "utf-16"),
    ],
)
def test_every_dialect_gives_back_the_people(tmp_path, style, delimiter, encoding):
    folks = [
        p for p in people(1, 12) if "ễ" not in p.last or not encoding.startswith("cp")
    ]
    path = tabular.write_csv(
        tmp_path / "contacts.txt",
        folks,
        style=style,
        delimiter=delimiter,
        encoding=encoding,
    )
    found = _people(read_path(path))
    assert [(r.fields["first_name"], r.fields["last_name"]) for r in found] == [
        (p.first, p.last) for p in folks
    ]
    for record, person in zip(found, folks, strict=True):
        assert record.fields["organisation"] == person.company
        assert record.fields["title"] == person.title
        assert record.fields["city"] == person.city
        assert record.tags == person.tags
        assert Point("email", person.email) in record.points
        assert Point("phone", person.mobile, "mobile") in record.points
        assert Point("phone", person.phone) in record.points
        assert record.fields.get("note", "") == person.note


def test_rows_are_numbered_under_the_header_blank_rows_included(tmp_path):
    folks = people(2, 7)
    path = tabular.write_csv(
        tmp_path / "salon.csv", folks, encoding="cp1252", title_rows=3, blank_every=2
    )
    found = _people(read_path(path))
    # Data rows: p1 p2 (blank) p3 p4 (blank) p5 p6 (blank) p7
    assert [r.record_number for r in found] == [1, 2, 4, 5, 7, 8, 10]
    assert {r.source_name for r in found} == {"salon.csv"}


def test_capital_surnames_and_first_names_come_in_name_case(tmp_path):
    path = tmp_path / "caps.csv"
    path.write_text(
        "Prénom;NOM;E-mail\nJEAN-PIERRE;DE LA FONTAINE;jp@x.fr\nhélène;LE GOFF;h@x.fr\n"
        "Kate;McAllister;k@x.fr\nSEB;O'BRIEN;s@x.fr\n",
        encoding="utf-8",
    )
    names = [
        (r.fields["first_name"], r.fields["last_name"])
        for r in _people(read_path(path))
    ]
    assert names == [
        ("Jean-Pierre", "de la Fontaine"),
        ("Hélène", "Le Goff"),
        ("Kate", "McAllister"),
        ("Seb", "O'Brien"),
    ]


def test_full_names_are_split_and_content_maps_untitled_columns(tmp_path):
    folks = people(3, 6)
    found = _people(
        read_path(tabular.write_full_name_csv(tmp_path / "emailing.csv", folks))
    )
    assert [(r.fields["first_name"], r.fields["last_name"]) for r in found] == [
        (p.first, p.last) for p in folks
    ]
    assert all(
        Point("email", p.email) in r.points for r, p in zip(found, folks, strict=True)
    )
    assert all(r.extra == {"Inscrit le": "2024-03-15"} for r in found)


def test_encoding_is_decided_on_the_whole_file(tmp_path):
    # Valid UTF-8 for 200 KB, then one Windows-1252 'é': the whole file is Windows-1252.
    rows = "".join(f"Jean{i};Dupont;j{i}@x.fr\n" for i in range(8000))
    path = tmp_path / "late.csv"
    path.write_bytes(
        ("Prénom;Nom;Email\n" + rows).encode("cp1252") + b"Ren\xe9;Dupont;r@x.fr\n"
    )
    last = _people(read_path(path))[-1]
    assert last.fields["first_name"] == "René"
    assert last.record_number == 8001


def test_latin1_is_the_last_resort(tmp_path):
    path = tmp_path / "old.csv"
    path.write_bytes(
        "Nom;Prénom;Email\nDUPONT;Zoé;z@x.fr\n".encode("latin-1") + b"A\x81;B;c@d.fr\n"
    )
    found = _people(read_path(path))
    assert found[0].fields["first_name"] == "Zoé"
    assert found[1].fields["last_name"] == "A\x81"


def test_values_in_the_wrong_column_are_reported_and_left_out(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Nom,Prénom,Email,Téléphone\n"
        "Dupont,Jean,06 12 34 56 78,jean@x.fr\n"
        "Martin,Zoé,zoe@x.fr ; zoe.martin@y.fr,n/a\n",
        encoding="utf-8",
    )
    found = list(read_path(path))
    assert found[:2] == [
        Skipped("mixed.csv", 1, "Email", "'06 12 34 56 78' looks like a phone number, not an email address"),
        Skipped("mixed.csv", 1, "Téléphone", "'jean@x.fr' looks like an email address, not a phone"),
    ]  # fmt: skip
    assert isinstance(found[2], PersonRecord) and found[2].points == []
    assert found[3] == Skipped(
        "mixed.csv", 2, "Téléphone", "'n/a' has no digits: not a phone number"
    )
    assert found[4].points == [
        Point("email", "zoe@x.fr"),
        Point("email", "zoe.martin@y.fr"),
    ]


def test_rows_without_anyone_and_repeated_headers_are_skipped(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "Nom;Email;Ville;Notes\nDupont;d@x.fr;Paris;\n;;Lyon;rien\nNom;Email;Ville;Notes\n"
        ";;;\nMartin;;;;en trop\n",
        encoding="utf-8",
    )
    found = list(read_path(path))
    assert [type(r).__name__ for r in found] == [
        "PersonRecord",
        "Skipped",
        "Skipped",
        "PersonRecord",
    ]
    assert found[1] == Skipped(
        "rows.csv", 2, "", "no name, email, phone or organisation"
    )
    assert found[2] == Skipped("rows.csv", 3, "", "the header row again")
    assert found[3].record_number == 5
    assert found[3].extra == {"(column 5)": "en trop"}


def test_unmapped_columns_are_kept_as_extra(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text(
        "Nom,Email,Source,Score\nDupont,d@x.fr,Salon,42\n", encoding="utf-8"
    )
    (record,) = _people(read_path(path))
    assert record.extra == {"Source": "Salon", "Score": "42"}


def test_mapping_overrides_apply_and_unknown_columns_of_a_single_table_are_errors(
    tmp_path,
):
    path = tmp_path / "crm.csv"
    path.write_text(
        "Nom,Email,Divers\nDupont,d@x.fr,06 12 34 56 78\n", encoding="utf-8"
    )
    (record,) = _people(read_path(path, mapping_overrides={"Divers": "phone:direct"}))
    assert Point("phone", "06 12 34 56 78", "direct") in record.points
    with pytest.raises(MappingError):
        list(read_path(path, mapping_overrides={"Tél": "phone"}))
    with pytest.raises(MappingError):
        list(read_path(path, mapping_overrides={"Divers": "fax_number"}))


def test_xlsx_with_title_rows_and_several_sheets(tmp_path):
    folks = people(4, 5)
    found = list(read_path(tabular.write_xlsx(tmp_path / "salon.xlsx", folks)))
    visitors = [r for r in found if r.source_name == "salon.xlsx[Visiteurs]"]
    assert [r.record_number for r in visitors] == [1, 2, 3, 4, 5]
    assert [(r.fields["first_name"], r.fields["last_name"]) for r in visitors] == [
        (p.first, p.last) for p in folks
    ]
    exhibitors = [r for r in found if r.source_name == "salon.xlsx[Exposants]"]
    assert exhibitors[0].fields == {"organisation": "Initech Inc"}
    assert Point("url", "www.initech.com") in exhibitors[0].points
    assert found[-1] == Skipped(
        "salon.xlsx[Notes]", 0, "", "no header row of contact columns"
    )


def test_xlsx_numbers_and_dates_are_text(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nom", "Téléphone", "Date de naissance", "Code postal"])
    sheet.append(["Dupont", 612345678, dt.datetime(1980, 5, 17), 29200.0])
    book.save(tmp_path / "n.xlsx")
    (record,) = _people(read_path(tmp_path / "n.xlsx"))
    assert record.points == [Point("phone", "612345678")]
    assert record.fields["birthday"] == "1980-05-17"
    assert record.fields["postal_code"] == "29200"


def test_a_damaged_workbook_is_a_read_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    tabular.write_xlsx(path, people(5, 2))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="broken.xlsx"):
        list(read_path(path))


def test_an_unclosed_quote_that_swallows_the_file_is_a_read_error_with_its_line(
    tmp_path,
):
    path = tmp_path / "quote.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write('Nom,Email\nDupont,d@x.fr\n"Martin,m@x.fr\n')
        out.write("x" * 17_000_000)
    with pytest.raises(
        ReadError, match=r"quote.csv, line 3: unreadable CSV from this line on"
    ):
        list(read_path(path))


def test_a_big_csv_streams(tmp_path):
    path = tabular.write_big_csv(tmp_path / "big.csv", 400_000)
    assert path.stat().st_size > 15_000_000
    tracemalloc.start()
    try:
        records = read_path(path)
        first = [next(records) for _ in range(2000)]
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first[-1].record_number == 2000
    assert peak < 6_000_000


def test_csv_module_agrees_on_quoted_delimiters_and_newlines(tmp_path):
    path = tmp_path / "quoted.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Nom", "Société", "Notes"])
        writer.writerow(["Dupont", "Dupont; Fils & Cie", "ligne 1\nligne 2"])
        writer.writerow(["Martin", "ACME", ""])
    found = _people(read_path(path))
    assert found[0].fields["organisation"] == "Dupont; Fils & Cie"
    assert found[0].fields["note"] == "ligne 1\nligne 2"
    assert found[1].record_number == 2


def test_a_single_sheet_is_strict_about_override_columns(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nom", "Email"])
    book.save(tmp_path / "one.xlsx")
    with pytest.raises(MappingError, match="No column 'Badge'"):
        list(read_path(tmp_path / "one.xlsx", mapping_overrides={"Badge": "ignore"}))
    several = tabular.write_xlsx(tmp_path / "salon.xlsx", people(6, 2))
    found = list(read_path(several, mapping_overrides={"Entreprise": "ignore"}))
    exhibitors = [r for r in found if r.source_name == "salon.xlsx[Exposants]"]
    assert "organisation" not in exhibitors[0].fields
