"""Google Contacts CSV exports, current and older header."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from . import Person

CURRENT = ["First Name", "Middle Name", "Last Name", "Phonetic First Name", "Nickname",
           "File As", "Organization Name", "Organization Title", "Organization Department",
           "Birthday", "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
           "E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value",
           "Phone 2 - Label", "Phone 2 - Value", "Address 1 - Label", "Address 1 - City",
           "Address 1 - Postal Code", "Address 1 - Country", "Website 1 - Label",
           "Website 1 - Value"]  # fmt: skip
OLD = ["Name", "Given Name", "Additional Name", "Family Name", "Nickname", "Notes",
       "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type",
       "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value", "Organization 1 - Type",
       "Organization 1 - Name", "Organization 1 - Title", "Website 1 - Type",
       "Website 1 - Value"]  # fmt: skip


def write_google_csv(path: Path, people: list[Person], *, old: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(OLD if old else CURRENT)
    for index, p in enumerate(people):
        labels = " ::: ".join(
            ["* myContacts", *(["* starred"] if index % 3 == 0 else []), *p.tags]
        )
        second = f"{p.first.lower()}@gmail.com" if index % 2 else ""
        if old:
            writer.writerow([
                p.full_name, p.first, "", p.last, p.nickname, p.note,
                labels.replace("myContacts", "My Contacts"), "* Work", p.email,
                "Mobile", p.mobile, "Work", p.phone, "", p.company, p.title,
                "Profile", p.linkedin,
            ])  # fmt: skip
        else:
            writer.writerow([
                p.first, "", p.last, "", p.nickname, "", p.company, p.title, "", "", p.note, "",
                labels, "* Work", p.email, "Home" if second else "", second, "Mobile", p.mobile,
                "Work", f"{p.phone} ::: 01 99 99 99 9{index % 10}" if index == 1 else p.phone,
                "Work", p.city, p.postal_code, p.country, "LinkedIn", p.linkedin,
            ])  # fmt: skip
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
