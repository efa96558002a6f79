"""Web UI: the tasks page — overdue and due today, mine or everyone's, completed over HTMX."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from relais.timeline import services as timeline
from relais.timeline.models import Task

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def tasks(make_contact, member, admin) -> dict[str, Task]:
    today = timezone.localdate()
    contact = make_contact(first_name="Hélène", last_name="Lefèvre")

    def task(title: str, days: int, assignee=member) -> Task:
        return timeline.create_task(
            actor=member,
            title=title,
            contact=contact,
            assignee=assignee,
            due_date=today + dt.timedelta(days=days),
        )

    done = task("Already done", -1)
    timeline.complete_task(actor=member, task=done)
    return {
        "overdue": task("Call back about samples", -3),
        "today": task("Send the order form", 0),
        "later": task("Book the delivery", 4),
        "theirs": task("Admin's own follow-up", 0, assignee=admin),
        "done": done,
    }


def test_my_overdue_and_today(signed_in: Client, tasks: dict[str, Task]) -> None:
    body = signed_in.get("/tasks/").content.decode()
    assert "Call back about samples" in body and "3 days late" in body
    assert "Send the order form" in body
    assert "Book the delivery" not in body and "Already done" not in body
    assert "Admin&#x27;s own follow-up" not in body
    assert (
        body.index("Overdue")
        < body.index("Call back about samples")
        < body.index("Due today")
    )
    assert f'href="/contacts/{tasks["today"].contact_id}/"' in body


def test_everyone(signed_in: Client, tasks: dict[str, Task]) -> None:
    body = signed_in.get("/tasks/", {"scope": "everyone"}).content.decode()
    assert "Admin&#x27;s own follow-up" in body and "Alice Admin" in body
    assert 'aria-current="page">Everyone<' in body


def test_nothing_due(signed_in: Client) -> None:
    body = signed_in.get("/tasks/").content.decode()
    assert "All caught up" in body


def test_nav_counts_my_due_tasks(signed_in: Client, tasks: dict[str, Task]) -> None:
    body = signed_in.get("/contacts/").content.decode()
    assert '<span class="count" title="Overdue or due today">2</span>' in body


def test_complete_with_htmx_returns_the_done_row(
    signed_in: Client, tasks: dict[str, Task]
) -> None:
    task = tasks["today"]
    response = signed_in.post(f"/tasks/{task.pk}/complete/", **HTMX)
    body = response.content.decode()
    assert body.startswith(f'<li class="task-row is-done" id="task-{task.pk}"')
    task.refresh_from_db()
    assert task.done and task.done_at is not None
    assert "Send the order form" not in signed_in.get("/tasks/").content.decode()


def test_complete_without_javascript_redirects(
    signed_in: Client, tasks: dict[str, Task]
) -> None:
    response = signed_in.post(f"/tasks/{tasks['overdue'].pk}/complete/")
    assert response.status_code == 302 and response["Location"] == "/tasks/"


def test_unknown_task_is_a_404(signed_in: Client) -> None:
    assert signed_in.post("/tasks/99999/complete/", **HTMX).status_code == 404


def test_reader_sees_tasks_without_complete_buttons(
    client: Client, reader, tasks: dict[str, Task]
) -> None:
    client.force_login(reader)
    body = client.get("/tasks/", {"scope": "everyone"}).content.decode()
    assert "Send the order form" in body and "check-btn" not in body
    assert (
        client.post(f"/tasks/{tasks['today'].pk}/complete/", **HTMX).status_code == 403
    )
