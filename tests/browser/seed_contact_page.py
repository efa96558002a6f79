"""Fill a Relais database with one realistic, busy contact (and a few neighbours) for the
README screenshot. Run against a server's data directory: ``python seed_contact_page.py EMAIL``;
prints the id of the contact to show. Everything goes through the services, as the UI would."""

from __future__ import annotations

import datetime as dt
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402

from relais.accounts.models import User  # noqa: E402
from relais.contacts import services  # noqa: E402
from relais.contacts.models import Note, Provenance  # noqa: E402
from relais.contacts.services import PointInput, Source  # noqa: E402
from relais.ingest.models import ImportBatch  # noqa: E402
from relais.timeline import services as timeline  # noqa: E402
from relais.timeline.models import Task  # noqa: E402


def main(email: str) -> int:
    me = User.objects.get(email=email)
    claire = User.objects.filter(
        email="claire@relais.test"
    ).first() or User.objects.create_user(
        "claire@relais.test", "claire-pass-123", first_name="Claire", last_name="Dubois"
    )
    now = timezone.now()
    batch = ImportBatch.objects.create(
        label="LinkedIn export", created_by=me, status=ImportBatch.Status.DONE
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        started_at=now - dt.timedelta(days=41)
    )
    linkedin = Source(
        kind=Provenance.SourceKind.IMPORT,
        name="Connections.csv",
        record=12,
        batch=batch,
    )

    helene = services.create_contact(
        actor=me,
        source=linkedin,
        first_name="Hélène",
        last_name="Lefèvre",
        title="Directrice commerciale",
        organisation="Maison Verdier",
        city="Lyon",
        country="FR",
        language="fr",
        status="customer",
        owner=me,
        points=[
            PointInput("email", "helene.lefevre@maison-verdier.fr", "work"),
            PointInput(
                "linkedin", "https://www.linkedin.com/in/helene-lefevre-verdier/"
            ),
        ],
        tags=["VIP", "Salon Lyon 2026", "Vins & spiritueux"],
    )
    web = Source.manual("web")
    services.add_point(
        actor=claire,
        contact=helene,
        kind="phone",
        value="06 12 34 56 78",
        label="mobile",
        source=web,
    )
    services.add_point(
        actor=claire,
        contact=helene,
        kind="phone",
        value="04 72 10 45 90",
        label="work",
        source=web,
    )
    old = services.add_point(
        actor=me,
        contact=helene,
        kind="email",
        value="h.lefevre@verdier-vins.com",
        label="former",
        source=web,
    )
    services.update_point(actor=me, point=old, invalid=True)
    services.add_point(
        actor=me,
        contact=helene,
        kind="email",
        value="helene.lefevre@gmail.com",
        label="home",
        source=web,
    )

    def ago(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        return timezone.localtime(now - dt.timedelta(days=days)).replace(
            hour=hour, minute=minute
        )

    timeline.log_interaction(
        actor=me,
        channel="linkedin",
        direction="in",
        contacts=[helene],
        occurred_at=ago(38, 9, 12),
        subject="Rencontre au Salon Lyon 2026",
        body="Thanks for the chat at the fair — happy to look at your range for our autumn catalogue.",
    )
    timeline.log_interaction(
        actor=claire,
        channel="meeting",
        direction="out",
        contacts=[helene],
        occurred_at=ago(24, 14, 30),
        subject="Tasting at the Lyon showroom",
        body="Tasted 6 references with Hélène and her buyer. Strong interest in the Côtes-du-Rhône and the "
        "organic crémant.",
    )
    timeline.log_interaction(
        actor=me,
        channel="email",
        direction="out",
        contacts=[helene],
        occurred_at=ago(9, 11, 5),
        subject="Proposal — 2027 price list and delivery terms",
    )
    timeline.log_interaction(
        actor=me,
        channel="call",
        direction="out",
        contacts=[helene],
        occurred_at=ago(2, 16, 40),
        subject="Pricing for 2027",
        body="Agreed on 3 pallets for March. She wants delivery before Easter and a 60-day payment term.",
    )
    note = services.add_note(
        actor=claire,
        contact=helene,
        body="Prefers calls after 4 pm. Decides with her buyer (Paul Girard) — keep him in copy of proposals.",
    )
    Note.objects.filter(pk=note.pk).update(created_at=ago(23, 18, 2))
    note = services.add_note(
        actor=me,
        contact=helene,
        body="Budget confirmed for Q1. Follow up with the signed order form by Friday.",
    )
    Note.objects.filter(pk=note.pk).update(created_at=ago(1, 9, 30))
    done = timeline.create_task(
        actor=me, title="Send the NDA", contact=helene, due_date=ago(30).date()
    )
    timeline.complete_task(actor=me, task=done)
    Task.objects.filter(pk=done.pk).update(done_at=ago(29, 15, 0))
    today = timezone.localdate()
    timeline.create_task(
        actor=me, title="Send the signed order form", contact=helene, due_date=today
    )
    timeline.create_task(
        actor=claire,
        title="Book the Easter delivery slot",
        contact=helene,
        due_date=today + dt.timedelta(days=5),
        assignee=claire,
    )

    for first, last, title, org, status, tags in [
        (
            "Julien",
            "Moreau",
            "Acheteur vins",
            "Cave Saint-Jean",
            "prospect",
            ["Salon Lyon 2026"],
        ),
        (
            "Sophie",
            "Bernard",
            "Head of Partnerships",
            "Gourmet Box",
            "partner",
            ["Partner"],
        ),
        (
            "Amélie",
            "Girard",
            "Sommelière",
            "Le Bistrot des Halles",
            "lead",
            ["Restaurant"],
        ),
        ("Thomas", "Petit", "CEO", "Vinotrip", "customer", ["VIP"]),
    ]:
        services.create_contact(
            actor=me,
            source=web,
            first_name=first,
            last_name=last,
            title=title,
            organisation=org,
            status=status,
            owner=me,
            tags=tags,
            points=[
                PointInput("email", f"{first.lower()}@{org.split()[-1].lower()}.fr")
            ],
        )
    overdue = services.create_contact(
        actor=me,
        source=web,
        first_name="Marc",
        last_name="Fontaine",
        organisation="Domaine Fontaine",
        status="prospect",
    )
    timeline.create_task(
        actor=me,
        title="Call back about the tasting samples",
        contact=overdue,
        due_date=today - dt.timedelta(days=2),
    )
    return helene.pk


if __name__ == "__main__":
    print(main(sys.argv[1]))
