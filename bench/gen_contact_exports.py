"""Realistic contact exports with known duplicates, for measuring `relais import` + `dedupe`.

The people and their duplicate records come from ``tests/fixtures_gen/duplicates.py`` (French
and English names, nicknames, accents dropped, surnames in CAPITALS or first, initials, typos,
personal and former employers' addresses, homonyms with their own organisation, address and
phone). Each record is written to one of the import formats a user brings, the way that tool
writes it: a French trade-show CSV (``;``, UTF-8 with BOM) and XLSX workbook (title rows above
the header), a Google Contacts CSV, a French Outlook CSV (Windows-1252), iPhone and Android
vCards, a LinkedIn ``Connections.csv``. Phones are written in messy national styles; a person's
LinkedIn profile appears in the LinkedIn export and now and then in a vCard or a Google CSV.

The ground truth (which person each record is) never goes into the files: ``write_exports``
returns each record as written (the fields its format holds) with its person, keyed by (file
name, record number), the number the importer gives each record (1-based, data rows only), so
the benchmark can read back what became of every record.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii
from tests.fixtures_gen.duplicates import generate
from tests.fixtures_gen.google import CURRENT as GOOGLE_HEADER
from tests.fixtures_gen.linkedin import NOTES as LINKEDIN_NOTES
from tests.fixtures_gen.outlook import FRENCH as OUTLOOK_HEADER
from tests.fixtures_gen.tabular import FRENCH as TABULAR_HEADER
from tests.fixtures_gen.vcard import esc, qp

from relais.matching.engine.types import MatchRecord


@dataclass
class Row:
    """One source record as a file holds it."""

    person: int
    first: str
    last: str
    organisation: str
    title: str
    city: str
    emails: list[str]
    mobile: str
    landline: str
    linkedin: str


def _messy(e164: str, rng: random.Random) -> str:
    """'+33639984712' written the ways people write a French number."""
    if not e164.startswith("+33") or len(e164) != 12:
        return e164
    digits = e164[3:]
    pairs = [digits[i : i + 2] for i in range(1, 9, 2)]
    style = rng.randrange(6)
    if style == 0:
        return f"0{digits[0]} " + " ".join(pairs)
    if style == 1:
        return f"0{digits[0]}." + ".".join(pairs)
    if style == 2:
        return f"+33 {digits[0]} " + " ".join(pairs)
    if style == 3:
        return f"0033 {digits[0]} " + " ".join(pairs)
    if style == 4:
        return f"+33 (0){digits[0]} " + " ".join(pairs)
    return f"0{digits[0]}" + "".join(pairs)


def _slug(text: str) -> str:
    return "-".join(
        "".join(c for c in word if c.isalnum())
        for word in anyascii(text).lower().split()
    )


def _rows(count: int, seed: int) -> list[Row]:
    rng = random.Random(seed + 1)
    profiles: dict[int, str] = {}
    out = []
    record: MatchRecord
    for record, person in generate(count, seed=seed):
        if person not in profiles:
            # A profile exists for most people; its address is fixed by the first record.
            profiles[person] = (
                f"https://www.linkedin.com/in/{_slug(record.first_name)}-"
                f"{_slug(record.last_name)}-{person:x}"
                if rng.random() < 0.8
                else ""
            )
        mobile = record.mobiles[0] if record.mobiles else ""
        landline = next((p for p in record.phones if p not in record.mobiles), "")
        out.append(
            Row(
                person,
                record.first_name,
                record.last_name,
                record.organisation,
                record.title,
                record.city,
                list(record.emails),
                _messy(mobile, rng) if mobile else "",
                _messy(landline, rng) if landline else "",
                profiles[person],
            )
        )
    return out


def _csv(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _tabular_row(r: Row) -> list[str]:
    r.emails, r.linkedin = r.emails[:1], ""
    return [
        "", r.first, r.last, r.organisation, r.title, r.emails[0] if r.emails else "",
        r.landline, r.mobile, r.city, "", "France", "Salon 2024", "",
    ]  # fmt: skip


def write_tabular_csv(path: Path, rows: list[Row], rng: random.Random) -> None:
    text = _csv(TABULAR_HEADER, [_tabular_row(r) for r in rows], delimiter=";")
    path.write_bytes(text.encode("utf-8-sig"))


def write_xlsx(path: Path, rows: list[Row], rng: random.Random) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Visiteurs"
    sheet.append(["Salon des Entrepreneurs — liste des visiteurs"])
    sheet.append([])
    sheet.append(TABULAR_HEADER)
    for r in rows:
        sheet.append(_tabular_row(r))
    book.save(path)


def write_google(path: Path, rows: list[Row], rng: random.Random) -> None:
    lines = []
    for r in rows:
        first_email, second = (r.emails + ["", ""])[:2]
        website = r.linkedin if r.linkedin and rng.random() < 0.2 else ""
        r.linkedin = website
        lines.append([
            r.first, "", r.last, "", "", "", r.organisation, r.title, "", "", "", "",
            "* myContacts", "* Work" if first_email else "", first_email,
            "Home" if second else "", second, "Mobile" if r.mobile else "", r.mobile,
            "Work" if r.landline else "", r.landline, "Work" if r.city else "", r.city, "",
            "", "LinkedIn" if website else "", website,
        ])  # fmt: skip
    path.write_text(_csv(GOOGLE_HEADER, lines), encoding="utf-8")


def write_outlook(path: Path, rows: list[Row], rng: random.Random) -> None:
    lines = []
    for r in rows:
        r.linkedin = ""
        first_email, second = (r.emails + ["", ""])[:2]
        lines.append([
            "", r.first, "", r.last, "", r.organisation, "", r.title, "", r.city, "", "",
            "", r.landline, "", r.mobile, "0/0/00", "", first_email,
            "SMTP" if first_email else "", first_email, second, "Non spécifié", "", "Normal",
            "Normal", "",
        ])  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(OUTLOOK_HEADER)
    writer.writerows(lines)
    # Windows-1252 cannot hold every name: Outlook writes '?' then, so do we.
    path.write_bytes(buffer.getvalue().encode("cp1252", errors="replace"))


def _iphone(r: Row, rng: random.Random) -> str:
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.4//EN",
        f"N:{esc(r.last)};{esc(r.first)};;;", f"FN:{esc(r.first)} {esc(r.last)}".strip(),
        f"ORG:{esc(r.organisation)};" if r.organisation else "",
        f"TITLE:{esc(r.title)}" if r.title else "",
        *(f"item{i}.EMAIL;type=INTERNET:{e}" for i, e in enumerate(r.emails, 1)),
        f"TEL;type=CELL;type=VOICE;type=pref:{r.mobile}" if r.mobile else "",
        f"TEL;type=WORK;type=VOICE:{r.landline}" if r.landline else "",
        f"item9.ADR;type=WORK:;;;{esc(r.city)};;;France" if r.city else "",
        f"X-SOCIALPROFILE;type=linkedin:{r.linkedin}" if r.linkedin else "",
        "END:VCARD",
    ]  # fmt: skip
    return "".join(line + "\r\n" for line in lines if line)


def _android(r: Row, rng: random.Random) -> str:
    lines = [
        "BEGIN:VCARD", "VERSION:2.1",
        f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(f'{r.last};{r.first};;;')}",
        f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(f'{r.first} {r.last}'.strip())}",
        f"TEL;CELL;PREF:{r.mobile}" if r.mobile else "",
        f"TEL;WORK:{r.landline}" if r.landline else "",
        *(f"EMAIL;{'WORK' if i == 0 else 'HOME'}:{e}" for i, e in enumerate(r.emails)),
        f"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(r.organisation)}"
        if r.organisation else "",
        f"TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(r.title)}" if r.title else "",
        "END:VCARD",
    ]  # fmt: skip
    return "".join(line + "\r\n" for line in lines if line)


def write_iphone(path: Path, rows: list[Row], rng: random.Random) -> None:
    for r in rows:
        r.linkedin = r.linkedin if rng.random() < 0.3 else ""
    path.write_bytes("".join(_iphone(r, rng) for r in rows).encode("utf-8"))


def write_android(path: Path, rows: list[Row], rng: random.Random) -> None:
    for r in rows:
        r.linkedin, r.city = "", ""
    path.write_bytes("".join(_android(r, rng) for r in rows).encode("utf-8"))


def write_linkedin(path: Path, rows: list[Row], rng: random.Random) -> None:
    for r in rows:
        # Only connections who allow it show an address; no phones, no city.
        r.emails = r.emails[:1] if rng.random() < 0.3 else []
        r.mobile = r.landline = r.city = ""
    lines = [
        [
            r.first, r.last, r.linkedin, r.emails[0] if r.emails else "",
            r.organisation, r.title, f"{rng.randint(1, 28):02d} Mar 2023",
        ]
        for r in rows
    ]  # fmt: skip
    header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
              "Connected On"]  # fmt: skip
    path.write_text(LINKEDIN_NOTES + _csv(header, lines), encoding="utf-8", newline="")


# File name, writer, share of the records.
FORMATS: list[tuple[str, Callable[[Path, list[Row], random.Random], None], float]] = [
    ("salon-visiteurs.csv", write_tabular_csv, 0.17),
    ("salon-2024.xlsx", write_xlsx, 0.12),
    ("google-contacts.csv", write_google, 0.19),
    ("outlook-contacts.csv", write_outlook, 0.15),
    ("iphone.vcf", write_iphone, 0.12),
    ("android.vcf", write_android, 0.10),
    ("Connections.csv", write_linkedin, 0.15),
]


def write_exports(
    directory: Path, count: int = 10_000, seed: int = 11
) -> tuple[list[Path], dict[tuple[str, int], Row]]:
    """Write the files; return them and each record by (file name, record number): its
    ``person`` is the truth.

    A LinkedIn export only holds people with a profile; their other records go elsewhere.
    """
    rng = random.Random(seed)
    rows = _rows(count, seed)
    names = [name for name, _, _ in FORMATS]
    weights = [share for _, _, share in FORMATS]
    per_file: dict[str, list[Row]] = {name: [] for name in names}
    for row in rows:
        name = rng.choices(names, weights)[0]
        if name == "Connections.csv" and not row.linkedin:
            name = "google-contacts.csv"
        per_file[name].append(row)
    truth: dict[tuple[str, int], Row] = {}
    paths = []
    for name, writer, _ in FORMATS:
        path = directory / name
        writer(path, per_file[name], rng)
        paths.append(path)
        for number, row in enumerate(per_file[name], start=1):
            truth[(name, number)] = row
    return paths, truth
