"""Campaign pages: the template editor with its live check and per-recipient preview, the
campaign list/form/detail with start and pause, the one-to-one mail form — roles, CSRF,
escaping of what people typed."""

# Fixtures are imported by name, so pytest finds them; test arguments reuse the names.

from __future__ import annotations

import html

import pytest
from django.test import Client

from relais.outreach.models import Campaign, Template
from relais.outreach.services.templates import create_template

HTMX = {"HTTP_HX_REQUEST": "true"}
GOOD = {
    "name": "Relance salon",
    "language": "fr",
    "subject": "Suite au salon, {{ first_name }}",
    "body_text": "Bonjour {{ first_name | default('Madame, Monsieur') }},\n\nVoici le plan promis.\n",
    "body_html": "<p>Bonjour {{ first_name }},</p><p>Voici le plan promis.</p>",
}


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def template(member) -> Template:
    return create_template(actor=member, **GOOD)


def test_live_check_shows_and_clears_findings(signed_in: Client) -> None:
    bad = signed_in.post(
        "/outreach/templates/check/",
        {"subject": "RE: OFFRE GRATUITE!!!", "body_text": "Cliquez ici"},
        **HTMX,
    ).content.decode()
    assert 'data-blocked="true"' in bad
    for code in (
        "fake_reply",
        "no_personalisation",
        "subject_capitals",
        "spammy_phrase",
    ):
        assert f'data-code="{code}"' in bad
    # The composer adds the unsubscribe link to campaign messages: not a finding here.
    assert 'data-code="no_unsubscribe"' not in bad
    good = signed_in.post("/outreach/templates/check/", GOOD, **HTMX).content.decode()
    assert 'data-blocked="false"' in good and 'data-count="0"' in good


def test_preview_is_personalised_and_escaped(signed_in: Client, make_contact) -> None:
    helene = make_contact(
        first_name="Hélène", last_name="<b>Lefèvre</b>", emails=["helene@acme.fr"]
    )
    data = {
        **GOOD,
        "subject": "Pour {{ last_name }}",
        "preview_contact": str(helene.pk),
    }
    page = signed_in.post("/outreach/templates/check/", data, **HTMX).content.decode()
    assert 'hx-swap-oob="true"' in page
    assert "Pour &lt;b&gt;Lefèvre&lt;/b&gt;" in page and "<b>Lefèvre</b>" not in page
    # The HTML part goes into a sandboxed iframe, as an escaped srcdoc attribute.
    assert 'sandbox=""' in page
    srcdoc = page.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "<" not in srcdoc and "Hélène" in html.unescape(srcdoc)
    # A search picks its first match.
    found = signed_in.post(
        "/outreach/templates/check/",
        {**GOOD, "preview_q": "Hélène"},
        HTTP_HX_TRIGGER_NAME="preview_q",
        **HTMX,
    ).content.decode()
    assert "Bonjour Hélène" in found


def test_a_template_problem_is_shown_not_a_500(signed_in: Client) -> None:
    page = signed_in.post(
        "/outreach/templates/check/",
        {"subject": "Hi {{ frist_name }}", "body_text": "x {{ config }}"},
        **HTMX,
    )
    assert page.status_code == 200
    assert "frist_name" in page.content.decode()


def test_findings_escape_what_was_typed(signed_in: Client) -> None:
    page = signed_in.post(
        "/outreach/templates/check/",
        {
            "subject": "Re: <script>alert(1)</script>",
            "body_text": "<img src=x onerror=alert(1)>",
        },
        **HTMX,
    ).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_create_then_edit_a_template(signed_in: Client) -> None:
    page = signed_in.get("/outreach/templates/new/").content.decode()
    assert 'hx-trigger="keyup changed delay:400ms"' in page and "first_name" in page
    response = signed_in.post("/outreach/templates/new/", GOOD)
    template = Template.objects.get(name="Relance salon")
    assert (
        response.status_code == 302
        and response.url == f"/outreach/templates/{template.pk}/"
    )
    edit = signed_in.get(response.url).content.decode()
    assert "Suite au salon" in edit
    changed = signed_in.post(
        response.url, {**GOOD, "subject": "Le plan du stand, {{ first_name }}"}
    )
    assert changed.status_code == 302
    template.refresh_from_db()
    assert template.subject.startswith("Le plan du stand")
    listing = signed_in.get("/outreach/templates/").content.decode()
    assert "Relance salon" in listing


def test_a_broken_template_is_refused_on_its_field(signed_in: Client) -> None:
    response = signed_in.post(
        "/outreach/templates/new/", {**GOOD, "body_text": "Bonjour {{ first_name"}
    )
    assert response.status_code == 400
    assert not Template.objects.filter(name="Relance salon").exists()
    assert "has-error" in response.content.decode()


def test_readers_read_but_cannot_write(client: Client, reader, template) -> None:
    client.force_login(reader)
    assert client.get("/outreach/templates/").status_code == 200
    assert client.get("/outreach/").status_code == 200
    assert client.get("/outreach/templates/new/").status_code == 403
    # A reader opens a template read-only: no save button, no live check, no preview.
    page = client.get(f"/outreach/templates/{template.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Save template" not in text and "hx-post" not in text and "disabled" in text
    assert client.post(f"/outreach/templates/{template.pk}/", GOOD).status_code == 403
    assert (
        client.post("/outreach/templates/new/", {**GOOD, "name": "x"}).status_code
        == 403
    )
    assert client.post("/outreach/templates/check/", GOOD, **HTMX).status_code == 403
    assert client.get("/outreach/campaigns/new/").status_code == 403
    assert not Template.objects.filter(name="x").exists()


def test_pages_need_a_signed_in_user(client: Client, template) -> None:
    for url in (
        "/outreach/",
        "/outreach/templates/",
        f"/outreach/templates/{template.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url


def test_posts_need_the_csrf_token(member) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post("/outreach/templates/new/", GOOD).status_code == 403
    assert client.post("/outreach/templates/check/", GOOD, **HTMX).status_code == 403
    assert not Template.objects.exists()


def test_nav_has_campaigns(signed_in: Client) -> None:
    page = signed_in.get("/outreach/templates/").content.decode()
    assert 'href="/outreach/"' in page


def test_campaign_create_start_pause(
    signed_in: Client, member, template, audience
) -> None:
    segment, _people = audience
    form = signed_in.get("/outreach/campaigns/new/").content.decode()
    assert "Newsletter readers" in form
    response = signed_in.post(
        "/outreach/campaigns/new/",
        {
            "name": "Salon 2026",
            "segment": segment.pk,
            "step_1_template": template.pk,
            "step_2_template": template.pk,
            "step_2_delay": "4",
            "sender_mode": "owner",
            "sender": member.pk,
            "purpose": "marketing",
        },
    )
    campaign = Campaign.objects.get(name="Salon 2026")
    assert response.status_code == 302
    assert [(s.position, s.delay_days) for s in campaign.steps.all()] == [
        (1, 0),
        (2, 4),
    ]
    detail = signed_in.get(response.url).content.decode()
    assert "Start sending" in detail and "4 days after the previous step" in detail
    signed_in.post(f"/outreach/campaigns/{campaign.pk}/start/")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENDING
    detail = signed_in.get(f"/outreach/campaigns/{campaign.pk}/").content.decode()
    assert "Pause" in detail and campaign.deliveries.count() > 0
    signed_in.post(f"/outreach/campaigns/{campaign.pk}/pause/")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PAUSED


def test_campaign_form_errors(signed_in: Client) -> None:
    response = signed_in.post("/outreach/campaigns/new/", {"name": "", "purpose": "x"})
    assert response.status_code == 400
    assert not Campaign.objects.exists()


def test_a_blocked_campaign_shows_the_findings(
    signed_in: Client, member, audience, client: Client, admin
) -> None:
    from relais.outreach.services.campaigns import create_campaign

    segment, _ = audience
    spammy = create_template(
        actor=member,
        name="Spam",
        language="fr",
        subject="RE: OFFRE GRATUITE!!!",
        body_text="Cliquez ici",
    )
    campaign = create_campaign(
        actor=member, name="Bad", segment=segment, steps=[(spammy, 0)]
    )
    response = signed_in.post(f"/outreach/campaigns/{campaign.pk}/start/")
    # Post/redirect/get: a reload of the page that lists the findings sends nothing again.
    assert response.status_code == 302
    assert response["Location"] == f"/outreach/campaigns/{campaign.pk}/?check=1"
    page = signed_in.get(response["Location"]).content.decode()
    assert 'data-code="fake_reply"' in page and "Start anyway" not in page
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    # An admin sees the override, and it works.
    client.force_login(admin)
    assert (
        "Start anyway"
        in client.post(
            f"/outreach/campaigns/{campaign.pk}/start/", follow=True
        ).content.decode()
    )
    client.post(f"/outreach/campaigns/{campaign.pk}/start/", {"force": "1"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENDING


def test_readers_cannot_start_or_pause(
    client: Client, reader, member, template, audience
) -> None:
    from relais.outreach.services.campaigns import create_campaign

    campaign = create_campaign(
        actor=member, name="C", segment=audience[0], steps=[(template, 0)]
    )
    client.force_login(reader)
    assert client.get(f"/outreach/campaigns/{campaign.pk}/").status_code == 200
    assert client.post(f"/outreach/campaigns/{campaign.pk}/start/").status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_one_to_one_mail_live_check_and_send(
    signed_in: Client, member, make_contact, mailbox
) -> None:
    helene = make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@acme.fr"]
    )
    contact_page = signed_in.get(f"/contacts/{helene.pk}/").content.decode()
    assert f'href="/contacts/{helene.pk}/email/"' in contact_page
    form = signed_in.get(f"/contacts/{helene.pk}/email/").content.decode()
    assert "helene@acme.fr" in form and 'hx-trigger="keyup changed delay:400ms"' in form
    check = signed_in.post(
        f"/contacts/{helene.pk}/email/check/",
        {"subject": "Re: votre demande", "body_text": "Bonjour"},
        **HTMX,
    ).content.decode()
    assert 'data-code="fake_reply"' in check
    blocked = signed_in.post(
        f"/contacts/{helene.pk}/email/",
        {
            "to_email": "helene@acme.fr",
            "subject": "Re: votre demande",
            "body_text": "Bonjour",
        },
    )
    assert (
        blocked.status_code == 400
        and 'data-code="fake_reply"' in blocked.content.decode()
    )
    assert not mailbox.messages
    sent = signed_in.post(
        f"/contacts/{helene.pk}/email/",
        {
            "to_email": "helene@acme.fr",
            "subject": "Le plan du stand",
            "body_text": "Bonjour Hélène,\nvoici le plan promis.",
        },
    )
    assert sent.status_code == 302 and sent.url == f"/contacts/{helene.pk}/"
    assert len(mailbox.messages) == 1


def test_readers_cannot_send_mail(client: Client, reader, make_contact) -> None:
    helene = make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@acme.fr"]
    )
    client.force_login(reader)
    assert (
        f'href="/contacts/{helene.pk}/email/"'
        not in client.get(f"/contacts/{helene.pk}/").content.decode()
    )
    assert client.get(f"/contacts/{helene.pk}/email/").status_code == 403
    response = client.post(
        f"/contacts/{helene.pk}/email/",
        {"to_email": "helene@acme.fr", "subject": "Devis", "body_text": "Bonjour"},
    )
    assert response.status_code == 403


def test_a_mail_can_start_from_a_template(
    signed_in: Client, template, make_contact
) -> None:
    helene = make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@acme.fr"]
    )
    page = signed_in.get(f"/contacts/{helene.pk}/email/", {"template": template.pk})
    text = page.content.decode()
    assert "Suite au salon, {{ first_name }}" in text
    assert 'id="check-findings"' in text
    # A wrong template id is ignored, not a 500.
    for bad in ("x", "99999999", "9" * 30):
        assert (
            signed_in.get(
                f"/contacts/{helene.pk}/email/", {"template": bad}
            ).status_code
            == 200
        )


def test_a_contact_without_email_gets_an_explanation(
    signed_in: Client, make_contact
) -> None:
    nomail = make_contact(first_name="Nina", last_name="Nomail")
    page = signed_in.get(f"/contacts/{nomail.pk}/email/").content.decode()
    assert "no usable email address" in page
    assert signed_in.get("/contacts/999999/email/").status_code == 404


def test_with_blocking_off_high_findings_are_shown_but_do_not_block(
    signed_in: Client, settings
) -> None:
    settings.RELAIS_CHECK_BLOCK = False
    page = signed_in.post(
        "/outreach/templates/check/", {"subject": "RE: devis", "body_text": "x"}, **HTMX
    ).content.decode()
    assert 'data-blocked="false"' in page and 'data-severity="high"' in page
    assert "Serious" in page and "Blocks sending" not in page


def test_only_an_admin_can_force_a_blocked_mail(
    client: Client, member, admin, make_contact, mailbox
) -> None:
    helene = make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@acme.fr"]
    )
    blocked = {
        "to_email": "helene@acme.fr",
        "subject": "Re: votre demande",
        "body_text": "Bonjour",
        "force": "on",
    }
    client.force_login(member)
    response = client.post(f"/contacts/{helene.pk}/email/", blocked)
    assert response.status_code == 400 and not mailbox.messages
    assert "Send even though" not in response.content.decode()
    client.force_login(admin)
    page = client.post(f"/contacts/{helene.pk}/email/", {**blocked, "force": ""})
    assert page.status_code == 400 and "Send even though" in page.content.decode()
    assert client.post(f"/contacts/{helene.pk}/email/", blocked).status_code == 302
    assert len(mailbox.messages) == 1
