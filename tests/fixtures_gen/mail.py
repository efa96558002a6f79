"""Mail in French and English: threads with quoted replies and signatures, as mbox, .eml and
Maildir. ``thread()`` returns the messages as bytes with what a reader should find in each."""

from __future__ import annotations

import datetime as dt
import mailbox
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

WORKSPACE = "marc@relais.test"
MARC_SIGNATURE = "--\nMarc Membre\nRelais SAS\nTél. : 01 99 99 99 99"


@dataclass
class Expected:
    message_id: str
    sender: str
    subject: str
    signature: dict[str, str] = field(
        default_factory=dict
    )  # fields the signature must give
    phones: list[tuple[str, str]] = field(default_factory=list)
    automated: bool = False


def _message(
    sender: tuple[str, str],
    to: tuple[str, str],
    subject: str,
    body: str,
    message_id: str,
    day: int,
    *,
    html: str = "",
    charset: str = "utf-8",
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = Address(sender[0], addr_spec=sender[1])
    message["To"] = Address(to[0], addr_spec=to[1])
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime(2024, 6, day, 10, 12, tzinfo=dt.UTC))
    message["Message-ID"] = f"<{message_id}>"
    for key, value in (headers or {}).items():
        message[key] = value
    if body:
        message.set_content(body, charset=charset)
    if html:
        if body:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    return message.as_bytes()


def thread() -> list[tuple[bytes, Expected]]:
    fred = ("Frédéric Canevet", "f.canevet@acme-industries.fr")
    kate = ("Kate Smith", "kate@globex.co.uk")
    marc = ("Marc Membre", WORKSPACE)
    found = []
    found.append((
        _message(fred, marc, "Devis pour le salon", (
            "Bonjour Marc,\n\nMerci pour votre retour, je vous propose un appel jeudi.\n\n"
            "Cordialement,\n\nFrédéric Canevet\nDirecteur commercial | ACME Industries SAS\n"
            "Tél. : 01 23 45 67 89 - Mob. : +33 (0)6 12 34 56 78\n"
            "12 rue de la Paix, 75002 Paris\nwww.acme-industries.fr\n"
            "https://www.linkedin.com/in/fcanevet\n\n"
            "Le lun. 3 juin 2024 à 10:12, Marc Membre <marc@relais.test> a\nécrit :\n"
            "> Bonjour Frédéric,\n> Pouvez-vous m'envoyer le devis ?\n> " + MARC_SIGNATURE.replace("\n", "\n> ")
        ), "fred-1@acme-industries.fr", 4),
        Expected("fred-1@acme-industries.fr", fred[1], "Devis pour le salon",
                 {"title": "Directeur commercial", "organisation": "ACME Industries SAS",
                  "first_name": "Frédéric", "last_name": "Canevet", "city": "Paris"},
                 [("01 23 45 67 89", "work"), ("+33 (0)6 12 34 56 78", "mobile")]),
    ))  # fmt: skip
    found.append((
        _message(marc, fred, "Re: Devis pour le salon",
                 "Parfait, jeudi 10h.\n\n" + MARC_SIGNATURE + "\n\nLe mar. 4 juin 2024, "
                 "Frédéric Canevet a écrit :\n> Bonjour Marc,", "marc-2@relais.test", 5,
                 headers={"In-Reply-To": "<fred-1@acme-industries.fr>",
                          "References": "<fred-1@acme-industries.fr>"}),
        Expected("marc-2@relais.test", WORKSPACE, "Re: Devis pour le salon"),
    ))  # fmt: skip
    found.append((
        _message(kate, marc, "Meeting next week", "", "kate-3@globex.co.uk", 6, html=(
            "<html><body><p>Hi Marc,</p><p>Tuesday works for me.</p><p>Best regards,<br>"
            "Kate Smith<br>Head of Sales, Globex Ltd<br>T: +44 20 7946 0958<br>"
            "M: +44 7700 900123<br><a href='https://www.linkedin.com/in/katesmith'>LinkedIn</a>"
            "</p><div class='gmail_quote'><div>On Mon, Jun 3, 2024 at 10:12 AM Marc Membre "
            "&lt;marc@relais.test&gt; wrote:</div><blockquote>Hi Kate, T: 01 99 99 99 99"
            "</blockquote></div></body></html>"
        )),
        Expected("kate-3@globex.co.uk", kate[1], "Meeting next week",
                 {"title": "Head of Sales", "organisation": "Globex Ltd"},
                 [("+44 20 7946 0958", "work"), ("+44 7700 900123", "mobile")]),
    ))  # fmt: skip
    found.append((
        _message(("Relais News", "newsletter@news.example.com"), marc, "Nos nouveautés",
                 "Découvrez nos offres.\n\nCordialement,\nL'équipe\nTél. 01 00 00 00 00",
                 "news-4@example.com", 7,
                 headers={"List-Unsubscribe": "<mailto:unsub@example.com>"}),
        Expected("news-4@example.com", "newsletter@news.example.com", "Nos nouveautés",
                 automated=True),
    ))  # fmt: skip
    found.append((
        _message(("Hélène Lefèvre", "helene@brasserie-lefevre.fr"), marc, "Réunion de lancement",
                 "Bonjour,\n\nC'est noté pour la réunion.\n\nBien à vous,\nHélène Lefèvre\n"
                 "Gérante\nBrasserie Lefèvre\nPortable : 06.12.34.56.78\n\n"
                 "De : Marc Membre <marc@relais.test>\nEnvoyé : lundi 3 juin 2024 10:12\n"
                 "À : Hélène Lefèvre\nObjet : Réunion\n\nBonjour Hélène,\n" + MARC_SIGNATURE,
                 "helene-5@brasserie-lefevre.fr", 8, charset="iso-8859-1"),
        Expected("helene-5@brasserie-lefevre.fr", "helene@brasserie-lefevre.fr",
                 "Réunion de lancement",
                 {"title": "Gérante", "organisation": "Brasserie Lefèvre"},
                 [("06.12.34.56.78", "mobile")]),
    ))  # fmt: skip
    return found


RAW_ENCODED = (
    b"From: =?utf-8?q?Dupont=2C_Jean?= <jean.dupont@example.fr>\r\n"
    b"To: =?iso-8859-1?q?Ren=E9e?= <renee@example.fr>, marc@relais.test\r\n"
    b'Cc: "Bob O\'Brien" <bob@example.com>\r\n'
    b"Subject: =?utf-8?b?UsOpdW5pb24gZGUgc3VpdmksIMOpdMOp?=\r\n"
    b"Date: Tue, 4 Jun 2024 08:00:00 +0200\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=windows-1252\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    b"Voil\xe0 le compte rendu.\r\n"
)


def write_mbox(path: Path) -> Path:
    """An mbox as Thunderbird or Gmail Takeout write it, with a '>From ' escaped body line."""
    parts = []
    for data, _expected in thread():
        body = data.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
        parts.append(
            b"From - Mon Jun 03 10:12:00 2024\n" + body.rstrip(b"\n") + b"\n\n"
        )
    raw = RAW_ENCODED.replace(b"\r\n", b"\n")
    parts.append(
        b"From jean.dupont@example.fr Tue Jun 04 06:00:00 2024\n" + raw + b"\n"
    )
    path.write_bytes(b"".join(parts))
    return path


def write_maildir(path: Path) -> Path:
    box = mailbox.Maildir(path, create=True)
    for data, _expected in thread():
        box.add(data)
    box.close()
    return path


def write_eml(path: Path, index: int = 0) -> Path:
    path.write_bytes(thread()[index][0])
    return path
