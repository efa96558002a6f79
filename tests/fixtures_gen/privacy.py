"""Fixtures for the privacy tests: one distinctive person in a contact table and a mailbox,
auto-replies saying people left (French and English), and a signature naming a new employer."""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from . import Person, people
from .mail import WORKSPACE
from .tabular import write_csv

ANAIS = Person(
    first="Anaïs",
    last="Vandenbroucke-Lefèvre",
    nickname="",
    civility="Mme",
    email="Anais.Vandenbroucke@ateliers-reunis.fr",
    mobile="06 71 23 45 89",
    phone="+33 (0)1 45 67 89 12",
    company="Les Ateliers Réunis",
    domain="ateliers-reunis.fr",
    title="Responsable achats",
    city="Nantes",
    postal_code="44000",
    country="France",
    linkedin="https://www.linkedin.com/in/anais-vandenbroucke",
    tags=["Salon 2024"],
    note="Rencontrée au salon de Nantes ; préfère être appelée le matin au 06 71 23 45 89.",
)


def crowd() -> list[Person]:
    """Anaïs among four others."""
    return [*people(71, 2), ANAIS, *people(72, 2)]


def write_people_csv(path: Path) -> Path:
    return write_csv(path, crowd())


def message(
    sender: tuple[str, str],
    to: list[tuple[str, str]],
    subject: str,
    body: str,
    message_id: str,
    when: dt.datetime,
    *,
    headers: dict[str, str] | None = None,
) -> bytes:
    mail = EmailMessage()
    mail["From"] = Address(sender[0], addr_spec=sender[1])
    mail["To"] = ", ".join(str(Address(n, addr_spec=a)) for n, a in to)
    mail["Subject"] = subject
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = f"<{message_id}>"
    for key, value in (headers or {}).items():
        mail[key] = value
    mail.set_content(body)
    return mail.as_bytes()


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    parts = []
    for data in messages:
        body = data.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ")
        parts.append(
            b"From - Mon Jun 03 10:12:00 2024\n" + body.rstrip(b"\n") + b"\n\n"
        )
    path.write_bytes(b"".join(parts))
    return path


MARC = ("Marc Membre", WORKSPACE)


def anais_mailbox(path: Path, now: dt.datetime) -> Path:
    """A message only Anaïs and the team took part in, and a thread shared with Kate where
    Kate gives Anaïs's number and name."""
    anais = (ANAIS.full_name, ANAIS.email)
    kate = ("Kate Smith", "kate@globex.co.uk")
    return write_mbox(
        path,
        [
            message(
                anais,
                [MARC],
                "Commande de mars",
                "Bonjour Marc,\n\nVoici la commande.\n\nCordialement,\n"
                "Anaïs Vandenbroucke-Lefèvre\nResponsable achats\nLes Ateliers Réunis\n"
                "Portable : 06 71 23 45 89",
                "anais-1@ateliers-reunis.fr",
                now - dt.timedelta(days=20),
            ),
            message(
                kate,
                [MARC, anais],
                "Intro",
                "Hi Marc,\n\nMeet Anaïs Vandenbroucke-Lefèvre (06.71.23.45.89, "
                "anais.vandenbroucke@ateliers-reunis.fr), she buys for Les Ateliers.\n\n"
                "Best regards,\nKate Smith\nHead of Sales, Globex Ltd",
                "kate-2@globex.co.uk",
                now - dt.timedelta(days=10),
            ),
        ],
    )
