"""Seed a workspace for the subprocess sending tests and the bench: N contacts who may
receive marketing, each with one email address, in one segment ("Seeded").

    python -m tests.integration.outreach_seed N   (with the workspace's RELAIS_* environment)

Bulk inserts: the services would take minutes for 100,000 contacts and are not under test.
"""

from __future__ import annotations

import os
import sys


def seed(count: int) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from relais.accounts.models import Role, User
    from relais.contacts.models import Contact, ContactPoint, Organisation, Segment

    owner = User.objects.create_user(
        "owner@bench.test",
        None,
        role=Role.MEMBER,
        first_name="Olivia",
        last_name="Owner",
        signature="Olivia Owner\nBench & Co",
    )
    org = Organisation.objects.create(name="Bench & Co", normalized_name="bench & co")
    for start in range(0, count, 5000):
        n = min(5000, count - start)
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    first_name=f"Prénom{i}",
                    last_name=f"Nom{i}",
                    display_name=f"Prénom{i} Nom{i}",
                    organisation=org,
                    title="CTO",
                    city="Lyon",
                    owner=owner,
                    lawful_basis="legitimate_interest",
                )
                for i in range(start, start + n)
            ]
        )
        ContactPoint.objects.bulk_create(
            [
                ContactPoint(
                    contact=c,
                    kind="email",
                    value=f"p{start + j}@example.com",
                    normalized_value=f"p{start + j}@example.com",
                    is_primary=True,
                )
                for j, c in enumerate(contacts)
            ]
        )
    segment = Segment.objects.create(
        name="Seeded",
        definition={"criteria": [{"field": "has_email", "op": "is", "value": True}]},
    )
    return segment.pk


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    print(seed(int(sys.argv[1])))
