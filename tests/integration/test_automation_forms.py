"""Web forms: the hosted page, a submission becoming a contact (through matching) and a
form_submitted event, the consent text kept, and the spam defences."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from relais.automation.models import Event, FormSubmission
from relais.automation.services import forms
from relais.contacts.models import Contact

CONSENT = "J'accepte de recevoir la lettre d'information de Relais."


@pytest.fixture
def form(db):
    return forms.create_form(
        actor=None,
        name="Salon 2026",
        fields=forms.parse_field_lines(
            "Votre e-mail | email | required\nPrénom | first_name\nNom | last_name\nMessage | message"
        ),
        consent_text=CONSENT,
        thanks="Merci, à bientôt !",
        tags=["Salon"],
    )


def _answer(form, **values):
    shown = forms.stamp(form)
    data = {
        "email": "hélène.roux@example.fr",
        "first_name": "Hélène",
        "last_name": "Roux",
        "message": "Rappelez-moi <b>vite</b>",
        "consent": "on",
        forms.STAMP: shown,
        forms.HONEYPOT: "",
    }
    data.update(values)
    return data


def _later() -> float:
    return time.time() + 10


def test_a_submission_becomes_a_contact_an_event_and_keeps_the_consent_text(form):
    done = forms.submit(form, _answer(form), address="203.0.113.9", now=_later())
    contact = done.contact
    assert (contact.first_name, contact.last_name) == ("Hélène", "Roux")
    assert contact.lawful_basis == "consent"
    assert list(contact.tags.values_list("name", flat=True)) == ["Salon"]
    assert contact.provenance.get().source_kind == "form"
    assert done.consent_text == CONSENT and done.consented
    assert "203.0.113.9" not in done.ip_hash
    event = Event.objects.get(type="form_submitted")
    assert (
        event.contact == contact and event.data["message"] == "Rappelez-moi <b>vite</b>"
    )
    assert event.interaction.contacts.get() == contact


def test_a_second_submission_finds_the_same_person(form):
    forms.submit(form, _answer(form), address="203.0.113.9", now=_later())
    forms.submit(
        form,
        _answer(form, email="HÉLÈNE.ROUX@example.fr", first_name="Helene"),
        address="198.51.100.4",
        now=_later(),
    )
    assert Contact.objects.count() == 1
    assert FormSubmission.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "now_offset", "message"),
    [
        ({forms.HONEYPOT: "http://spam.example"}, 10, "automated"),
        ({forms.STAMP: "forged"}, 10, "reload the page"),
        ({}, 0, "too fast"),
    ],
)
def test_spam_is_refused_and_nothing_stored(form, change, now_offset, message):
    with pytest.raises(forms.SpamRefused, match=message):
        forms.submit(
            form,
            _answer(form, **change),
            address="203.0.113.9",
            now=time.time() + now_offset,
        )
    assert (
        Contact.objects.count(),
        Event.objects.count(),
        FormSubmission.objects.count(),
    ) == (0, 0, 0)


def test_one_address_is_limited_per_hour(form, settings):
    settings.RELAIS_FORMS_PER_HOUR = 2
    for n in range(2):
        forms.submit(
            form,
            _answer(form, email=f"p{n}@example.fr", first_name=f"P{n}"),
            address="203.0.113.9",
            now=_later(),
        )
    with pytest.raises(forms.SpamRefused) as caught:
        forms.submit(
            form,
            _answer(form, email="p9@example.fr"),
            address="203.0.113.9",
            now=_later(),
        )
    assert caught.value.too_many
    forms.submit(
        form, _answer(form, email="p9@example.fr"), address="198.51.100.4", now=_later()
    )


def test_the_hosted_page_shows_the_form_and_refuses_bad_input_with_422(form, settings):
    settings.RELAIS_FORMS_MIN_SECONDS = 0
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/f/{form.key}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert CONSENT.replace("'", "&#x27;") in html and 'name="relais_stamp"' in html
    assert "X-Frame-Options" not in page.headers  # may be framed by the user's site
    bad = client.post(f"/f/{form.key}/", _answer(form, email="not-an-address"))
    assert bad.status_code == 422 and "not an email address" in bad.content.decode()
    good = client.post(f"/f/{form.key}/", _answer(form))
    assert good.status_code == 200 and "Merci, à bientôt" in good.content.decode()
    assert client.get("/f/nope/").status_code == 404


def test_the_snippet_escapes_labels_and_posts_to_the_hosted_url(db, settings):
    settings.RELAIS_BASE_URL = "https://crm.example.org"
    made = forms.create_form(
        actor=None,
        name="X",
        fields=forms.parse_field_lines("E-mail <script> | email | required"),
    )
    html = forms.snippet(made)
    assert f'action="https://crm.example.org/f/{made.key}/"' in html
    assert "<script>" not in html.split("<script src")[0]
    assert f"/f/{made.key}/stamp.js" in html


def test_a_builder_line_with_an_unknown_field_is_refused_naming_the_line(db):
    from relais.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="line 2"):
        forms.parse_field_lines("E-mail | email\nShoe size | shoe")


@pytest.mark.django_db
def test_a_form_created_from_plain_field_dicts_opens(client):
    """Fields given without the builder (the API, a script) are normalised, never stored half."""
    from relais.automation.services.forms import create_form, fields_of

    form = create_form(
        actor=None,
        name="Inscription",
        fields=[
            {"label": "E-mail", "maps_to": "email", "required": True},
            {"maps_to": "first_name"},
        ],
    )
    assert [(f.name, f.label, f.required) for f in fields_of(form)] == [
        ("email", "E-mail", True),
        ("first_name", "first_name", False),
    ]
    assert client.get(f"/f/{form.key}/").status_code == 200


@pytest.mark.django_db
def test_a_form_with_an_unknown_field_is_refused():
    from relais.automation.services.forms import create_form
    from relais.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        create_form(
            actor=None,
            name="x",
            fields=[{"maps_to": "email"}, {"maps_to": "shoe_size"}],
        )
    assert "shoe_size" in refused.value.errors["fields"]
