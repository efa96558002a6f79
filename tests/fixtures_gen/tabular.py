"""Generic contact tables: trade-show lists, ERP and emailing-tool exports, in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from . import Person

FRENCH = ["Civilité", "Prénom", "NOM", "Société", "Fonction", "E-mail", "Tél.", "Portable",
          "Ville", "Code postal", "Pays", "Tags", "Commentaire"]  # fmt: skip
ENGLISH = ["First Name", "Last Name", "Company", "Job title", "Email", "Phone", "Mobile",
           "City", "Postal code", "Country", "Tags", "Notes"]  # fmt: skip


def french_row(p: Person) -> list[str]:
    return [p.civility, p.first, p.written_last, p.company, p.title, p.email, p.phone,
            p.mobile, p.city, p.postal_code, p.country, ", ".join(p.tags), p.note]  # fmt: skip


def english_row(p: Person) -> list[str]:
    return [p.first, p.written_last, p.company, p.title, p.email, p.phone, p.mobile, p.city,
            p.postal_code, p.country, "; ".join(p.tags), p.note]  # fmt: skip


def write_csv(
    path: Path,
    people: list[Person],
    *,
    style: str = "french",
    delimiter: str = ";",
    encoding: str = "utf-8",
    title_rows: int = 0,
    blank_every: int = 0,
) -> Path:
    """A contact CSV; ``encoding`` 'utf-8-sig' adds a BOM, 'cp1252' is what Excel writes in France."""
    header, row = (FRENCH, french_row) if style == "french" else (ENGLISH, english_row)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for index in range(title_rows):
        writer.writerow(
            ["Salon Vivatech 2024 — liste des visiteurs" if index == 0 else ""]
        )
    writer.writerow(header)
    for index, person in enumerate(people, start=1):
        writer.writerow(row(person))
        if blank_every and index % blank_every == 0:
            writer.writerow([])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_full_name_csv(path: Path, people: list[Person]) -> Path:
    """An emailing-tool export: 'Nom complet' holding 'DUPONT Jean', an email column titled
    'Contact', and a column of phones with no header word to go by."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",")
    writer.writerow(["Nom complet", "Contact", "Numéro", "Inscrit le"])
    for index, p in enumerate(people):
        full = (
            f"{p.last.upper()} {p.first}"
            if index % 2
            else f"{p.first} {p.last.upper()}"
        )
        writer.writerow([full, p.email, p.mobile, "2024-03-15"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, people: list[Person], *, title_rows: int = 2) -> Path:
    """A trade-show workbook: title rows above the header, a second sheet of exhibitors."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Visiteurs"
    if title_rows:
        sheet.append(["Salon des Entrepreneurs — Paris 2024"])
        for _ in range(title_rows - 1):
            sheet.append([])
    sheet.append(FRENCH)
    for person in people:
        sheet.append(french_row(person))
    exhibitors = book.create_sheet("Exposants")
    exhibitors.append(["Entreprise", "Contact", "Téléphone", "Site web"])
    exhibitors.append(
        ["Initech Inc", "contact@initech.com", "01 40 00 00 00", "www.initech.com"]
    )
    book.create_sheet("Notes").append(["Bilan du salon : très bonne fréquentation."])
    book.save(path)
    return path


def write_big_csv(path: Path, rows: int) -> Path:
    """A large export, written line by line."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["First Name", "Last Name", "Email", "Company"])
        for index in range(rows):
            writer.writerow(
                [f"Jean{index}", "DUPONT", f"jean{index}@example.com", "ACME"]
            )
    return path
