"""The demo's shared memory: interactions over 18 months, notes, and tasks.

Customers and partners have long timelines, leads short ones; every channel appears in both
directions. Tasks are spread so that the "due today" and "overdue" lists are never empty.
"""

from __future__ import annotations

import random

from .plan import (
    DEMO_USERS,
    WRITERS,
    DemoInteraction,
    DemoNote,
    DemoPerson,
    DemoPlan,
    DemoTask,
)
from .texts import INTERACTIONS, NOTES, TASKS

HORIZON_DAYS = 540  # about 18 months
_COUNT_BY_STATUS = {
    "customer": (3, 9),
    "partner": (2, 7),
    "prospect": (1, 6),
    "lead": (0, 3),
    "archived": (0, 2),
}
_CHANNELS = {
    "email": 35,
    "call": 15,
    "meeting": 12,
    "linkedin": 15,
    "sms": 10,
    "social": 8,
}
_NOTE_CHANCE = {
    "customer": 0.5,
    "partner": 0.5,
    "prospect": 0.35,
    "lead": 0.2,
    "archived": 0.1,
}


def _fill(text: str, person: DemoPerson, author: str) -> str:
    organisation = person.organisation or (
        "votre équipe" if person.language == "fr" else "your team"
    )
    return text.format(first=person.first_name, org=organisation, me=author)


def _author(rng: random.Random, person: DemoPerson) -> int:
    return (
        person.owner
        if person.owner is not None and rng.random() < 0.8
        else rng.choice(WRITERS)
    )


def _colleagues(people: list[DemoPerson]) -> dict[str, list[int]]:
    by_org: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        if person.organisation:
            by_org.setdefault(person.organisation.lower(), []).append(index)
    return by_org


def _interactions(rng: random.Random, plan: DemoPlan, author_names: list[str]) -> None:
    colleagues = _colleagues(plan.people)
    channels, weights = list(_CHANNELS), list(_CHANNELS.values())
    for index, person in enumerate(plan.people):
        low, high = _COUNT_BY_STATUS[person.status]
        oldest = min(HORIZON_DAYS, person.joined_days_ago + 30)
        for _ in range(rng.randint(low, high)):
            channel = rng.choices(channels, weights=weights)[0]
            direction = "in" if rng.random() < 0.45 else "out"
            subject, body = rng.choice(
                INTERACTIONS[person.language][channel][direction]
            )
            author = _author(rng, person)
            participants = [index]
            if channel == "meeting" and rng.random() < 0.3:
                others = [
                    i
                    for i in colleagues.get(person.organisation.lower(), [])
                    if i != index
                ]
                if others:
                    participants.append(rng.choice(others))
            plan.interactions.append(
                DemoInteraction(
                    people=tuple(participants),
                    channel=channel,
                    direction=direction,
                    days_ago=rng.randint(0, oldest),
                    minute=rng.randint(8 * 60 + 30, 19 * 60),
                    subject=_fill(subject, person, author_names[author]),
                    body=_fill(body, person, author_names[author]),
                    author=author,
                )
            )


def _notes_and_tasks(
    rng: random.Random, plan: DemoPlan, author_names: list[str]
) -> None:
    for index, person in enumerate(plan.people):
        if rng.random() < _NOTE_CHANCE[person.status]:
            author = _author(rng, person)
            plan.notes.append(
                DemoNote(
                    person=index,
                    author=author,
                    days_ago=rng.randint(0, min(HORIZON_DAYS, person.joined_days_ago)),
                    body=_fill(
                        rng.choice(NOTES[person.language]), person, author_names[author]
                    ),
                )
            )
        if person.status != "archived" and rng.random() < 0.25:
            kind = rng.choices(
                ["overdue", "today", "later", "done", "undated"], [25, 15, 33, 22, 5]
            )[0]
            due = {
                "overdue": -rng.randint(1, 25),
                "today": 0,
                "later": rng.randint(1, 30),
                "done": -rng.randint(1, 90),
                "undated": None,
            }[kind]
            plan.tasks.append(
                DemoTask(
                    person=index,
                    assignee=_author(rng, person),
                    title=_fill(rng.choice(TASKS[person.language]), person, ""),
                    due_in_days=due,
                    done=kind == "done",
                )
            )


def plan_activity(rng: random.Random, plan: DemoPlan) -> None:
    """Add interactions, notes and tasks for ``plan.people`` to ``plan``."""
    author_names = [first for _, first, _, _ in DEMO_USERS]
    _interactions(rng, plan, author_names)
    _notes_and_tasks(rng, plan, author_names)
