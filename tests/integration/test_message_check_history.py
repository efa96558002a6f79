"""The message check rules that read the timeline: a "Re:" needs an earlier thread with that
contact, and the follow-up cap counts unanswered emails since the contact last wrote."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from relais.outreach.services.check import blocks, check_message
from relais.timeline.services import log_interaction

pytestmark = pytest.mark.django_db

TEXT = "Bonjour,\n\nje reviens vers vous au sujet du devis.\n"


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def one_to_one(subject: str, contact) -> list:
    return check_message(subject=subject, body_text=TEXT, bulk=False, contact=contact)


def email(member, contact, direction: str, subject: str, days_ago: float) -> None:
    log_interaction(
        actor=member,
        channel="email",
        direction=direction,
        contacts=[contact],
        subject=subject,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
    )


@pytest.fixture
def helene(make_contact):
    return make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@example.fr"]
    )


def test_a_reply_with_no_earlier_exchange_is_high(helene, make_contact) -> None:
    findings = one_to_one("Re: votre demande", helene)
    fake = [f for f in findings if f.code == "fake_reply"]
    assert fake and fake[0].severity == "high" and blocks(findings)


def test_a_reply_inside_an_existing_thread_passes(member, helene) -> None:
    email(member, helene, "in", "Votre demande de devis", days_ago=3)
    assert not codes(one_to_one("RE : Votre demande de devis", helene)) & {
        "fake_reply",
        "reply_unknown_subject",
    }
    # Accents and case do not matter; prefixes on the earlier subject neither.
    email(member, helene, "out", "Re: Réunion du 12", days_ago=2)
    assert "reply_unknown_subject" not in codes(
        one_to_one("Ré : reunion DU 12", helene)
    )


def test_a_reply_to_a_subject_never_exchanged_is_medium(member, helene) -> None:
    email(member, helene, "in", "Salon de Lyon", days_ago=3)
    findings = one_to_one("Re: votre commande", helene)
    assert "fake_reply" not in codes(findings)
    unknown = [f for f in findings if f.code == "reply_unknown_subject"]
    assert unknown and unknown[0].severity == "medium"


def test_another_contacts_thread_does_not_count(member, helene, make_contact) -> None:
    other = make_contact(first_name="Yann", last_name="Canevet")
    email(member, other, "in", "Votre demande", days_ago=3)
    assert "fake_reply" in codes(one_to_one("Re: Votre demande", helene))


def test_bulk_is_never_a_reply_even_with_a_thread(member, helene) -> None:
    email(member, helene, "in", "Votre demande", days_ago=3)
    findings = check_message(
        subject="Re: Votre demande",
        body_text="Bonjour {{ first_name }} {{ unsubscribe_url }}",
        bulk=True,
        contact=helene,
    )
    assert "fake_reply" in codes(findings)


def test_follow_up_cap_counts_unanswered_emails(settings, member, helene) -> None:
    settings.RELAIS_FOLLOW_UP_CAP = (2, 30)
    email(member, helene, "out", "Devis", days_ago=10)
    assert "follow_up_cap" not in codes(one_to_one("Devis", helene))
    email(member, helene, "out", "Devis (relance)", days_ago=5)
    findings = one_to_one("Devis", helene)
    cap = [f for f in findings if f.code == "follow_up_cap"]
    assert cap and cap[0].severity == "high" and blocks(findings)
    # In a campaign (a sequence step) it warns without blocking.
    bulk = check_message(
        subject="Devis {{ first_name }}",
        body_text=TEXT + "{{ unsubscribe_url }}",
        bulk=True,
        contact=helene,
    )
    assert [f.severity for f in bulk if f.code == "follow_up_cap"] == ["medium"]


def test_an_answer_resets_the_count(settings, member, helene) -> None:
    settings.RELAIS_FOLLOW_UP_CAP = (2, 30)
    email(member, helene, "out", "Devis", days_ago=10)
    email(member, helene, "out", "Devis (relance)", days_ago=8)
    email(member, helene, "in", "Re: Devis", days_ago=6)
    assert "follow_up_cap" not in codes(one_to_one("Devis", helene))
    email(member, helene, "out", "Re: Devis", days_ago=4)
    email(member, helene, "out", "Devis : relance", days_ago=1)
    assert "follow_up_cap" in codes(one_to_one("Devis", helene))


def test_only_the_window_counts_and_the_cap_can_be_off(
    settings, member, helene
) -> None:
    settings.RELAIS_FOLLOW_UP_CAP = (2, 30)
    email(member, helene, "out", "Devis", days_ago=60)
    email(member, helene, "out", "Devis", days_ago=45)
    email(member, helene, "out", "Devis", days_ago=2)
    assert "follow_up_cap" not in codes(one_to_one("Devis", helene))
    email(member, helene, "out", "Devis", days_ago=1)
    assert "follow_up_cap" in codes(one_to_one("Devis", helene))
    settings.RELAIS_FOLLOW_UP_CAP = None
    assert "follow_up_cap" not in codes(one_to_one("Devis", helene))


def test_a_call_is_not_an_email_to_count(settings, member, helene) -> None:
    settings.RELAIS_FOLLOW_UP_CAP = (1, 30)
    log_interaction(
        actor=member,
        channel="call",
        direction="out",
        contacts=[helene],
        subject="Appel",
    )
    assert "follow_up_cap" not in codes(one_to_one("Devis", helene))
