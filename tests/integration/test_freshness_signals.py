"""Freshness on a real database: confirmations and signals from a generated mailbox import
(a reply confirms an address, an auto-reply says the person left, a newer signature names
another employer and gives the owner a task), bounces, manual confirmation, decay, the
"probably stale" filter and the daily snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from relais.accounts.models import Role, User
from relais.contacts.models import Contact, ContactPoint, Provenance
from relais.contacts.selectors import ContactFilter, list_contacts
from relais.core.errors import Forbidden
from relais.ingest.services import run_import
from relais.privacy.models import FreshnessSignal, FreshnessSnapshot
from relais.privacy.selectors import probably_stale
from relais.privacy.services.freshness import (
    confirm_contact,
    mark_point_invalid,
    refresh_all,
    refresh_freshness,
)
from relais.privacy.tasks import nightly_freshness
from relais.timeline.models import Task
from tests.fixtures_gen.mail import WORKSPACE
from tests.fixtures_gen.privacy import MARC, message, write_mbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def marc(db):
    return User.objects.create_user(
        WORKSPACE, "member-pass-123", role=Role.MEMBER, first_name="Marc"
    )


@pytest.fixture
def people(make_contact, marc):
    fred = make_contact(
        first_name="Frédéric",
        last_name="Canevet",
        organisation="ACME Industries SAS",
        emails=["f.canevet@acme-industries.fr"],
        owner=marc,
    )
    kate = make_contact(
        first_name="Kate",
        last_name="Smith",
        organisation="Globex Ltd",
        emails=["kate@globex.co.uk"],
    )
    helene = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        organisation="Brasserie Lefèvre",
        emails=["helene@brasserie-lefevre.fr"],
    )
    refresh_freshness()
    return fred, kate, helene


def mailbox(path, now):
    return write_mbox(
        path,
        [
            message(
                ("Frédéric Canevet", "f.canevet@acme-industries.fr"),
                [MARC],
                "Nouvelles coordonnées",
                "Bonjour Marc,\n\nJe vous écris de mon nouveau poste.\n\nCordialement,\n\n"
                "Frédéric Canevet\nDirecteur commercial | Initech Inc\n"
                "Tél. : 01 23 45 67 89\nwww.initech.com",
                "fred-new@initech.com",
                now - dt.timedelta(days=12),
            ),
            message(
                ("Kate Smith", "kate@globex.co.uk"),
                [MARC],
                "Automatic reply: Meeting",
                "Thank you for your message. Kate Smith is no longer with Globex Ltd. "
                "Please write to sales@globex.co.uk.",
                "kate-auto@globex.co.uk",
                now - dt.timedelta(days=3),
                headers={"Auto-Submitted": "auto-replied"},
            ),
            message(
                ("Hélène Lefèvre", "helene@brasserie-lefevre.fr"),
                [MARC],
                "Réunion",
                "Bonjour,\n\nC'est noté pour jeudi.\n\nBien à vous,\nHélène",
                "helene-ok@brasserie-lefevre.fr",
                now - dt.timedelta(days=5),
            ),
        ],
    )


def test_mail_import_confirms_and_signals(tmp_path, people, marc):
    fred, kate, helene = people
    now = timezone.now()
    assert {c.freshness for c in Contact.objects.all()} == {100}

    report = run_import([mailbox(tmp_path / "mail.mbox", now)])
    assert report.file_errors == []

    # A newer signature names another employer: a signal, a task for the owner, a drop.
    fred.refresh_from_db()
    signal = FreshnessSignal.objects.get(contact=fred)
    assert signal.kind == FreshnessSignal.Kind.NEW_EMPLOYER
    assert signal.detail == "Initech Inc"
    task = Task.objects.get(contact=fred)
    assert task.assignee == marc
    assert "Initech Inc" in task.title and "ACME Industries SAS" in task.title
    assert fred.freshness == 40
    assert fred.organisation.name == "ACME Industries SAS"  # the owner decides

    # An auto-reply saying she left (automated mail is not on the timeline, but is read).
    kate.refresh_from_db()
    left = FreshnessSignal.objects.get(contact=kate)
    assert left.kind == FreshnessSignal.Kind.LEFT
    assert "no longer with Globex" in left.detail
    assert kate.freshness == 20
    assert kate.interactions.count() == 0

    # A reply from Hélène's address confirms it, as of the message's date.
    point = ContactPoint.objects.get(contact=helene)
    assert point.confirmed_at is not None
    assert abs((point.confirmed_at - (now - dt.timedelta(days=5))).total_seconds()) < 2
    helene.refresh_from_db()
    assert helene.freshness == 100

    # The probably-stale segment, through the contact list's filter too.
    assert set(probably_stale()) == {fred, kate}
    assert set(list_contacts(ContactFilter(freshness="stale"))) == {fred, kate}
    assert set(list_contacts(ContactFilter(freshness="fresh"))) == {helene}

    # Importing the mailbox again repeats neither signals nor tasks.
    run_import([tmp_path / "mail.mbox"])
    assert FreshnessSignal.objects.count() == 2
    assert Task.objects.count() == 1


def test_old_signature_or_same_employer_is_not_a_signal(tmp_path, people):
    fred, _kate, _helene = people
    now = timezone.now()
    path = write_mbox(
        tmp_path / "old.mbox",
        [
            message(
                ("Frédéric Canevet", "f.canevet@acme-industries.fr"),
                [MARC],
                "Ancien message",
                "Bonjour,\n\nCordialement,\n\nFrédéric Canevet\nDirecteur commercial | "
                "Initech Inc\nTél. : 01 23 45 67 89",
                "fred-old@initech.com",
                now - dt.timedelta(days=900),
            ),
            message(
                ("Frédéric Canevet", "f.canevet@acme-industries.fr"),
                [MARC],
                "Devis",
                "Bonjour,\n\nCordialement,\n\nFrédéric Canevet\nDirecteur commercial | "
                "ACME Industries\nTél. : 01 23 45 67 89",
                "fred-same@acme-industries.fr",
                now - dt.timedelta(days=2),
            ),
        ],
    )
    run_import([path])
    assert not FreshnessSignal.objects.filter(contact=fred).exists()
    assert not Task.objects.exists()


def test_bounce_then_confirmation(people, marc, reader):
    fred, _kate, _helene = people
    point = fred.points.get()
    with pytest.raises(Forbidden):
        mark_point_invalid(actor=reader, point=point)

    mark_point_invalid(actor=marc, point=point)
    fred.refresh_from_db()
    point.refresh_from_db()
    assert point.invalid_since is not None
    assert fred.freshness == 30  # his only email bounced
    assert FreshnessSignal.objects.get(contact=fred).kind == "bounce"

    fred.points.create(
        kind="email", value="fred@initech.com", normalized_value="fred@initech.com"
    )
    refresh_freshness([fred.pk])
    fred.refresh_from_db()
    assert fred.freshness == 50  # one of two emails bounced

    confirm_contact(actor=marc, contact=fred)
    fred.refresh_from_db()
    assert fred.freshness == 50  # confirming does not revive a dead address
    assert set(fred.fields_confirmed_at) >= {"title", "organisation"}


def test_confirmation_settles_signals_and_resets_decay(people, marc):
    fred, _kate, _helene = people
    FreshnessSignal.objects.create(
        contact=fred,
        kind="left",
        occurred_at=timezone.now(),
        detail="a quitté la société",
    )
    refresh_freshness([fred.pk])
    fred.refresh_from_db()
    assert fred.freshness == 20
    confirm_contact(actor=marc, contact=fred)
    fred.refresh_from_db()
    assert fred.freshness == 100
    assert FreshnessSignal.objects.get(contact=fred).resolved_at is not None


def test_time_decays_the_stored_score(people):
    fred, kate, helene = people
    five_years = timezone.now() - dt.timedelta(days=round(5 * 365.25))
    Contact.objects.filter(pk=fred.pk).update(created_at=five_years)
    Provenance.objects.filter(contact=fred).update(recorded_at=five_years)

    snapshot = refresh_all()
    nightly_freshness.call_local()  # the Huey job does the same, and replaces today's row

    fred.refresh_from_db()
    assert fred.freshness == 59
    assert snapshot.fresh == 2 and snapshot.ageing == 1 and snapshot.stale == 0
    assert FreshnessSnapshot.objects.count() == 1


def test_cli_refresh_and_link(people):
    from click.testing import CliRunner

    from relais.cli.commands import cli

    Contact.objects.update(freshness=None)
    result = CliRunner().invoke(cli, ["freshness", "refresh"])
    assert result.exit_code == 0, result.output
    assert "3 contacts scored: 3 fresh, 0 ageing, 0 stale, 0 unknown." in result.output
    assert FreshnessSnapshot.objects.get().fresh == 3
    link = CliRunner().invoke(cli, ["privacy", "link", "kate@globex.co.uk"])
    assert link.exit_code == 0 and "/update/" in link.output
