"""Contacts for the search and segment browser tests: accents, a typo-prone name, messy phones.
Run against a server's data directory; everything goes through the services."""

from __future__ import annotations

import django

django.setup()

from relais.contacts import services  # noqa: E402
from relais.contacts.services import PointInput, Source  # noqa: E402

PEOPLE = [
    (
        "Hélène",
        "Lefébure",
        "Lyon",
        ["Compte clé"],
        "helene@verdier.fr",
        "06 58 21 47 93",
    ),
    ("Yann", "Canevet", "Brest", ["Compte clé", "Armor"], "yann@breizh.example", ""),
    ("Frédéric", "Ørsted", "Lyon", [], "fred@nordic.example", "+33 4 72 00 11 22"),
    ("John", "O'Brien", "Dublin", ["Compte clé"], "john@acme.example", ""),
    ("Zoé", "Martin", "Lyon", ["Salon"], "", "07 65 43 21 09"),
]

if __name__ == "__main__":
    from relais.contacts.models import Contact

    # Once per server (other seeds have their own Canevet).
    if not Contact.objects.filter(first_name="Yann", last_name="Canevet").exists():
        for first, last, city, tags, email, phone in PEOPLE:
            points = [PointInput("email", email)] if email else []
            points += [PointInput("phone", phone)] if phone else []
            services.create_contact(
                actor=None,
                source=Source.manual("web"),
                first_name=first,
                last_name=last,
                city=city,
                tags=tags,
                points=points,
            )
