"""Handover of a departing user's contacts and open tasks, in one logged action."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.test import Client

from relais.accounts.models import Role, User
from relais.audit.models import AuditEntry
from relais.cli.commands import cli
from relais.contacts.models import Contact
from relais.core.errors import Forbidden, InvalidInput
from relais.handover.services import hand_over
from relais.timeline import services as timeline
from relais.timeline.models import Interaction, Task


@pytest.fixture
def sophie(db):
    return User.objects.create_user(
        "sophie@relais.test",
        "sophie-pass-123",
        role=Role.MEMBER,
        first_name="Sophie",
        last_name="Départ",
    )


@pytest.fixture
def book(make_contact, sophie, member):
    """Sophie follows three contacts, has two open tasks and a done one; Marc has his own."""
    mine = [
        make_contact(first_name=f, last_name=n, owner=sophie)
        for f, n in (("Hélène", "Lefèvre"), ("Frédéric", "Canevet"), ("Zoë", "O'Brien"))
    ]
    marcs = make_contact(first_name="Jean-Luc", last_name="Mélenchon", owner=member)
    open_tasks = [
        timeline.create_task(actor=sophie, title="Relancer Hélène", contact=mine[0]),
        timeline.create_task(actor=sophie, title="Préparer l'offre"),
    ]
    done = timeline.create_task(actor=sophie, title="Appel fait", contact=mine[1])
    timeline.complete_task(actor=sophie, task=done)
    call = timeline.log_interaction(
        actor=sophie,
        channel="call",
        direction="out",
        contacts=[mine[0]],
        subject="Appel",
    )
    return {
        "mine": mine,
        "marcs": marcs,
        "open": open_tasks,
        "done": done,
        "call": call,
    }


def test_handover_moves_contacts_and_open_tasks_only(admin, sophie, member, book):
    result = hand_over(actor=admin, departing=sophie, successor=member)
    assert (result.contacts, result.tasks, result.deactivated) == (3, 2, False)
    assert set(Contact.objects.filter(owner=member)) == {*book["mine"], book["marcs"]}
    assert not Contact.objects.filter(owner=sophie).exists()
    assert set(Task.objects.filter(assignee=member)) == set(book["open"])
    assert Task.objects.get(pk=book["done"].pk).assignee == sophie  # history kept
    assert Interaction.objects.get(pk=book["call"].pk).author == sophie  # not rewritten
    sophie.refresh_from_db()
    assert sophie.is_active


def test_one_summary_entry_and_one_per_object(admin, sophie, member, book):
    before = AuditEntry.objects.count()
    hand_over(actor=admin, departing=sophie, successor=member)
    summary = AuditEntry.objects.get(action="user.handover")
    assert summary.actor == admin
    assert summary.object_id == str(sophie.pk)
    assert summary.changes == {
        "to": "marc@relais.test",
        "contacts": 3,
        "tasks": 2,
        "deactivated": False,
    }
    helene = book["mine"][0]
    per_contact = AuditEntry.objects.filter(
        contact_id=helene.pk, action__endswith=".handover"
    )
    assert {e.action for e in per_contact} == {"contact.handover", "task.handover"}
    entry = per_contact.get(action="contact.handover")
    assert entry.changes["owner"] == ["sophie@relais.test", "marc@relais.test"]
    assert AuditEntry.objects.count() == before + 1 + 3 + 2


def test_deactivate_in_the_same_step(admin, sophie, member, book):
    hand_over(actor=admin, departing=sophie, successor=member, deactivate=True)
    sophie.refresh_from_db()
    assert not sophie.is_active


@pytest.mark.parametrize(
    ("successor", "field", "fragment"),
    [
        ("self", "to", "someone other"),
        ("reader", "to", "read-only"),
        ("gone", "to", "deactivated"),
    ],
)
def test_refused_successors(admin, sophie, reader, book, successor, field, fragment):
    target = {"self": sophie, "reader": reader}.get(successor)
    if successor == "gone":
        target = User.objects.create_user(
            "parti@relais.test", "x-pass-1234", is_active=False
        )
    with pytest.raises(InvalidInput) as caught:
        hand_over(actor=admin, departing=sophie, successor=target)
    assert fragment in caught.value.errors[field]
    assert Contact.objects.filter(owner=sophie).count() == 3  # nothing moved


def test_the_last_admin_cannot_be_deactivated(admin, member):
    with pytest.raises(InvalidInput) as caught:
        hand_over(actor=None, departing=admin, successor=member, deactivate=True)
    assert "last active admin" in caught.value.errors["deactivate"]


def test_admins_only(member, sophie, reader):
    for actor in (member, reader):
        with pytest.raises(Forbidden):
            hand_over(actor=actor, departing=sophie, successor=member)


def test_from_the_users_page(client: Client, admin, sophie, member, book):
    client.force_login(admin)
    listing = client.get("/users/").content.decode()
    assert (
        "sophie@relais.test" in listing and f"/users/{sophie.pk}/handover/" in listing
    )
    page = client.get(f"/users/{sophie.pk}/handover/").content.decode()
    assert "3 contacts followed and 2 open tasks go to the colleague" in page
    assert f'value="{sophie.pk}"' not in page  # cannot hand over to herself
    response = client.post(
        f"/users/{sophie.pk}/handover/",
        {"successor": member.pk, "deactivate": "on"},
        follow=True,
    )
    assert (
        "3 contacts and 2 open tasks handed over to Marc Membre."
        in response.content.decode()
    )
    sophie.refresh_from_db()
    assert not sophie.is_active and not Contact.objects.filter(owner=sophie).exists()


def test_the_page_shows_errors_on_the_form(client: Client, admin, sophie, book):
    client.force_login(admin)
    response = client.post(f"/users/{sophie.pk}/handover/", {"successor": ""})
    assert response.status_code == 400
    assert Contact.objects.filter(owner=sophie).count() == 3


def test_members_cannot_open_the_pages(client: Client, member, sophie):
    client.force_login(member)
    assert client.get("/users/").status_code == 403
    assert client.get(f"/users/{sophie.pk}/handover/").status_code == 403
    assert (
        client.post(
            f"/users/{sophie.pk}/handover/", {"successor": member.pk}
        ).status_code
        == 403
    )


def test_cli(sophie, member, book):
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["user", "handover", "sophie@relais.test", "marc@relais.test", "--deactivate"],
    )
    assert result.exit_code == 0, result.output
    assert (
        "3 contacts and 2 open tasks handed over from sophie@relais.test to marc@relais.test"
        in result.output
    )
    assert AuditEntry.objects.get(action="user.handover").actor_label == "system"
    sophie.refresh_from_db()
    assert not sophie.is_active
    missing = runner.invoke(
        cli, ["user", "handover", "ghost@relais.test", "marc@relais.test"]
    )
    assert missing.exit_code == 1 and "ghost@relais.test" in missing.output
