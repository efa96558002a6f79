"""vCards as phones and address books write them.

iPhone: 3.0, grouped ``item1.EMAIL`` with ``item1.X-ABLabel``, X-SOCIALPROFILE, a base64 PHOTO,
lines folded at 75 octets even inside a UTF-8 character. Android: 2.1 with
``CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE`` and soft line breaks, bare ``TEL;CELL;PREF``.
Outlook: 2.1 with Windows-1252 bytes. Google: 3.0 with CATEGORIES:myContacts. 4.0 with
``VALUE=uri`` phones. ``vcard_file`` mixes them in one address book.
"""

from __future__ import annotations

import base64
import random
from pathlib import Path

from . import Person

PHOTO = base64.b64encode(
    bytes(random.Random(7).randrange(256) for _ in range(600))
).decode()


def fold_octets(line: str, width: int = 75) -> bytes:
    """Fold at ``width`` octets, as some writers do, possibly cutting a UTF-8 sequence."""
    data = line.encode("utf-8")
    parts = [data[:width]]
    data = data[width:]
    while data:
        parts.append(b" " + data[: width - 1])
        data = data[width - 1 :]
    return b"\r\n".join(parts) + b"\r\n"


def qp(text: str, first_line_room: int = 40) -> str:
    """Quoted-printable as Android writes it: every non-ASCII byte encoded, '=' soft breaks."""
    out, line = [], ""
    room = first_line_room
    for byte in text.encode("utf-8"):
        char = chr(byte)
        piece = (
            char if 33 <= byte <= 126 and char != "=" or char == " " else f"={byte:02X}"
        )
        if len(line) + len(piece) > room:
            out.append(line + "=")
            line, room = "", 74
        line += piece
    out.append(line)
    return "\r\n".join(out)


def esc(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\n", "\\n")
    )


def iphone(p: Person) -> bytes:
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.4//EN",
        f"N:{esc(p.written_last)};{esc(p.first)};;;", f"FN:{esc(p.first)} {esc(p.written_last)}",
        f"NICKNAME:{p.nickname}" if p.nickname else "",
        f"ORG:{esc(p.company)};Direction commerciale", f"TITLE:{esc(p.title)}",
        f"item1.EMAIL;type=INTERNET;type=pref:{p.email}", "item1.X-ABLabel:_$!<Work>!$_",
        f"item2.TEL:{p.phone}", "item2.X-ABLabel:Bureau Paris",
        f"TEL;type=CELL;type=VOICE;type=pref:{p.mobile}",
        f"item3.URL;type=pref:https://www.{p.domain}", "item3.X-ABLabel:_$!<HomePage>!$_",
        f"X-SOCIALPROFILE;type=linkedin;x-user={p.linkedin.rsplit('/', 1)[-1]}:{p.linkedin}",
        f"item4.ADR;type=WORK;type=pref:;;12 rue de la Paix;{esc(p.city)};;{p.postal_code};{esc(p.country)}",
        "item4.X-ABADR:fr",
        f"NOTE:{esc(p.note)}" if p.note else "",
        f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO}",
        "END:VCARD",
    ]  # fmt: skip
    return b"".join(fold_octets(line) for line in lines if line)


def android(p: Person) -> bytes:
    n = f"{p.written_last};{p.first};;;"
    lines = [
        "BEGIN:VCARD", "VERSION:2.1",
        f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(n)}",
        f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(p.first + ' ' + p.written_last)}",
        f"TEL;CELL;PREF:{p.mobile}", f"TEL;WORK:{p.phone}",
        f"EMAIL;WORK:{p.email}",
        f"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(p.company)}",
        f"TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(p.title)}",
        f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(p.note + chr(10) + 'Deuxième ligne, très longue pour forcer un retour à la ligne doux.')}",
        "PHOTO;ENCODING=BASE64;JPEG:" + PHOTO[:60],
        *(" " + PHOTO[i : i + 72] for i in range(60, len(PHOTO), 72)),
        "",
        "END:VCARD",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def outlook(p: Person) -> bytes:
    lines = [
        "BEGIN:VCARD", "VERSION:2.1", f"N;LANGUAGE=fr:{p.written_last};{p.first}",
        f"FN:{p.first} {p.written_last}", f"ORG:{p.company}", f"TITLE:{p.title}",
        f"TEL;WORK;VOICE:{p.phone}", f"TEL;CELL;VOICE:{p.mobile}",
        f"EMAIL;PREF;INTERNET:{p.email}", f"URL;WORK:http://www.{p.domain}",
        "LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE:12 rue de la Paix=0D=0A" + p.postal_code,
        "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2", "REV:20240315T101200Z", "END:VCARD",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace")


def google(p: Person) -> bytes:
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", f"FN:{esc(p.full_name)}",
        f"N:{esc(p.last)};{esc(p.first)};;;", f"EMAIL;TYPE=INTERNET;TYPE=WORK:{p.email}",
        f"TEL;TYPE=CELL:{p.mobile}", f"ORG:{esc(p.company)}", f"TITLE:{esc(p.title)}",
        "CATEGORIES:" + ",".join(["myContacts", *(esc(t) for t in p.tags)]), "END:VCARD",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def v4(p: Person) -> bytes:
    digits = "".join(c for c in p.mobile if c.isdigit() or c == "+")
    lines = [
        "BEGIN:VCARD", "VERSION:4.0", f"FN:{esc(p.full_name)}",
        f"N:{esc(p.last)};{esc(p.first)};;;", f"EMAIL;TYPE=work;PREF=1:{p.email}",
        f'TEL;VALUE=uri;TYPE="voice,cell":tel:{digits}', f"ORG:{esc(p.company)}",
        f"SOCIALPROFILE;SERVICE-TYPE=LinkedIn:{p.linkedin}", "END:VCARD",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


WRITERS = {
    "iphone": iphone,
    "android": android,
    "outlook": outlook,
    "google": google,
    "v4": v4,
}


def write_vcards(path: Path, people: list[Person], style: str) -> Path:
    path.write_bytes(b"".join(WRITERS[style](p) for p in people))
    return path
