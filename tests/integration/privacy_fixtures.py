"""The base the access and erasure tests share: Anaïs imported from a contact table and a
mailbox, then worked on by the team (notes, tasks, consent, a self-update link), with an
archived duplicate sharing her mobile."""

from __future__ import annotations

import pytest
from django.utils import timezone

from relais.accounts.models import Role, User
from relais.contacts import services
from relais.contacts.models import Contact
from relais.ingest.services import run_import
from relais.privacy.models import LawfulBasis
from relais.privacy.services.consent import set_lawful_basis
from relais.privacy.services.self_update import issue_link
from relais.timeline import services as timeline
from tests.fixtures_gen.mail import WORKSPACE
from tests.fixtures_gen.privacy import anais_mailbox, write_people_csv


@pytest.fixture
def workspace_user(db):
    return User.objects.create_user(WORKSPACE, "member-pass-123", role=Role.MEMBER)


@pytest.fixture
def files(tmp_path):
    now = timezone.now()
    return [
        write_people_csv(tmp_path / "salon.csv"),
        anais_mailbox(tmp_path / "mail.mbox", now),
    ]


@pytest.fixture
def base(files, workspace_user, admin, make_contact):
    """Anaïs imported from a table and a mailbox, then worked on by the team."""
    report = run_import(files)
    assert report.contacts_created >= 5
    anais = Contact.objects.get(
        points__normalized_value="anais.vandenbroucke@ateliers-reunis.fr"
    )
    other = Contact.objects.exclude(pk=anais.pk).filter(points__kind="email").first()
    assert other is not None
    services.update_contact(
        actor=admin, contact=anais, changes={"title": "Directrice des achats"}
    )
    services.add_note(
        actor=admin, contact=anais, body="Anaïs veut un devis avant juin."
    )
    services.add_note(
        actor=admin,
        contact=other,
        body="Voir avec Anaïs Vandenbroucke-Lefèvre (anais.vandenbroucke@ateliers-reunis.fr) "
        "pour la commande groupée.",
    )
    timeline.create_task(
        actor=admin,
        title="Rappeler Anaïs Vandenbroucke-Lefèvre au 06 71 23 45 89",
        contact=other,
    )
    timeline.create_task(actor=admin, title="Envoyer le devis", contact=anais)
    set_lawful_basis(
        actor=admin,
        contact=anais,
        basis=LawfulBasis.CONSENT,
        source="formulaire salon 2024",
    )
    issue_link(actor=admin, contact=anais)
    # An archived duplicate sharing her mobile, with a personal address.
    make_contact(
        first_name="Anaïs",
        last_name="Vandenbroucke-Lefèvre",
        status=Contact.Status.ARCHIVED,
        emails=["anais.v.perso@gmail.com"],
        phones=["+33 6 71 23 45 89"],
    )
    return anais
