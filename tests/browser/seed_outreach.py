"""A contact for the template editor's browser test: ``python seed_outreach.py`` prints its id.
The name is unique to this seed (browser tests share one server)."""

from __future__ import annotations

import django

django.setup()

from relais.contacts import services  # noqa: E402
from relais.contacts.models import Contact  # noqa: E402

if __name__ == "__main__":
    contact = Contact.objects.filter(
        first_name="Philippine", last_name="Éditeur"
    ).first()
    if contact is None:
        contact = services.create_contact(
            actor=None,
            source=services.Source.manual("web"),
            first_name="Philippine",
            last_name="Éditeur",
            organisation="Atelier Brochet",
            points=[services.PointInput("email", "philippine@atelier-brochet.example")],
        )
    print(contact.pk)
