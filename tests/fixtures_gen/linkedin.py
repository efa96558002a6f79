"""LinkedIn data exports: Connections.csv, messages.csv, Invitations.csv, and the whole zip."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from . import Person

NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
OWNER = ("Marc Membre", "https://www.linkedin.com/in/marc-membre")


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def connections(people: list[Person]) -> str:
    rows = [
        [
            "First Name",
            "Last Name",
            "URL",
            "Email Address",
            "Company",
            "Position",
            "Connected On",
        ]
    ]
    for index, p in enumerate(people):
        rows.append([
            p.first, p.last, p.linkedin, p.email if index % 2 == 0 else "", p.company,
            p.title, f"{(index % 28) + 1:02d} Mar 2023",
        ])  # fmt: skip
    return NOTES + _csv(rows)


def messages(people: list[Person]) -> str:
    rows = [["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
             "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"]]  # fmt: skip
    for index, p in enumerate(people[:3]):
        conversation = f"2-ZjE{index}MDAw"
        rows.append([
            conversation, "", p.full_name, p.linkedin, OWNER[0], OWNER[1],
            f"2024-03-1{index} 09:1{index}:00 UTC", "", f"Bonjour Marc,\nravi de vous avoir "
            f"rencontré au salon. À bientôt, {p.first}", "INBOX",
        ])  # fmt: skip
        rows.append([
            conversation, "", OWNER[0], OWNER[1], p.full_name, p.linkedin,
            f"2024-03-1{index} 10:00:00 UTC", "", "<p>Merci, avec plaisir&nbsp;!</p>", "SENT",
        ])  # fmt: skip
    return _csv(rows)


def invitations(people: list[Person]) -> str:
    rows = [
        [
            "From",
            "To",
            "Sent At",
            "Message",
            "Direction",
            "inviterProfileUrl",
            "inviteeProfileUrl",
        ]
    ]
    for index, p in enumerate(people[:4]):
        if index % 2:
            rows.append([OWNER[0], p.full_name, f"3/{index + 1}/24, 10:12 AM", "", "OUTGOING",
                         OWNER[1], p.linkedin])  # fmt: skip
        else:
            rows.append([p.full_name, OWNER[0], f"3/{index + 1}/24, 4:05 PM",
                         f"Bonjour Marc, ravi d'échanger — {p.first}", "INCOMING", p.linkedin,
                         OWNER[1]])  # fmt: skip
    return _csv(rows)


OWN_FILES = {
    "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
    "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\r\n"
    "Marc,Membre,,,,Sales at Relais,,,,Paris,,,\r\n",
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\r\n"
    "marc@relais.test,Yes,Yes,Not Available\r\n",
    "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\r\n"
    "Relais,Sales,,Paris,Jan 2020,\r\n",
}


def write_connections(path: Path, people: list[Person]) -> Path:
    path.write_text(connections(people), encoding="utf-8", newline="")
    return path


def write_export_zip(path: Path, people: list[Person]) -> Path:
    """The archive LinkedIn mails you, with a folder inside as recent exports have."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", connections(people))
        archive.writestr("messages.csv", messages(people))
        archive.writestr("Invitations.csv", invitations(people))
        for name, text in OWN_FILES.items():
            archive.writestr(name, text)
        archive.writestr(
            "Articles/Articles/2023-01-01 Hello.html", "<html><p>Hello</p></html>"
        )
        archive.writestr("__MACOSX/._Connections.csv", b"\x00\x05\x16\x07")
    return path


def write_export_folder(path: Path, people: list[Person]) -> Path:
    path.mkdir()
    (path / "Connections.csv").write_text(
        connections(people), encoding="utf-8", newline=""
    )
    (path / "messages.csv").write_text(messages(people), encoding="utf-8", newline="")
    (path / "Invitations.csv").write_text(
        invitations(people), encoding="utf-8", newline=""
    )
    return path
