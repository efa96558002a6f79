"""Put three pairs of duplicates in the review queue of a Relais database, scored by the real
engine: ``python seed_duplicates.py``; prints the number of pairs queued. Only the contacts
made here are compared, so other tests' contacts never join the queue."""

from __future__ import annotations

import django

django.setup()

from relais.contacts import services  # noqa: E402
from relais.contacts.services import PointInput, Source  # noqa: E402
from relais.matching import engine  # noqa: E402
from relais.matching.services import handle_pairs  # noqa: E402

PEOPLE = [
    ("Frédéric", "Canevet", "Sellsy", [PointInput("email", "f.canevet@sellsy.com")]),
    ("Fred", "CANEVET", "SELLSY SAS", [PointInput("email", "fred.canevet@gmail.com")]),
    (
        "Ségolène",
        "Roussel",
        "Pennylane",
        [PointInput("phone", "06 39 98 90 12", "work")],
    ),
    ("Segolene", "ROUSSEL", "Pennylane SA", []),
    (
        "Nicolas",
        "Perrault",
        "Qonto",
        [PointInput("email", "nicolas.perrault@qonto.example")],
    ),
    ("Nico", "Perrault", "Qonto", []),
]


def main() -> int:
    ids = [
        services.create_contact(
            actor=None,
            source=Source.manual("cli"),
            first_name=first,
            last_name=last,
            organisation=org,
            points=points,
        ).pk
        for first, last, org, points in PEOPLE
    ]
    pairs = engine.score_batch(list(engine.load_records(ids)), min_probability=0.75)
    outcome = handle_pairs(
        actor=None, pairs=pairs, auto=False, review_threshold=0.75, auto_threshold=0.98
    )
    print(outcome.queued)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
