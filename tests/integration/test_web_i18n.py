"""Web UI in French: chosen from the browser's language, or with the EN/FR switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from relais.contacts import services
from relais.contacts.models import Provenance
from relais.ingest.models import ImportBatch


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


def test_browser_language_picks_french(signed_in: Client) -> None:
    body = signed_in.get(
        "/contacts/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5"
    ).content.decode()
    assert '<html lang="fr">' in body
    assert (
        "Nouveau contact" in body
        and "Tâches" in body
        and "Pas encore de contacts" in body
    )
    assert 'aria-pressed="true">FR<' in body


def test_english_by_default(signed_in: Client) -> None:
    body = signed_in.get("/contacts/", HTTP_ACCEPT_LANGUAGE="de-DE").content.decode()
    assert '<html lang="en">' in body and "New contact" in body


def test_switch_to_french_and_back(signed_in: Client) -> None:
    response = signed_in.post("/i18n/setlang/", {"language": "fr", "next": "/tasks/"})
    assert response.status_code == 302 and response["Location"] == "/tasks/"
    body = signed_in.get("/tasks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tout est à jour" in body and "Les miennes" in body
    signed_in.post("/i18n/setlang/", {"language": "en", "next": "/tasks/"})
    assert (
        "All caught up"
        in signed_in.get("/tasks/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )


def test_switch_works_on_the_sign_in_page(client: Client, db) -> None:
    body = client.get("/login/").content.decode()
    assert 'action="/i18n/setlang/"' in body
    client.post("/i18n/setlang/", {"language": "fr", "next": "/login/"})
    body = client.get("/login/").content.decode()
    assert "Connectez-vous à votre espace" in body and "Mot de passe" in body


def test_contact_page_in_french(signed_in: Client, member) -> None:
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
        status="customer",
        owner=member,
    )
    services.add_point(
        actor=member,
        contact=contact,
        kind="phone",
        value="0612345678",
        label="mobile",
        source=services.Source.manual("web"),
    )
    body = signed_in.get(
        f"/contacts/{contact.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    day = timezone.localdate().isoformat()
    assert f"Depuis Connections.csv, enregistrement 12 · import du {day}" in body
    assert "Saisi à la main (formulaire web) par Marc Membre" in body
    assert ">Client<" in body and "Suivi par Marc Membre" in body
    assert "Historique" in body and "Coordonnées" in body and ">mobile<" in body
    assert "Reprendre là où on s’était arrêté" in body


def test_form_labels_and_errors_in_french(signed_in: Client) -> None:
    response = signed_in.post(
        "/contacts/new/",
        {
            "first_name": "Jean",
            "country": "France",
            "status": "lead",
            "email-value": "nope",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    body = response.content.decode()
    assert "Prénom" in body and "Organisation" in body and "Statut" in body
    assert "Indiquez un code pays à deux lettres, comme FR ou BE." in body
    assert "Cette adresse e-mail n’est pas valide." in body
    assert "Certains champs sont à corriger." in body
