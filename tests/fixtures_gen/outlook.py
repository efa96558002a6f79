"""Outlook contacts CSV exports, English and French, Windows-1252 or UTF-8 with BOM."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from . import Person

ENGLISH = ["Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
           "Job Title", "Business Street", "Business City", "Business Postal Code",
           "Business Country/Region", "Business Fax", "Business Phone", "Home Phone",
           "Mobile Phone", "Birthday", "Categories", "E-mail Address", "E-mail Type",
           "E-mail Display Name", "E-mail 2 Address", "Gender", "Notes", "Priority",
           "Sensitivity", "Web Page"]  # fmt: skip
FRENCH = ["Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société", "Service",
          "Fonction", "Rue (bureau)", "Ville (bureau)", "Code postal (bureau)",
          "Pays/Région (bureau)", "Télécopie (bureau)", "Téléphone (bureau)",
          "Téléphone (domicile)", "Tél. mobile", "Anniversaire", "Catégories",
          "Adresse de messagerie", "Type de messagerie",
          "Nom complet de l'adresse de messagerie", "Adresse de messagerie 2", "Sexe", "Notes",
          "Priorité", "Critère de diffusion", "Page Web"]  # fmt: skip


def write_outlook_csv(
    path: Path, people: list[Person], *, encoding: str = "cp1252", french: bool = False
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(FRENCH if french else ENGLISH)
    for p in people:
        writer.writerow([
            "M." if p.civility in {"M.", "Monsieur"} else "Mme", p.first, "", p.written_last,
            "", p.company, "", p.title, "12 rue de la Paix", p.city, p.postal_code, p.country,
            "", p.phone, "", p.mobile, "0/0/00", ";".join(p.tags), p.email, "SMTP",
            f"{p.full_name} ({p.email})", "", "Non spécifié" if french else "Unspecified",
            p.note, "Normal", "Normal", f"www.{p.domain}",
        ])  # fmt: skip
    # Windows-1252 cannot hold every name (Nguyễn): Outlook writes '?' then, so do we.
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    return path
