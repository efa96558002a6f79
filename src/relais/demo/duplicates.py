"""Deliberate duplicates: the same person brought in twice (or three times) by different files.

They are what the matching feature must find, in the ways real duplicates differ: a nickname
(Fred / Frédéric, Bob / Robert), capitals and a legal form (VOXALIS SAS), no accents (Helene
Lefevre), a typographic apostrophe (O’Brien), particles glued together (Delafontaine,
Legoff), the same mobile or LinkedIn profile written another way. "Thomas Martin" twice is
the opposite trap: same name, two different people.
"""

from __future__ import annotations

from typing import Any

from .plan import DemoPerson, DemoPoint

# Fictional numbers used below, kept out of the random draws (national digits).
RESERVED_NUMBERS = {
    "0639984712",
    "0639982107",
    "0639983358",
    "0639986420",
    "0639987701",
    "0639989012",
    "07700900417",
    "0261914578",
    "0465711290",
}

CLIENTS, VCF, LINKEDIN, FAIR, WEB = (
    "Fichier clients 2024.csv",
    "contacts.vcf",
    "Connections.csv",
    "Salon VivaTech 2025.xlsx",
    "",
)


def _p(
    first: str,
    last: str,
    organisation: str,
    title: str,
    points: list[tuple[str, str, str]],
    source: str,
    cluster: str,
    *,
    city: str = "Paris",
    country: str = "FR",
    language: str = "fr",
    status: str = "prospect",
    tags: tuple[str, ...] = (),
    owner: int | None = 1,
    joined: int = 200,
) -> DemoPerson:
    return DemoPerson(
        first_name=first,
        last_name=last,
        organisation=organisation,
        title=title,
        city=city,
        country=country,
        language=language,
        status=status,
        points=tuple(DemoPoint(*p) for p in points),
        tags=tags,
        owner=owner,
        source=source,
        joined_days_ago=joined,
        cluster=f"dup:{cluster}",
    )


_GB: dict[str, Any] = {"city": "London", "country": "GB", "language": "en"}
_IE: dict[str, Any] = {"city": "Dublin", "country": "IE", "language": "en"}

# fmt: off
DUPLICATES: list[list[DemoPerson]] = [
    [
        _p("Fred", "Kervella", "Voxalis", "Directeur commercial",
           [("email", "fred@voxalis.example", "work"), ("phone", "06 39 98 47 12", "mobile")], VCF, "fred"),
        _p("Frédéric", "KERVELLA", "VOXALIS SAS", "Directeur Commercial",
           [("email", "frederic.kervella@gmail.example", "home"),
            ("phone", "+33 6 39 98 47 12", "mobile")], FAIR, "fred", tags=("Salon VivaTech 2025",)),
    ],
    [
        _p("Bob", "Hartley", "Northwind Partners", "Head of Sales",
           [("email", "bob@northwind-partners.example", "work"), ("phone", "+44 7700 900417", "mobile")],
           VCF, "bob", owner=2, **_GB),
        _p("Robert", "Hartley", "Northwind Partners Ltd", "Head of Sales",
           [("email", "robert.hartley@northwind-partners.example", "work"),
            ("phone", "07700 900417", "mobile")], WEB, "bob", owner=2, joined=90, **_GB),
    ],
    [
        _p("Hélène", "Lefèvre", "Atelier Numérique", "Responsable marketing",
           [("email", "helene.lefevre@atelier-numerique.example", "work"),
            ("phone", "06 39 98 21 07", "mobile")], FAIR, "helene", status="customer", tags=("VIP",)),
        _p("Helene", "Lefevre", "Atelier Numerique SAS", "Responsable Marketing",
           [("email", "Helene.Lefevre@Atelier-Numerique.example", "work"),
            ("linkedin", "fr.linkedin.com/in/helene-lefevre-3b8a1f", "")], LINKEDIN, "helene"),
    ],
    [
        _p("Zoé", "Marchand", "Les Jardins de Zoé", "Gérante",
           [("email", "zoe@les-jardins-de-zoe.example", "work"),
            ("linkedin", "https://www.linkedin.com/in/zoe-marchand-91a2c4/", "")],
           CLIENTS, "zoe", city="Nantes", status="customer"),
        _p("Zoe", "MARCHAND", "", "",
           [("email", "zoe.marchand@orange.example", "home"), ("phone", "06.39.98.33.58", "mobile"),
            ("linkedin", "linkedin.com/in/Zoe-Marchand-91a2c4?trk=people-guest", "")],
           VCF, "zoe", city="Nantes"),
    ],
    [
        _p("Bérénice", "de la Fontaine", "Studio Bérénice Design", "Fondatrice & CEO",
           [("email", "berenice@studio-berenice-design.example", "work"),
            ("phone", "+33 6 39 98 64 20", "mobile")], WEB, "berenice", city="Bordeaux", joined=60),
        _p("Berenice", "Delafontaine", "", "",
           [("email", "b.delafontaine@free.example", "home"), ("phone", "0639986420", "mobile")],
           VCF, "berenice", city="Bordeaux", owner=None),
    ],
    [
        _p("Siobhán", "O'Brien", "O'Connell Engineering", "Operations Director",
           [("email", "siobhan.obrien@oconnell-engineering.example", "work"),
            ("linkedin", "https://www.linkedin.com/in/siobhan-obrien-5e7d10/", "")],
           LINKEDIN, "siobhan", owner=2, **_IE),
        _p("Siobhan", "O’Brien", "O’Connell Engineering Ltd", "Operations Director",
           [("email", "Siobhan.OBrien@OConnell-Engineering.example", "work")],
           FAIR, "siobhan", owner=2, tags=("Salon VivaTech 2025",), **_IE),
    ],
    [
        _p("Loïc", "Le Goff", "Transports Le Goff", "Gérant",
           [("email", "loic.legoff@transports-le-goff.example", "work"),
            ("phone", "02 61 91 45 78", "work"), ("phone", "06 39 98 77 01", "mobile")],
           CLIENTS, "loic", city="Rennes", status="customer"),
        _p("Loic", "Legoff", "", "",
           [("phone", "+33639987701", "mobile")], VCF, "loic", city="Rennes", owner=3),
    ],
    [
        _p("Ségolène", "Roussel", "Cabinet Roussel Avocats", "Avocate associée",
           [("email", "s.roussel@cabinet-roussel-avocats.example", "work"),
            ("phone", "04 65 71 12 90", "work")], CLIENTS, "segolene", city="Lyon", status="customer"),
        _p("Ségolène", "ROUSSEL", "Cabinet Roussel Avocats SELARL", "Avocate associée",
           [("email", "segolene.roussel@cabinet-roussel-avocats.example", "work"),
            ("phone", "+33 6 39 98 90 12", "mobile")], FAIR, "segolene", city="Lyon",
           tags=("Salon VivaTech 2025",)),
        _p("Segolene", "Roussel", "", "",
           [("phone", "06 39 98 90 12", "mobile"), ("email", "segolene.roussel@gmail.example", "home")],
           VCF, "segolene", city="Lyon"),
    ],
    # Not duplicates: two different people who share a name.
    [
        _p("Thomas", "Martin", "Datanaute", "Chef de projet digital",
           [("email", "thomas.martin@datanaute.example", "work")], LINKEDIN, "thomas-datanaute",
           city="Rennes"),
    ],
    [
        _p("Thomas", "Martin", "Cristal Logistique", "Responsable achats",
           [("email", "t.martin@cristal-logistique.example", "work")], CLIENTS, "thomas-cristal",
           city="Bordeaux", status="customer"),
    ],
]
# fmt: on
