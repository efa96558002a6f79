"""Web UI: the contact page, and the changes made from it over HTMX."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from relais.contacts import services
from relais.contacts.models import Contact, Provenance
from relais.ingest.models import ImportBatch
from relais.timeline import services as timeline
from relais.timeline.models import Interaction, Task

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def helene(member) -> Contact:
    batch = ImportBatch.objects.create(label="LinkedIn", status=ImportBatch.Status.DONE)
    source = services.Source(
        kind=Provenance.SourceKind.IMPORT,
        name="Connections.csv",
        record=12,
        batch=batch,
    )
    contact = services.create_contact(
        actor=member,
        source=source,
        first_name="Hélène",
        last_name="Lefèvre",
        title="Directrice",
        organisation="Maison Verdier",
        status="customer",
        owner=member,
        tags=["VIP"],
        points=[services.PointInput("email", "helene@verdier.fr", "work")],
    )
    services.add_point(
        actor=member,
        contact=contact,
        kind="phone",
        value="06 12 34 56 78",
        label="mobile",
        source=services.Source.manual("web"),
    )
    old = services.add_point(
        actor=member,
        contact=contact,
        kind="email",
        value="old@verdier.fr",
        source=services.Source.manual("web"),
    )
    services.update_point(actor=member, point=old, invalid=True)
    return contact


def test_header_points_and_provenance(signed_in: Client, helene: Contact) -> None:
    body = signed_in.get(f"/contacts/{helene.pk}/").content.decode()
    assert "<h1>Hélène Lefèvre</h1>" in body
    assert "Directrice" in body and "Maison Verdier" in body
    assert 'badge-customer">Customer<' in body
    assert "Followed by Marc Membre" in body
    assert "+33 6 12 34 56 78" in body and 'href="tel:+33612345678"' in body
    assert "<s>old@verdier.fr</s>" in body
    day = timezone.localdate().isoformat()
    assert f"From Connections.csv, record 12 · import of {day}" in body
    assert "Entered by hand (web form) by Marc Membre" in body
    assert ">VIP<" in body.replace(
        "</svg>", ">"
    )  # the chip shows the tag name after its icon


def test_timeline_is_newest_first_across_kinds(
    signed_in: Client, helene: Contact, member
) -> None:
    now = timezone.now()
    timeline.log_interaction(
        actor=member,
        channel="email",
        direction="in",
        contacts=[helene],
        occurred_at=now - dt.timedelta(days=3),
        subject="Older email",
    )
    timeline.log_interaction(
        actor=member,
        channel="call",
        direction="out",
        contacts=[helene],
        occurred_at=now - dt.timedelta(hours=1),
        subject="Recent call",
    )
    services.add_note(actor=member, contact=helene, body="A note written now")
    task = timeline.create_task(actor=member, title="Send the NDA", contact=helene)
    timeline.complete_task(actor=member, task=task)
    body = signed_in.get(f"/contacts/{helene.pk}/").content.decode()
    timeline_html = body[body.index('id="timeline"') :]
    order = [
        timeline_html.index(s)
        for s in ("Send the NDA", "A note written now", "Recent call", "Older email")
    ]
    assert order == sorted(order)
    assert "Outbound" in timeline_html and "Inbound" in timeline_html
    assert "Last exchange" in body and "“Recent call”" in body


def test_empty_timeline_and_tasks_have_helpful_text(
    signed_in: Client, make_contact
) -> None:
    contact = make_contact(first_name="New", last_name="Person")
    body = signed_in.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Nothing on the timeline yet" in body
    assert "No follow-up planned." in body
    assert "No exchange recorded yet." in body


def test_add_note_with_htmx_returns_the_timeline(
    signed_in: Client, helene: Contact
) -> None:
    response = signed_in.post(
        f"/contacts/{helene.pk}/notes/",
        {"note-body": "Met at the fair <b>!</b>"},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="timeline"')
    assert "Met at the fair &lt;b&gt;!&lt;/b&gt;" in body
    assert re.search(
        r'<form id="note-form"[^>]*hx-swap-oob="true"', body
    )  # a fresh, empty form
    assert "<html" not in body
    assert helene.notes.get().body == "Met at the fair <b>!</b>"


def test_empty_note_comes_back_with_its_error(
    signed_in: Client, helene: Contact
) -> None:
    response = signed_in.post(
        f"/contacts/{helene.pk}/notes/", {"note-body": "  "}, **HTMX
    )
    assert response["HX-Retarget"] == "#note-form"
    assert "This field is required." in response.content.decode()
    assert not helene.notes.exists()


def test_add_note_without_javascript_redirects(
    signed_in: Client, helene: Contact
) -> None:
    response = signed_in.post(
        f"/contacts/{helene.pk}/notes/", {"note-body": "Plain post"}
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"/contacts/{helene.pk}/"
    )
    response = signed_in.post(f"/contacts/{helene.pk}/notes/", {"note-body": ""})
    assert response.status_code == 400 and "<html" in response.content.decode()


def test_add_and_remove_tags(signed_in: Client, helene: Contact) -> None:
    body = signed_in.post(
        f"/contacts/{helene.pk}/tags/", {"tag-names": "Wine, Salon 2026"}, **HTMX
    ).content.decode()
    assert (
        body.startswith('<section id="tags"')
        and "Salon 2026" in body
        and "Wine" in body
    )
    assert sorted(t.name for t in helene.tags.all()) == ["Salon 2026", "VIP", "Wine"]
    body = signed_in.post(
        f"/contacts/{helene.pk}/tags/remove/", {"name": "vip"}, **HTMX
    ).content.decode()
    assert ">VIP<" not in body.replace("</svg>", ">")
    assert sorted(t.name for t in helene.tags.all()) == ["Salon 2026", "Wine"]


def test_add_task_then_complete_it(signed_in: Client, helene: Contact, member) -> None:
    due = timezone.localdate() + dt.timedelta(days=2)
    body = signed_in.post(
        f"/contacts/{helene.pk}/tasks/",
        {
            "task-title": "Send the price list",
            "task-due_date": due.isoformat(),
            "task-assignee": str(member.pk),
        },
        **HTMX,
    ).content.decode()
    assert (
        body.startswith('<section id="open-tasks"')
        and "Send the price list" in body
        and "in 2 days" in body
    )
    task = Task.objects.get()
    assert (task.contact, task.due_date, task.assignee) == (helene, due, member)

    body = signed_in.post(
        f"/tasks/{task.pk}/complete/", {"from": "contact"}, **HTMX
    ).content.decode()
    assert (
        body.startswith('<section id="open-tasks"') and "No follow-up planned." in body
    )
    assert (
        re.search(r'<section id="timeline"[^>]*hx-swap-oob="true"', body)
        and "Task done" in body
    )
    task.refresh_from_db()
    assert task.done


def test_task_without_title_shows_an_error(
    signed_in: Client, helene: Contact, member
) -> None:
    response = signed_in.post(
        f"/contacts/{helene.pk}/tasks/",
        {"task-title": "", "task-assignee": str(member.pk)},
        **HTMX,
    )
    assert response["HX-Retarget"] == "#open-tasks"
    assert "This field is required." in response.content.decode()


def test_log_a_call(signed_in: Client, helene: Contact, member) -> None:
    body = signed_in.post(
        f"/contacts/{helene.pk}/interactions/",
        {
            "log-channel": "call",
            "log-direction": "out",
            "log-occurred_at": "2026-11-02T14:30",
            "log-subject": "Pricing for 2027",
            "log-body": "Agreed on 3 pallets.",
        },
        **HTMX,
    ).content.decode()
    assert body.startswith('<section id="timeline"') and "Pricing for 2027" in body
    interaction = Interaction.objects.get()
    assert (interaction.channel, interaction.direction, interaction.author) == (
        "call",
        "out",
        member,
    )
    assert (
        timezone.localtime(interaction.occurred_at).strftime("%Y-%m-%d %H:%M")
        == "2026-11-02 14:30"
    )
    assert re.search(r'<section id="pickup"[^>]*hx-swap-oob="true"', body)


def test_reader_sees_no_edit_controls(client: Client, reader, helene: Contact) -> None:
    client.force_login(reader)
    body = client.get(f"/contacts/{helene.pk}/").content.decode()
    assert "Hélène Lefèvre" in body
    for control in (
        "/edit/",
        'id="note-form"',
        'id="task-form"',
        "/tags/remove/",
        "check-btn",
        "/interactions/",
    ):
        assert control not in body, control


@pytest.mark.parametrize(
    "path, data",
    [
        ("notes/", {"note-body": "hi"}),
        ("tags/", {"tag-names": "x"}),
        ("tags/remove/", {"name": "VIP"}),
        ("tasks/", {"task-title": "x"}),
        ("interactions/", {"log-channel": "call", "log-direction": "out"}),
    ],
)
def test_reader_gets_403_on_every_change(
    client: Client, reader, helene: Contact, path: str, data: dict
) -> None:
    client.force_login(reader)
    response = client.post(f"/contacts/{helene.pk}/{path}", data, **HTMX)
    assert response.status_code == 403
    assert (
        helene.tags.count() == 1
        and not helene.notes.exists()
        and not Task.objects.exists()
    )


def test_reader_cannot_complete_a_task(
    client: Client, reader, helene: Contact, member
) -> None:
    task = timeline.create_task(actor=member, title="Call back", contact=helene)
    client.force_login(reader)
    assert (
        client.post(f"/tasks/{task.pk}/complete/", {"from": "contact"}).status_code
        == 403
    )
    task.refresh_from_db()
    assert not task.done


def test_changes_use_get_are_refused(signed_in: Client, helene: Contact) -> None:
    assert signed_in.get(f"/contacts/{helene.pk}/notes/").status_code == 405


def test_htmx_requests_carry_the_csrf_token(member, helene: Contact) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(f"/contacts/{helene.pk}/").content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page)
    assert token, "the body must send the CSRF token with every HTMX request"
    url = f"/contacts/{helene.pk}/notes/"
    assert client.post(url, {"note-body": "no token"}, **HTMX).status_code == 403
    response = client.post(
        url, {"note-body": "with token"}, HTTP_X_CSRFTOKEN=token.group(1), **HTMX
    )
    assert response.status_code == 200
