"""Web UI: the business cards page — photos read, fields checked, duplicates shown, confirmed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from relais.contacts.models import Attachment, Contact
from relais.contacts.selectors import contact_record
from relais.ingest.models import CardDraft
from tests.fixtures_gen import cards


@pytest.fixture(scope="module")
def card_photo() -> tuple[cards.CardSpec, bytes]:
    spec = cards.card_specs(51, 1)[0]
    return spec, cards.photograph(cards.render(spec, 3), 3)


def _upload(client: Client, data: bytes, name: str = "salon1.jpg"):
    photo = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(
        "/cards/upload/",
        {"photos": [photo], "event": "Salon Expo 2026", "tag": "Salon 2026"},
    )


def test_a_photo_becomes_a_draft_then_a_contact(client, member, card_photo):
    spec, data = card_photo
    client.force_login(member)
    assert _upload(client, data).status_code == 302
    draft = CardDraft.objects.get()
    page = client.get("/cards/").content.decode()
    assert f'value="{spec.email.lower()}"' in page
    assert f"/cards/{draft.pk}/image/" in page
    image = client.get(f"/cards/{draft.pk}/image/")
    assert image["Content-Type"] == "image/jpeg" and image.content == data
    form = {
        "first_name": "Corrigé",
        "last_name": spec.last,
        "title": spec.title,
        "organisation": spec.organisation,
        "email": spec.email,
        "phone_1": spec.phones[0][0],
        "phone_1_label": "work",
        "event": "Salon Expo 2026",
        "tag": "Salon 2026",
    }
    assert client.post(f"/cards/{draft.pk}/confirm/", form).status_code == 302
    contact = Contact.objects.get()
    assert contact.first_name == "Corrigé"  # the correction, not the OCR
    assert list(contact.tags.values_list("name", flat=True)) == ["Salon 2026"]
    [source] = contact_record(contact)["provenance"]
    assert source == {
        **source,
        "file": "Salon Expo 2026/salon1.jpg",
        "record": 1,
        "kind": "card",
    }
    assert bytes(Attachment.objects.get(contact=contact).data) == data
    assert not CardDraft.objects.exists()


def test_a_known_person_is_shown_before_saving(
    client, member, card_photo, make_contact
):
    spec, data = card_photo
    known = make_contact(
        first_name=spec.first, last_name=spec.last, emails=[spec.email]
    )
    client.force_login(member)
    _upload(client, data)
    page = client.get("/cards/").content.decode()
    assert "Possibly already in Relais" in page and f"/contacts/{known.pk}/" in page


def test_drafts_are_private_and_bad_photos_are_named(
    client, member, reader, card_photo
):
    client.force_login(member)
    response = _upload(client, b"\xff\xd8\xff\xe0 not really a photo", "broken.jpg")
    assert response.status_code == 400
    assert "broken.jpg" in response.content.decode()
    _upload(client, card_photo[1])
    draft = CardDraft.objects.get()
    other = Client()
    other.force_login(reader)
    assert other.get(f"/cards/{draft.pk}/image/").status_code == 404
    assert other.post(f"/cards/{draft.pk}/confirm/", {}).status_code == 403
    assert Client().get("/cards/").status_code == 302  # sign in first
