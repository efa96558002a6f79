"""A contact whose last exchange came in and is unanswered, with an overdue task, for the
pick-up panel's browser test: ``python seed_pickup.py EMAIL`` prints the contact's id."""

from __future__ import annotations

import datetime as dt
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402

from relais.accounts.models import User  # noqa: E402
from relais.contacts import services  # noqa: E402
from relais.timeline import services as timeline  # noqa: E402


def main(email: str) -> int:
    me = User.objects.get(email=email)
    now = timezone.now()
    contact = services.create_contact(
        actor=me,
        source=services.Source.manual("web"),
        first_name="Frédéric",
        last_name="Canevet",
        organisation="Brasserie d'Armor",
    )
    timeline.log_interaction(
        actor=me,
        channel="email",
        direction="out",
        contacts=[contact],
        occurred_at=now - dt.timedelta(days=6),
        subject="Tarifs 2027 — fûts et bouteilles",
    )
    timeline.log_interaction(
        actor=me,
        channel="linkedin",
        direction="in",
        contacts=[contact],
        occurred_at=now - dt.timedelta(days=2),
        body="Merci ! Pouvez-vous m'appeler mardi pour la commande ?",
    )
    timeline.create_task(
        actor=me,
        title="Rappeler pour la commande",
        contact=contact,
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    return contact.pk


if __name__ == "__main__":
    print(main(sys.argv[1]))
