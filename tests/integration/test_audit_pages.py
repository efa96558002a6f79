"""The audit log pages (global for admins, per contact for everyone) and their API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from relais.audit.models import AuditEntry
from relais.contacts import services
from relais.timeline import services as timeline


@pytest.fixture
def changes(make_contact, member, admin):
    helene = make_contact(first_name="Hélène", last_name="Lefèvre", actor=member)
    services.update_contact(
        actor=member, contact=helene, changes={"title": "Directrice <b>achats</b>"}
    )
    other = make_contact(first_name="Zoë", last_name="Canevet", actor=admin)
    timeline.create_task(actor=admin, title="Relancer", contact=helene)
    old = AuditEntry.objects.filter(contact_id=other.pk).first()
    AuditEntry.objects.filter(pk=old.pk).update(
        at=timezone.now() - dt.timedelta(days=30)
    )
    return {"helene": helene, "other": other}


def test_the_global_log_for_admins(client: Client, admin, changes):
    client.force_login(admin)
    body = client.get("/audit/").content.decode()
    assert (
        "contact.create" in body and "contact.update" in body and "task.create" in body
    )
    assert "<del>∅</del> → <ins>Directrice &lt;b&gt;achats&lt;/b&gt;</ins>" in body
    assert "<b>achats</b>" not in body


def test_filters(client: Client, admin, member, changes):
    client.force_login(admin)
    mine = client.get("/audit/", {"actor": "marc@relais.test"}).content.decode()
    assert "marc@relais.test" in mine and "Zoë Canevet" not in mine
    by_action = client.get("/audit/", {"action": "task.create"}).content.decode()
    assert "Relancer" in by_action and 'data-action="contact.update"' not in by_action
    by_type = client.get("/audit/", {"object_type": "task"}).content.decode()
    assert 'data-action="contact.create"' not in by_type
    today = str(timezone.localdate())
    recent = client.get("/audit/", {"since": today, "until": today}).content.decode()
    assert "Zoë Canevet" not in recent  # its creation is 30 days old
    old = client.get(
        "/audit/", {"until": str(timezone.localdate() - dt.timedelta(days=10))}
    ).content.decode()
    assert "Zoë Canevet" in old and "Hélène" not in old


def test_pagination(client: Client, admin, changes):
    helene = changes["helene"]
    for n in range(60):
        timeline.create_task(actor=admin, title=f"Tâche {n}", contact=helene)
    client.force_login(admin)
    first = client.get("/audit/", {"action": "task.create"}).content.decode()
    assert "Page 1 of 2" in first and "Tâche 59" in first and "Tâche 0<" not in first
    second = client.get(
        "/audit/", {"action": "task.create", "page": 2}
    ).content.decode()
    assert "Tâche 0" in second and "action=task.create&amp;page=1" in second


def test_members_cannot_see_the_global_log(client: Client, member, changes):
    client.force_login(member)
    assert client.get("/audit/").status_code == 403
    assert "/audit/" not in client.get("/contacts/").content.decode().split("<main")[0]


def test_a_contact_s_history_for_anyone(client: Client, reader, changes):
    helene = changes["helene"]
    client.force_login(reader)
    page = client.get(f"/contacts/{helene.pk}/").content.decode()
    assert f"/contacts/{helene.pk}/audit/" in page
    # The latest changes are on the contact page itself, escaped.
    section = page.split('id="changes-title"')[1].split("</section>")[0]
    assert "task.create" in section and "contact.update" in section
    assert "Directrice &lt;b&gt;achats&lt;/b&gt;" in section
    body = client.get(f"/contacts/{helene.pk}/audit/").content.decode()
    assert (
        "Change history" in body and "contact.update" in body and "task.create" in body
    )
    assert "Zoë Canevet" not in body


def test_unknown_contact_is_404(client: Client, member, db):
    client.force_login(member)
    assert client.get("/contacts/999999/audit/").status_code == 404


def test_in_french(client: Client, admin, changes):
    client.force_login(admin)
    body = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Journal d’audit" in body


def test_api(client: Client, admin, member, changes):
    helene = changes["helene"]
    client.force_login(admin)
    everything = client.get("/api/v1/audit", {"actor": "marc@relais.test"}).json()
    assert everything["count"] >= 2
    assert {e["actor"] for e in everything["items"]} == {"marc@relais.test"}
    update = next(e for e in everything["items"] if e["action"] == "contact.update")
    assert update["changes"]["title"] == ["", "Directrice <b>achats</b>"]
    client.force_login(member)
    assert client.get("/api/v1/audit").status_code == 403
    per_contact = client.get(f"/api/v1/contacts/{helene.pk}/audit").json()
    assert {e["contact_id"] for e in per_contact["items"]} == {helene.pk}
    assert client.get("/api/v1/contacts/999999/audit").status_code == 404
    client.force_login(admin)
    bad = client.get("/api/v1/audit", {"since": "yesterday"})
    assert bad.status_code == 422 and "since" in bad.json()["errors"]


def test_a_change_made_on_the_page_refreshes_recent_changes(
    client: Client, member, changes
):
    helene = changes["helene"]
    client.force_login(member)
    body = client.post(
        f"/contacts/{helene.pk}/tags/",
        {"tag-names": "Salon Lyon"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    section = body.split('<section id="recent-changes"')[1]
    assert section.startswith(
        ' class="card" aria-labelledby="changes-title" hx-swap-oob="true"'
    )
    assert 'data-action="contact.tag"' in section and "Salon Lyon" in section
