"""What a new user hits in the first hour (issue 23): no error page, nothing lost, nothing silent."""
# ruff: noqa: F811 - pytest fixtures imported from outreach_fixtures

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from relais.contacts import services

from .outreach_fixtures import audience  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def contact(member):
    return services.create_contact(
        actor=member,
        source=services.Source.manual("web"),
        first_name="Hélène",
        last_name="Lefèvre",
        points=[services.PointInput("email", "helene@lefevre.example")],
    )


def test_email_without_a_mail_server_says_so_and_keeps_the_draft(
    signed_in: Client, contact, settings
) -> None:
    settings.RELAIS_SMTP_HOST = ""
    url = f"/contacts/{contact.pk}/email/"
    page = signed_in.get(url).content.decode()
    assert "No mail server is set up yet" in page  # said before anything is typed

    body = "Bonjour Hélène,\n\nSuite à notre appel, voici la proposition.\n\nMarc"
    response = signed_in.post(
        url,
        {
            "to_email": "helene@lefevre.example",
            "subject": "Notre proposition",
            "body_text": body,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing was sent; your draft is kept" in page
    assert "Notre proposition" in page
    assert "Suite à notre appel, voici la proposition." in page


def test_digest_box_is_not_offered_without_a_mail_server(
    signed_in: Client, settings
) -> None:
    settings.RELAIS_SMTP_HOST = ""
    page = signed_in.get("/account/").content.decode()
    assert "no mail server is configured" in page
    assert 'action="/account/digest/"' not in page


def test_opening_the_upload_address_shows_the_imports_page(signed_in: Client) -> None:
    response = signed_in.get("/imports/upload/")
    assert response.status_code == 302
    assert response["Location"] == "/imports/"


def test_upload_without_a_file_is_a_form_error(signed_in: Client) -> None:
    response = signed_in.post("/imports/upload/", {})
    assert response.status_code == 400
    assert "Choose at least one file to upload." in response.content.decode()

    response = signed_in.post(
        "/imports/upload/", {"upload": [SimpleUploadedFile("empty.csv", b"")]}
    )
    assert response.status_code == 400  # an empty file is refused, not previewed


def test_a_read_only_user_cannot_upload(client: Client, db) -> None:
    from relais.accounts.models import Role, User

    reader = User.objects.create_user("lea@relais.test", "x", role=Role.READONLY)
    client.force_login(reader)
    response = client.post(
        "/imports/upload/", {"upload": [SimpleUploadedFile("a.csv", b"a,b\n1,2\n")]}
    )
    assert response.status_code == 403


def test_a_campaign_says_before_its_start_who_receives_it_and_why_not(
    signed_in: Client, member, audience
) -> None:
    from relais.outreach.services.campaigns import create_campaign
    from relais.outreach.services.templates import create_template

    segment, _people = audience
    template = create_template(
        actor=member,
        name="Atelier",
        language="fr",
        subject="{{ first_name }}, notre atelier",
        body_text="Bonjour {{ first_name }},\n\nÀ bientôt,\n{{ sender_first_name }}",
    )
    campaign = create_campaign(
        actor=member, name="Atelier", segment=segment, steps=[(template, 0)]
    )
    page = signed_in.get(f"/outreach/campaigns/{campaign.pk}/").content.decode()
    assert "Who will receive it" in page
    assert "3 contacts will receive it" in page
    assert '<li data-reason="opted_out"><strong>1</strong> Opted out' in page
    assert '<li data-reason="no_email"><strong>1</strong> No email address' in page
    assert '<li data-reason="suppressed"><strong>1</strong> Erased' in page

    signed_in.post(f"/outreach/campaigns/{campaign.pk}/start/")
    page = signed_in.get(f"/outreach/campaigns/{campaign.pk}/").content.decode()
    assert (
        "Why some were not sent" in page
    )  # the reasons stay on the page after the start
    assert '<li data-reason="opted_out"><strong>1</strong> Opted out' in page


def test_nobody_eligible_is_said_with_the_fix(signed_in: Client, member) -> None:
    from relais.contacts.segments.services import create_segment
    from relais.outreach.services.campaigns import create_campaign
    from relais.outreach.services.templates import create_template

    for first in ("Anne", "Paul"):
        services.create_contact(
            actor=member,
            source=services.Source.manual("web"),
            first_name=first,
            last_name="Salon",
            points=[services.PointInput("email", f"{first.lower()}@salon.example")],
            tags=["Salon"],
        )
    segment = create_segment(
        actor=member,
        name="Salon",
        definition={"criteria": [{"field": "tags", "op": "any", "value": ["Salon"]}]},
    )
    template = create_template(
        actor=member,
        name="Salon",
        language="fr",
        subject="{{ first_name }}, merci",
        body_text="Bonjour {{ first_name }},\n\nMerci,\n{{ sender_first_name }}",
    )
    campaign = create_campaign(
        actor=member, name="Salon", segment=segment, steps=[(template, 0)]
    )
    page = signed_in.get(f"/outreach/campaigns/{campaign.pk}/").content.decode()
    assert "Nobody would receive it: none of the 2 contacts" in page
    assert "No lawful basis for marketing" in page
    assert f'href="/segments/{segment.pk}/"' in page


def test_the_audit_log_reads_as_sentences_with_names_in_french(
    client: Client, admin, member, contact
) -> None:
    from relais.contacts.services import update_contact

    update_contact(
        actor=member, contact=contact, changes={"title": "Directrice commerciale"}
    )
    client.force_login(admin)
    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "a créé le contact" in page and "a modifié le contact" in page
    assert "<strong>Fonction</strong>" in page  # the field's name, not "title"
    assert "Marc Membre" in page  # who, by name
    assert "contact.update</code>" not in page


def test_an_unknown_export_format_is_refused_not_a_silent_csv(
    signed_in: Client, member, contact
) -> None:
    from relais.contacts.segments.services import create_segment

    segment = create_segment(
        actor=member,
        name="Tous",
        definition={"criteria": [{"field": "status", "op": "in", "value": ["lead"]}]},
    )
    assert (
        signed_in.get(f"/segments/{segment.pk}/export/?format=csv").status_code == 200
    )
    assert (
        signed_in.get(f"/segments/{segment.pk}/export/?format=pdf").status_code == 400
    )
    assert (
        signed_in.get(f"/contacts/{contact.pk}/access/?format=json").status_code == 200
    )
    assert (
        signed_in.get(f"/contacts/{contact.pk}/access/?format=csv").status_code == 400
    )


def test_a_new_contact_is_owned_by_its_creator_by_default(
    signed_in: Client, member
) -> None:
    form = signed_in.get("/contacts/new/").content.decode()
    assert f'<option value="{member.pk}" selected>' in form


def test_an_empty_new_template_is_not_blocked_before_anything_is_written(
    signed_in: Client,
) -> None:
    page = signed_in.get("/outreach/templates/new/").content.decode()
    assert "Blocks sending" not in page
    live = signed_in.post(
        "/outreach/templates/check/",
        {"subject": "", "body_text": ""},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'data-blocked="false"' in live
    live = signed_in.post(
        "/outreach/templates/check/",
        {"subject": "RE: OFFRE GRATUITE!!!", "body_text": "Cliquez ici"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'data-blocked="true"' in live


def test_a_header_only_csv_is_not_offered_for_import(signed_in: Client) -> None:
    response = signed_in.post(
        "/imports/upload/",
        {"upload": [SimpleUploadedFile("vide.csv", b"first_name,last_name,email\n")]},
    )
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    assert "No records to import" in page
    assert 'value="import"' not in page
