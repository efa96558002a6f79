"""Outlook contacts CSV, as the English and French versions of Outlook export it.

Outlook writes UTF-8 with a BOM or Windows-1252 (the encoding layer reads both), a fixed set
of columns, "Title" for the courtesy title (Mr., Mme) and "Job Title" for the position, several
phones by role ("Business Phone", "Mobile Phone"), and "Categories" separated by ';'. Empty
dates are written "0/0/00" and unset options "Normal" or "Unspecified": those are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import mapping
from .mapping import ColumnMapping, parse_target
from .records import PersonRecord

_COLUMNS = {
    "civility": "Title|Titre",
    "first_name": "First Name|Prénom",
    "middle_name": "Middle Name|Deuxième prénom",
    "last_name": "Last Name|Nom",
    "nickname": "Nickname|Surnom",
    "organisation": "Company|Société",
    "department": "Department|Service",
    "title": "Job Title|Fonction",
    "address": "Business Street|Home Street|Other Street|Rue (bureau)|Rue (domicile)|Rue (autre)",
    "city": "Business City|Home City|Other City|Ville (bureau)|Ville (domicile)|Ville (autre)",
    "postal_code": "Business Postal Code|Home Postal Code|Other Postal Code|"
    "Code postal (bureau)|Code postal (domicile)|Code postal (autre)",
    "country": "Business Country/Region|Home Country/Region|Other Country/Region|"
    "Pays/Région (bureau)|Pays/Région (domicile)|Pays/Région (autre)",
    "phone:work": "Business Phone|Business Phone 2|Téléphone (bureau)|Téléphone 2 (bureau)",
    "phone:mobile": "Mobile Phone|Tél. mobile|Téléphone mobile",
    "phone:home": "Home Phone|Home Phone 2|Téléphone (domicile)|Téléphone 2 (domicile)",
    "phone:standard": "Company Main Phone|Téléphone société",
    "phone": "Primary Phone|Téléphone principal",
    "phone:other": "Other Phone|Téléphone (autre)",
    "phone:car": "Car Phone|Téléphone (voiture)",
    "phone:fax": "Business Fax|Home Fax|Other Fax|Télécopie (bureau)|Télécopie (domicile)|"
    "Télécopie (autre)",
    "phone:pager": "Pager|Récepteur de radiomessagerie",
    "email": "E-mail Address|E-mail 2 Address|E-mail 3 Address|Adresse de messagerie|"
    "Adresse de messagerie 2|Adresse de messagerie 3",
    "url": "Web Page|Personal Web Page|Page Web|Page Web personnelle",
    "tags": "Categories|Catégories",
    "note": "Notes",
    "birthday": "Birthday|Anniversaire",
    "language": "Language|Langue",
    "ignore": "E-mail Type|E-mail Display Name|E-mail 2 Type|E-mail 2 Display Name|"
    "E-mail 3 Type|E-mail 3 Display Name|Type de messagerie|"
    "Nom complet de l'adresse de messagerie|Type de messagerie 2|"
    "Nom complet de l'adresse de messagerie 2|Type de messagerie 3|"
    "Nom complet de l'adresse de messagerie 3|Sensitivity|Priority|Private|Gender|"
    "Critère de diffusion|Priorité|Privé|Sexe",
}
TABLE = {
    name: parse_target(target)
    for target, names in _COLUMNS.items()
    for name in names.split("|")
}
_UNSET = {
    "0/0/00",
    "00/00/00",
    "0/0/0000",
    "normal",
    "unspecified",
    "non spécifié",
    "false",
}


def propose(header: Sequence[str], sample: Sequence[Sequence[str]]) -> ColumnMapping:
    return mapping.fixed(header, TABLE, "Outlook column")


def tidy(record: PersonRecord) -> None:
    """Drop the values Outlook writes for "not set"."""
    for values in (record.fields, record.extra):
        for key in [k for k, v in values.items() if v.strip().lower() in _UNSET]:
            del values[key]


def is_outlook(header: Sequence[str]) -> bool:
    names = {h.strip() for h in header}
    english = "E-mail Address" in names and bool(
        {
            "Business Phone",
            "Mobile Phone",
            "Job Title",
            "Home Phone",
            "E-mail Display Name",
        }
        & names
    )
    french = "Adresse de messagerie" in names and bool(
        {"Tél. mobile", "Téléphone (bureau)", "Nom complet de l'adresse de messagerie"}
        & names
    )
    return english or french
