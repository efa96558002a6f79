"""REST API on interactions, tasks and a contact's timeline."""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import pytest

from .api_fixtures import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def jean(make_contact):
    return make_contact(first_name="Jean", last_name="Dupont")


@pytest.fixture
def paul(make_contact):
    return make_contact(first_name="Paul", last_name="Martin")


def test_interactions_carry_their_contacts_and_roles(
    api: Api, jean, paul, member
) -> None:
    created = api.post(
        "/interactions",
        {
            "channel": "email",
            "direction": "in",
            "occurred_at": "2024-05-02T10:30:00+02:00",
            "subject": "Devis  salon",
            "contacts": [
                {"contact_id": jean.pk, "role": "from"},
                {"contact_id": paul.pk, "role": "cc"},
            ],
        },
    )

    assert created.status_code == 201
    interaction = created.json()
    assert interaction["subject"] == "Devis salon"
    assert interaction["occurred_at"] == "2024-05-02T08:30:00Z"
    assert (interaction["author"], interaction["author_id"]) == (
        member.email,
        member.pk,
    )
    assert sorted(
        (p["contact_id"], p["role"]) for p in interaction["participants"]
    ) == [
        (jean.pk, "from"),
        (paul.pk, "cc"),
    ]
    assert api.get("/interactions", contact=paul.pk).json()["count"] == 1
    assert api.get("/interactions", channel="call").json()["count"] == 0


def test_interaction_round_trip(api: Api, jean) -> None:
    created = api.post(
        "/interactions",
        {"channel": "call", "direction": "out", "contacts": [{"contact_id": jean.pk}]},
    )
    path = f"/interactions/{created.json()['id']}"

    assert created.json()["participants"] == [
        {"contact_id": jean.pk, "role": "participant"}
    ]
    changed = api.patch(
        path, {"subject": "Relance", "occurred_at": "2024-06-01T09:00:00"}
    )
    assert changed.status_code == 200
    assert changed.json()["subject"] == "Relance"
    assert (
        changed.json()["occurred_at"] == "2024-06-01T07:00:00Z"
    )  # read in Europe/Paris
    assert api.get(path).json()["channel"] == "call"
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


def test_interaction_input_errors_name_the_field(api: Api, jean) -> None:
    missing = api.post(
        "/interactions",
        {"channel": "call", "direction": "out", "contacts": [{"contact_id": 999}]},
    )
    assert missing.status_code == 422
    assert "999" in missing.json()["errors"]["contacts"]

    wrong = api.post(
        "/interactions", {"channel": "pigeon", "direction": "sideways", "contacts": []}
    )
    assert wrong.status_code == 422
    assert set(wrong.json()["errors"]) == {"channel", "direction", "contacts"}

    too_old = api.post(
        "/interactions",
        {
            "channel": "call",
            "direction": "out",
            "occurred_at": "0001-01-01T00:00:00",
            "contacts": [{"contact_id": jean.pk}],
        },
    )
    assert too_old.status_code == 422
    assert "between" in too_old.json()["errors"]["occurred_at"]


def test_tasks_round_trip(api: Api, jean, admin, member) -> None:
    created = api.post(
        "/tasks",
        {"title": "Rappeler Jean", "due_date": "2024-06-03", "contact": jean.pk},
    )
    assert created.status_code == 201
    task = created.json()
    assert (task["assignee"], task["contact_id"], task["done"]) == (
        member.email,
        jean.pk,
        False,
    )
    path = f"/tasks/{task['id']}"

    reassigned = api.patch(path, {"assignee": admin.email, "due_date": None}).json()
    assert (reassigned["assignee_id"], reassigned["due_date"]) == (admin.pk, None)
    done = api.patch(path, {"done": True}).json()
    assert done["done"] is True
    assert done["done_at"] is not None

    assert api.get("/tasks", done=False).json()["count"] == 0
    assert api.get("/tasks", assignee=admin.pk, contact=jean.pk).json()["count"] == 1
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


def test_task_input_errors_name_the_field(api: Api) -> None:
    response = api.post("/tasks", {"title": "  ", "contact": 424242})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["contact"]

    assert list(api.post("/tasks", {"title": "  "}).json()["errors"]) == ["title"]
    assert list(
        api.post("/tasks", {"title": "x", "assignee": "nobody@nowhere"}).json()[
            "errors"
        ]
    ) == ["assignee"]
    assert list(
        api.post("/tasks", {"title": "x", "due_date": "2024-02-30"}).json()["errors"]
    ) == ["due_date"]


def test_timeline_merges_interactions_notes_and_done_tasks_newest_first(
    api: Api, jean
) -> None:
    api.post(
        "/interactions",
        {
            "channel": "meeting",
            "direction": "out",
            "occurred_at": "2020-01-01T10:00:00Z",
            "contacts": [{"contact_id": jean.pk}],
        },
    )
    api.post(f"/contacts/{jean.pk}/notes", {"body": "Prefers calls."})
    task = api.post("/tasks", {"title": "Send the quote", "contact": jean.pk}).json()
    api.patch(f"/tasks/{task['id']}", {"done": True})
    api.post("/tasks", {"title": "Still open", "contact": jean.pk})

    timeline = api.get(f"/contacts/{jean.pk}/timeline").json()

    assert timeline["count"] == 3
    assert [e["kind"] for e in timeline["items"]] == ["task", "note", "interaction"]
    assert timeline["items"][1]["note"]["body"] == "Prefers calls."
    assert timeline["items"][2]["interaction"]["channel"] == "meeting"
    assert timeline["items"][0]["interaction"] is None

    second_page = api.get(f"/contacts/{jean.pk}/timeline", limit=2, offset=2).json()
    assert (second_page["count"], [e["kind"] for e in second_page["items"]]) == (
        3,
        ["interaction"],
    )
    assert api.get("/contacts/999/timeline").status_code == 404
