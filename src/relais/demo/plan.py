"""The demo workspace as plain data, decided before anything is written.

``build_plan(seed)`` is a pure function of its seed: the same seed gives the same people,
timelines and tasks, whatever the date (dates are kept as "days ago" and only turned into
datetimes when written). ``cluster`` is the ground truth for the matching feature: records
sharing a cluster are the same real person, imported more than once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# (email, first name, last name, role). The first one is the demo login, an admin.
DEMO_USERS = [
    ("demo@relais.local", "Claire", "Moreau", "admin"),
    ("julien.roux@relais.local", "Julien", "Roux", "member"),
    ("emma.clarke@relais.local", "Emma", "Clarke", "member"),
    ("ines.haddad@relais.local", "Inès", "Haddad", "member"),
    ("olivier.petit@relais.local", "Olivier", "Petit", "readonly"),
]
WRITERS = (0, 1, 2, 3)  # indexes of DEMO_USERS who may own contacts and write

# (file name, days ago it was imported, how many records it brings besides duplicates).
# An empty file name means contacts typed in the web form, on various days.
SOURCES = [
    ("Fichier clients 2024.csv", 520, 50),
    ("contacts.vcf", 420, 78),
    ("Connections.csv", 270, 136),
    ("Salon VivaTech 2025.xlsx", 150, 88),
    ("", 0, 38),
]


@dataclass(frozen=True)
class DemoPoint:
    kind: str
    value: str  # as the source wrote it: messy case, spaces, prefixes
    label: str = ""


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    organisation: str  # as the source wrote it, e.g. "VOXALIS SAS"
    title: str
    city: str
    country: str
    language: str
    status: str
    points: tuple[DemoPoint, ...]
    tags: tuple[str, ...]
    owner: int | None  # index in DEMO_USERS
    source: str  # file name, "" for the web form
    joined_days_ago: int
    cluster: str
    record: int | None = None  # 1-based record number in ``source``


@dataclass(frozen=True)
class DemoInteraction:
    people: tuple[int, ...]  # indexes in DemoPlan.people
    channel: str
    direction: str
    days_ago: int
    minute: int  # minutes after midnight, local time
    subject: str
    body: str
    author: int


@dataclass(frozen=True)
class DemoNote:
    person: int
    author: int
    days_ago: int
    body: str


@dataclass(frozen=True)
class DemoTask:
    person: int
    assignee: int
    title: str
    due_in_days: int | None  # negative: overdue; 0: due today
    done: bool


@dataclass
class DemoPlan:
    people: list[DemoPerson] = field(default_factory=list)
    interactions: list[DemoInteraction] = field(default_factory=list)
    notes: list[DemoNote] = field(default_factory=list)
    tasks: list[DemoTask] = field(default_factory=list)

    def duplicate_clusters(self) -> dict[str, list[int]]:
        """Clusters holding more than one record: the duplicates a matcher should find."""
        clusters: dict[str, list[int]] = {}
        for index, person in enumerate(self.people):
            clusters.setdefault(person.cluster, []).append(index)
        return {key: members for key, members in clusters.items() if len(members) > 1}


def build_plan(seed: int) -> DemoPlan:
    """The whole demo workspace for ``seed``: people with their sources, then activity."""
    from .activity import plan_activity
    from .people import plan_people

    rng = random.Random(seed)
    plan = DemoPlan(people=plan_people(rng))
    plan_activity(rng, plan)
    return plan
