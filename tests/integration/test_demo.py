"""The demo workspace written through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from relais.accounts.models import User
from relais.audit.models import AuditEntry
from relais.contacts.models import Contact, ContactPoint, Note, Provenance
from relais.demo import DEMO_EMAIL, DEMO_SEED, build_plan, populate_demo
from relais.ingest.models import ImportBatch
from relais.timeline.models import Interaction, Task

NOW = timezone.make_aware(dt.datetime(2025, 11, 19, 15, 30))  # a Wednesday


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, written once for the module inside a transaction rolled back at the end.

    Each test (they request ``db``) runs in a savepoint within it, as pytest-django does.
    """
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        yield populate_demo(now=NOW)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _db(db):
    """Every test here reads the database."""


def test_demo_fills_an_empty_database(demo):
    plan = build_plan(DEMO_SEED)
    assert demo.created
    planned = Contact.objects.exclude(provenance__source_kind="mention")
    assert planned.count() == len(plan.people)
    # The authors of the complaints heard became contacts when their tickets opened.
    authors = Contact.objects.filter(provenance__source_kind="mention").distinct()
    assert authors.count() >= 1
    assert demo.contacts == Contact.objects.filter(merged_into__isnull=True).count()
    assert Interaction.objects.count() == len(plan.interactions) == demo.interactions
    assert Task.objects.count() == len(plan.tasks)
    assert Note.objects.count() == len(plan.notes)
    admin = User.objects.get(email=DEMO_EMAIL)
    assert admin.role == "admin" and admin.check_password(demo.password)
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"admin", "member", "readonly"}
    # Colleagues cannot sign in: only the demo login has a password.
    assert [u.email for u in User.objects.all() if u.has_usable_password()] == [
        DEMO_EMAIL
    ]


def test_demo_data_looks_like_imports_with_provenance(demo):
    batches = {b.label: b for b in ImportBatch.objects.all()}
    assert set(batches) == {
        "Fichier clients 2024.csv",
        "contacts.vcf",
        "Connections.csv",
        "Salon VivaTech 2025.xlsx",
    }
    fair = Provenance.objects.filter(batch=batches["Salon VivaTech 2025.xlsx"])
    assert fair.count() == batches["Salon VivaTech 2025.xlsx"].stats["records_read"]
    assert sorted(fair.values_list("record_number", flat=True)) == list(
        range(1, fair.count() + 1)
    )
    assert Provenance.objects.filter(source_kind="manual").exists()
    assert all(b.status == "done" and b.started_at < NOW for b in batches.values())
    # Created over the past 18 months, not all today.
    oldest = Contact.objects.order_by("created_at").first().created_at
    assert NOW - oldest > dt.timedelta(days=365)
    assert (
        AuditEntry.objects.filter(action="contact.create").count()
        == Contact.objects.count()
    )


def test_demo_has_accents_duplicates_and_a_lived_in_timeline(demo):
    assert Contact.objects.filter(first_name="Hélène").exists()
    assert Contact.objects.filter(last_name="de la Fontaine").exists()
    # The same mobile, written two ways by two files, normalises to one number.
    fred = Contact.objects.filter(points__normalized_value="+33639984712").order_by(
        "first_name"
    )
    assert [c.first_name for c in fred] == ["Fred", "Frédéric"]
    assert {c.organisation.name for c in fred} == {"Voxalis SAS"}
    assert Contact.objects.filter(search_text__contains="hartley").count() == 2
    assert ContactPoint.objects.filter(kind="linkedin").count() > 100
    channels = set(Interaction.objects.values_list("channel", "direction"))
    assert {
        (c, d)
        for c in ("email", "call", "meeting", "linkedin", "sms", "social")
        for d in ("in", "out")
    } <= channels
    assert not Interaction.objects.filter(occurred_at__gt=NOW).exists()
    today = timezone.localdate(NOW)
    open_tasks = Task.objects.filter(done=False)
    assert open_tasks.filter(due_date__lt=today).exists()
    assert open_tasks.filter(due_date=today).exists()
    assert Task.objects.filter(done=True, done_at__lt=NOW).exists()
    assert Contact.objects.filter(owner__isnull=True).exists()
    assert Contact.objects.filter(status="archived").exists()


def test_demo_never_adds_to_a_database_holding_contacts(demo):
    again = populate_demo(now=NOW)
    assert not again.created and again.password is None and again.demo_user_exists
    assert (
        again.contacts
        == demo.contacts
        == Contact.objects.filter(merged_into__isnull=True).count()
    )
    assert User.objects.count() == 5


def test_demo_shows_every_capability(demo):
    """No page is empty in the first hour (relais/demo/showcase.py)."""
    from relais.contacts.models import Segment
    from relais.matching.models import MatchCandidate, Merge
    from relais.outreach.models import Campaign, Delivery, Template
    from relais.privacy.models import FreshnessSnapshot, SelfUpdateProposal

    assert Segment.objects.count() == 3
    assert set(Template.objects.values_list("language", flat=True)) == {"fr", "en"}
    started = Campaign.objects.get(status=Campaign.Status.SENDING)
    # A marketing campaign that reaches people: the demo records lawful bases.
    assert started.deliveries.filter(status=Delivery.Status.QUEUED).count() > 10
    assert Campaign.objects.filter(status=Campaign.Status.DRAFT).exists()
    assert MatchCandidate.objects.filter(status=MatchCandidate.Status.PENDING).exists()
    assert Merge.objects.count() == 1
    assert SelfUpdateProposal.objects.exists()
    assert FreshnessSnapshot.objects.exists()
    assert not Contact.objects.filter(freshness__isnull=True).exists()
    assert ContactPoint.objects.filter(invalid_since__isnull=False).count() == 6


def test_demo_shows_the_social_half(demo):
    """Listening, tickets, contributors and automation have something to show too."""
    from relais.automation.models import WebForm, Workflow
    from relais.community.models import Author
    from relais.listening.models import Mention
    from relais.service.models import Ticket

    labels = set(Mention.objects.values_list("label", flat=True))
    assert {"complaint", "praise", "question"} <= labels
    assert set(Mention.objects.values_list("lang", flat=True)) == {"fr", "en"}
    complaints = Mention.objects.filter(label="complaint")
    assert Ticket.objects.count() == complaints.count() > 0
    assert (
        Author.objects.count()
        == Mention.objects.values("author_name").distinct().count()
    )
    assert Workflow.objects.exists() and WebForm.objects.exists()
