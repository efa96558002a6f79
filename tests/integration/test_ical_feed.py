"""The private calendar feed of a user's tasks, read back with the ``icalendar`` library."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from relais.audit.models import AuditEntry
from relais.reminders import calendar
from relais.timeline import services as timeline


@pytest.fixture
def tasks(make_contact, member, admin, settings):
    settings.RELAIS_BASE_URL = "https://crm.verdier.test"
    today = timezone.localdate()
    helene = make_contact(first_name="Hélène", last_name="Lefèvre; Maison, Verdier")
    return {
        "helene": helene,
        "call": timeline.create_task(
            actor=member,
            title="Rappeler, avec le devis; «urgent»",
            contact=helene,
            due_date=today + dt.timedelta(days=2),
            details="Ligne 1\nLigne 2 \\ fin",
        ),
        "nodate": timeline.create_task(actor=member, title="Sans date"),
        "other": timeline.create_task(
            actor=member, title="Tâche d'Alice", assignee=admin, due_date=today
        ),
    }


def _path(user) -> str:
    return calendar.feed_url(user).removeprefix("https://crm.verdier.test")


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    return list(cal.walk("VEVENT"))


def test_the_feed_lists_my_dated_tasks_as_all_day_events(client: Client, tasks, member):
    events = _events(
        client.get(_path(member))
    )  # no session: the link is the credential
    assert len(events) == 1
    event = events[0]
    task = tasks["call"]
    assert (
        str(event["summary"])
        == "Rappeler, avec le devis; «urgent» — Hélène Lefèvre; Maison, Verdier"
    )
    assert event.decoded("dtstart") == task.due_date  # a date: all day
    assert event.decoded("dtend") == task.due_date + dt.timedelta(days=1)
    assert str(event["uid"]) == f"task-{task.pk}@crm.verdier.test"
    description = str(event["description"])
    assert "Hélène Lefèvre; Maison, Verdier" in description
    assert f"https://crm.verdier.test/contacts/{tasks['helene'].pk}/" in description
    assert "Ligne 1\nLigne 2 \\ fin" in description
    assert (
        str(event["url"]) == f"https://crm.verdier.test/contacts/{tasks['helene'].pk}/"
    )


def test_the_text_is_escaped_per_rfc_5545(client: Client, tasks, member):
    raw = client.get(_path(member)).content.decode()
    unfolded = raw.replace("\r\n ", "")
    assert "SUMMARY:Rappeler\\, avec le devis\\; «urgent»" in unfolded
    assert "\\n" in unfolded  # newlines in the description are escaped, not raw


def test_uids_are_stable_and_a_moved_task_moves(client: Client, tasks, member):
    first = _events(client.get(_path(member)))[0]
    new_day = tasks["call"].due_date + dt.timedelta(days=5)
    timeline.update_task(
        actor=member, task=tasks["call"], changes={"due_date": new_day}
    )
    second = _events(client.get(_path(member)))[0]
    assert first["uid"] == second["uid"]
    assert second.decoded("dtstart") == new_day


def test_a_done_task_stays_marked_done(client: Client, tasks, member):
    timeline.complete_task(actor=member, task=tasks["call"])
    (event,) = _events(client.get(_path(member)))
    assert str(event["summary"]).startswith("✓ ")


@pytest.mark.parametrize(
    "token",
    ["nonsense", "WzEsImFiYyJd.invalidsignature", ""],
)
def test_a_wrong_token_gets_404_and_no_data(client: Client, tasks, token):
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    assert b"Rappeler" not in response.content and b"VCALENDAR" not in response.content


def test_a_token_for_another_user_cannot_be_forged(
    client: Client, tasks, member, admin
):
    from itsdangerous import URLSafeSerializer

    key = calendar._feed(admin).key
    forged = URLSafeSerializer("not-the-secret", salt=calendar.SALT).dumps(
        [admin.pk, key]
    )
    assert client.get(f"/calendar/{forged}.ics").status_code == 404


def test_reset_revokes_the_old_link(client: Client, tasks, member):
    old = _path(member)
    client.force_login(member)
    response = client.post("/account/calendar/reset/")
    assert response.status_code == 302
    client.logout()
    new = _path(member)
    assert new != old
    assert client.get(old).status_code == 404
    assert len(_events(client.get(new))) == 1
    assert AuditEntry.objects.filter(action="calendar.reset", actor=member).exists()


def test_a_deactivated_user_s_feed_is_gone(client: Client, tasks, member):
    path = _path(member)
    member.is_active = False
    member.save()
    assert client.get(path).status_code == 404


def test_the_account_page_shows_the_link(client: Client, tasks, reader):
    client.force_login(reader)  # read-only users have a calendar too
    body = client.get("/account/").content.decode()
    assert calendar.feed_url(reader) in body
    assert "Reset link" in body


def test_reset_needs_a_post_and_a_session(client: Client, member):
    assert (
        client.post("/account/calendar/reset/").status_code == 302
    )  # to the login page
    client.force_login(member)
    assert client.get("/account/calendar/reset/").status_code == 405
