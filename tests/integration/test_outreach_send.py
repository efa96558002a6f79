"""Sending campaigns through a real SMTP server (aiosmtpd): headers, personalisation, link
rewriting, skip reasons, retries, rate limits, sequences and the timeline."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from aiosmtpd.smtp import SMTP as _SMTP  # noqa: F401  (the server under test)
from django.utils import timezone

from relais.outreach import tokens
from relais.outreach.models import Campaign, Delivery, DeliveryEvent
from relais.outreach.services import sending
from relais.outreach.services.campaigns import (
    campaign_progress,
    create_campaign,
    pause_campaign,
    start_campaign,
)
from relais.outreach.services.sequences import advance_sequences, stop_sequence_for
from relais.outreach.services.templates import create_template
from relais.timeline.models import Interaction

pytestmark = pytest.mark.django_db(transaction=True)

BODY = (
    "Bonjour {{ first_name | default('Madame, Monsieur') }},\n\n"
    "Notre guide : https://example.org/guide?a=1&b=2\n"
    "Écrivez-nous : mailto:hello@example.org\n\n"
    "{{ sender_name }}\n{{ signature }}\n"
)
HTML = (
    "<p>Bonjour {{ first_name | default('Madame, Monsieur') }} de {{ organisation }},</p>"
    '<p><a href="https://example.org/guide?a=1&amp;b=2">Le guide</a> — '
    '<a href="mailto:hello@example.org">écrire</a> — '
    '<a href="https://example.org/other">autre</a></p>'
)


def _template(name="Invitation", body_html=HTML):
    return create_template(
        actor=None,
        name=name,
        language="fr",
        subject="Invitation pour {{ organisation | default('vous') }}",
        body_text=BODY,
        body_html=body_html,
    )


def _campaign(segment, member, steps=None, **kw):
    return create_campaign(
        actor=member,
        name="Rentrée",
        segment=segment,
        steps=steps or [(_template(), 0)],
        **kw,
    )


def _by_to(mailbox):
    return {m.recipients[0]: m for m in mailbox.messages}


def test_a_campaign_sends_personalised_bulk_mail_with_unsubscribe_headers(
    mailbox, audience, member
):
    segment, people = audience
    member.signature = "Marc Membre — Acme Conseil"
    member.save()
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    report = sending.run(campaign=campaign)

    assert report.sent == 3
    got = _by_to(mailbox)
    assert set(got) == {"helene@acme.fr", "bob@example.com", "zoe@example.com"}
    helene = got["helene@acme.fr"]
    message = helene.message
    delivery = Delivery.objects.get(contact=people["helene"])
    assert message["Message-ID"] == f"<{delivery.message_id}>"
    assert delivery.message_id.endswith("@relais.test")
    assert message["Subject"] == "Invitation pour Acme"
    assert message["From"] == "Marc Membre <marc@relais.test>"  # the relay's domain
    assert message["Reply-To"].endswith("<marc@relais.test>")
    assert message["Content-Language"] == "fr"
    unsubscribe = message["List-Unsubscribe"]
    assert re.fullmatch(r"<https://crm\.example\.org/u/[\w-]+>", unsubscribe)
    token = unsubscribe[len("<https://crm.example.org/u/") : -1]
    assert tokens.verify(token) == tokens.TrackingToken(delivery.pk, "unsubscribe")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    text = helene.part("text/plain")
    html = helene.part("text/html")
    assert text.startswith("Bonjour Hélène,")
    assert "Marc Membre — Acme Conseil" in text
    assert "Bonjour Hélène de Acme" in html
    # Links: rewritten to signed click URLs naming the original; mailto left alone.
    assert delivery.links == [
        "https://example.org/guide?a=1&b=2",
        "https://example.org/other",
    ]
    assert "https://example.org/guide" not in text + html
    assert (
        "mailto:hello@example.org" in text and 'href="mailto:hello@example.org"' in html
    )
    clicks = re.findall(r"https://crm\.example\.org/t/c/([\w-]+)", text + html)
    assert {tokens.verify(t).link_index for t in clicks} == {0, 1}
    assert all(tokens.verify(t).delivery_id == delivery.pk for t in clicks)
    # A visible unsubscribe link in both parts, and the open pixel at the end of the HTML.
    assert unsubscribe[1:-1] in text and unsubscribe[1:-1] in html
    pixel = re.search(r'<img src="https://crm\.example\.org/t/o/([\w-]+)\.gif"', html)
    assert pixel and tokens.verify(pixel.group(1)).kind == "open"

    # The fallback, where the contact has no first name.
    assert (
        _by_to(mailbox)["zoe@example.com"]
        .part("text/plain")
        .startswith("Bonjour Madame, Monsieur,")
    )


def test_contacts_who_may_not_receive_it_are_skipped_with_the_reason(
    mailbox, audience, member
):
    segment, people = audience
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    sending.run(campaign=campaign)
    reasons = dict(
        Delivery.objects.filter(status="skipped").values_list(
            "contact__last_name", "skip_reason"
        )
    )
    assert reasons == {
        "Out": "opted_out",
        "Nomail": "no_email",
        "Suppressed": "suppressed",
    }
    sent_to = {m.recipients[0] for m in mailbox.messages}
    assert "otto@example.com" not in sent_to and "sam@example.com" not in sent_to
    progress = campaign_progress(campaign)
    assert progress["sent"] == 3 and progress["skipped"] == 3 and progress["total"] == 6
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE


def test_every_sent_message_is_on_the_contacts_timeline(mailbox, audience, member):
    segment, people = audience
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    sending.run(campaign=campaign)
    delivery = Delivery.objects.get(contact=people["bob"])
    interaction = Interaction.objects.get(external_id=delivery.message_id)
    assert delivery.interaction_id == interaction.pk
    assert interaction.channel == "email" and interaction.direction == "out"
    assert interaction.author == member
    assert interaction.subject == "Invitation pour vous"
    assert interaction.body.startswith("Bonjour Bob,")
    assert list(interaction.contacts.all()) == [people["bob"]]


def test_a_paused_campaign_sends_nothing_until_resumed(mailbox, audience, member):
    segment, _ = audience
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    pause_campaign(actor=member, campaign=campaign)
    assert sending.run().sent == 0
    start_campaign(actor=member, campaign=campaign)
    assert sending.run().sent == 3


def _reply_with(mailbox, replies):
    """Make the server answer the next DATA commands with ``replies`` (then accept)."""
    original = mailbox.handle_DATA
    queue = list(replies)

    async def handle_DATA(server, session, envelope):
        if queue:
            return queue.pop(0)
        return await original(server, session, envelope)

    mailbox.handle_DATA = handle_DATA


def test_a_temporary_failure_is_retried_with_backoff_then_sent(
    mailbox, audience, member
):
    segment, people = audience
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    _reply_with(mailbox, ["451 4.3.0 Try again later"])
    report = sending.run(campaign=campaign)
    assert report.sent == 2 and report.deferred == 1
    deferred = Delivery.objects.get(status="deferred")
    assert deferred.attempts == 1 and deferred.last_error.startswith("451")
    assert deferred.not_before > timezone.now() + dt.timedelta(seconds=50)
    assert report.next_due == deferred.not_before
    assert sending.run(campaign=campaign).sent == 0  # not due yet
    Delivery.objects.filter(pk=deferred.pk).update(not_before=timezone.now())
    assert sending.run(campaign=campaign).sent == 1
    deferred.refresh_from_db()
    assert deferred.status == "sent" and deferred.attempts == 2
    assert len(mailbox.messages) == 3


def test_a_permanent_failure_fails_that_recipient_only(mailbox, audience, member):
    segment, _ = audience
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    _reply_with(mailbox, ["550 5.1.1 No such user"])
    report = sending.run(campaign=campaign)
    assert (report.sent, report.failed, report.deferred) == (2, 1, 0)
    failed = Delivery.objects.get(status="failed")
    assert failed.last_error.startswith("550")
    assert sending.run(campaign=campaign).sent == 0


def test_the_rate_per_second_spaces_messages(mailbox, audience, member):
    segment, _ = audience
    campaign = start_campaign(
        actor=member, campaign=_campaign(segment, member, rate_per_second=2)
    )
    now = [1000.0]
    slept: list[float] = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    report = sending.run(campaign=campaign, clock=lambda: now[0], sleep=sleep)
    assert report.sent == 3
    # Three messages at 2 a second: two waits of half a second each, on the fake clock.
    assert slept == [0.5, 0.5]


def test_the_hourly_limit_holds_the_rest_for_later(mailbox, audience, member):
    segment, _ = audience
    campaign = start_campaign(
        actor=member, campaign=_campaign(segment, member, rate_per_hour=2)
    )
    report = sending.run(campaign=campaign)
    assert report.sent == 2
    assert Delivery.objects.filter(status="queued").count() == 1
    assert report.next_due is not None
    assert report.next_due > timezone.now() + dt.timedelta(minutes=55)
    assert sending.run(campaign=campaign).sent == 0  # still within the hour
    assert len(mailbox.messages) == 2


def _sequence(segment, member):
    first = _template("Step one")
    second = create_template(
        actor=None,
        name="Step two",
        language="fr",
        subject="Relance",
        body_text="Bonjour {{ first_name }}, une relance.",
    )
    return start_campaign(
        actor=member,
        campaign=_campaign(segment, member, steps=[(first, 0), (second, 3)]),
    )


def test_a_sequence_sends_the_follow_up_after_the_delay(mailbox, audience, member):
    segment, people = audience
    campaign = _sequence(segment, member)
    sending.run(campaign=campaign)
    assert advance_sequences(timezone.now()) == 0  # not three days yet
    later = timezone.now() + dt.timedelta(days=3, minutes=1)
    assert advance_sequences(later) == 3
    assert sending.run(campaign=campaign).sent == 3
    assert [m.message["Subject"] for m in mailbox.messages[3:]] == ["Relance"] * 3
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE


def test_a_sequence_stops_for_a_contact_who_replied_or_unsubscribed(
    mailbox, audience, member
):
    segment, people = audience
    campaign = _sequence(segment, member)
    sending.run(campaign=campaign)
    stop_sequence_for(people["bob"], "reply")
    # An unsubscribe recorded as an event (what the unsubscribe endpoint writes) stops too.
    zoe = Delivery.objects.get(contact=people["zoe"])
    DeliveryEvent.objects.create(delivery=zoe, kind="unsubscribe", at=timezone.now())
    later = timezone.now() + dt.timedelta(days=4)
    assert advance_sequences(later) == 1
    sending.run(campaign=campaign)
    follow_ups = [m.recipients[0] for m in mailbox.messages[3:]]
    assert follow_ups == ["helene@acme.fr"]
    assert (
        Delivery.objects.get(contact=people["bob"], step__position=2).skip_reason
        == "reply"
    )
    assert (
        Delivery.objects.get(contact=people["zoe"], step__position=2).skip_reason
        == "stopped"
    )


def test_stop_sequence_cancels_a_queued_follow_up(mailbox, audience, member):
    segment, people = audience
    campaign = _sequence(segment, member)
    sending.run(campaign=campaign)
    advance_sequences(timezone.now() + dt.timedelta(days=4))
    assert stop_sequence_for(people["helene"], "bounce") == 1
    sending.run(campaign=campaign)
    assert "helene@acme.fr" not in [m.recipients[0] for m in mailbox.messages[3:]]


def test_owner_mode_shows_each_contacts_owner_as_sender(
    mailbox, audience, member, admin
):
    segment, people = audience
    campaign = start_campaign(
        actor=admin,
        campaign=_campaign(segment, admin, sender_mode="owner"),
    )
    sending.run(campaign=campaign)
    got = _by_to(mailbox)
    assert "Marc Membre" in got["helene@acme.fr"].message["From"]  # her owner
    assert (
        "Alice Admin" in got["bob@example.com"].message["From"]
    )  # no owner: the campaign's
    assert (
        got["bob@example.com"].sender == "news@relais.test"
    )  # bounces to the relay address


def test_a_dead_runs_rows_are_settled_from_its_journal(mailbox, audience, member):
    """A run died holding three rows; its journal says the server accepted two of them."""
    import fcntl
    import os

    from relais.outreach.services.journal import journal_dir

    segment, people = audience
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    held = list(Delivery.objects.filter(status="queued").order_by("id"))
    Delivery.objects.filter(pk__in=[d.pk for d in held]).update(
        status="sending", claim="deadbeef"
    )
    path = journal_dir() / "journal-deadbeef.log"
    path.write_bytes(f"{held[0].pk}\n{held[1].pk}\n".encode())
    # A live run's journal (locked) is left alone.
    live = os.open(journal_dir() / "journal-alive.log", os.O_CREAT | os.O_WRONLY, 0o600)
    fcntl.flock(live, fcntl.LOCK_EX)
    try:
        report = sending.run(campaign=campaign)
        assert (journal_dir() / "journal-alive.log").exists()
    finally:
        os.close(live)
        (journal_dir() / "journal-alive.log").unlink()
    assert (report.reconciled_sent, report.reconciled_requeued) == (2, 1)
    assert report.sent == 1  # only the one the server never accepted goes out
    assert [m.recipients[0] for m in mailbox.messages] == [held[2].to_email]
    assert Delivery.objects.filter(status="sent").count() == 3
    assert Interaction.objects.filter(channel="email").count() == 3
    assert not path.exists()


def test_an_unsubscribe_stops_messages_already_queued_by_another_campaign(
    mailbox, audience, member
):
    """Honoured at once: queued before the unsubscribe, the message is not sent after it."""
    from relais.outreach.services.unsubscribe import unsubscribe

    segment, people = audience
    first = start_campaign(actor=member, campaign=_campaign(segment, member))
    sending.run(campaign=first)
    second = create_campaign(
        actor=member, name="Salon", segment=segment, steps=[(_template("Salon"), 0)]
    )
    start_campaign(actor=member, campaign=second)  # Bob's second message is queued now
    unsubscribe(
        Delivery.objects.get(campaign=first, contact=people["bob"]), one_click=True
    )
    mailbox.messages.clear()
    sending.run(campaign=second)

    sent_to = {m.recipients[0] for m in mailbox.messages}
    assert "bob@example.com" not in sent_to and "helene@acme.fr" in sent_to
    bob = Delivery.objects.get(campaign=second, contact=people["bob"])
    assert (bob.status, bob.skip_reason) == ("skipped", "opted_out")


def test_an_unsubscribed_person_is_still_updated_by_an_import(
    audience, member, tmp_path
):
    """An unsubscribe is not an erasure: imports keep the person up to date."""
    from relais.ingest.services import run_import
    from relais.outreach.services.unsubscribe import is_unsubscribed, unsubscribe

    segment, people = audience
    campaign = start_campaign(actor=member, campaign=_campaign(segment, member))
    delivery = Delivery.objects.get(campaign=campaign, contact=people["bob"])
    unsubscribe(delivery, one_click=False)
    csv_file = tmp_path / "salon.csv"
    csv_file.write_text(
        "Prénom,Nom,E-mail,Fonction\nBob,Martin,bob@example.com,Acheteur\n"
    )
    run_import([csv_file], actor=member)

    bob = people["bob"]
    bob.refresh_from_db()
    assert bob.title == "Acheteur"
    assert is_unsubscribed(bob)


def test_every_step_of_a_sequence_is_checked_before_the_campaign_starts(
    audience, member
):
    """A spammy follow-up blocks the start as a spammy first message does; a follow-up that
    answers the first step ("Re: <its subject>") is an honest reply, not a fake one."""
    from relais.outreach.services.check import MessageBlocked

    segment, _people = audience
    first = _template("Premier contact")
    honest = create_template(
        actor=None,
        name="Relance honnête",
        language="fr",
        subject="Re: Invitation pour {{ organisation | default('vous') }}",
        body_text="Bonjour {{ first_name | default('Madame, Monsieur') }}, je me permets de relancer.",
    )
    shouting = create_template(
        actor=None,
        name="Relance agressive",
        language="fr",
        subject="TR: DERNIÈRE CHANCE",
        body_text="Bonjour {{ first_name | default('') }}, répondez vite.",
    )
    fine = _campaign(segment, member, steps=[(first, 0), (honest, 3)])
    assert start_campaign(actor=member, campaign=fine).status == Campaign.Status.SENDING

    blocked = create_campaign(
        actor=member,
        name="Relances",
        segment=segment,
        steps=[(_template("Autre"), 0), (shouting, 3)],
    )
    with pytest.raises(MessageBlocked) as caught:
        start_campaign(actor=member, campaign=blocked)
    codes = {f.code for f in caught.value.findings}
    assert "fake_reply" in codes
    assert any(f.message.startswith("Step 2: ") for f in caught.value.findings)
    from django.utils import translation

    with translation.override("fr"), pytest.raises(MessageBlocked) as in_french:
        start_campaign(actor=member, campaign=blocked)
    assert any(f.message.startswith("Étape 2 : ") for f in in_french.value.findings)
    blocked.refresh_from_db()
    assert blocked.status == Campaign.Status.DRAFT
    assert not Delivery.objects.filter(campaign=blocked).exists()


def test_each_message_is_journaled_before_its_final_dot_and_retracted_when_refused(
    mailbox, settings, tmp_path
):
    """What makes a kill unable to send twice: the id is in the journal before the server can
    have the whole message, and a refusal takes it back out."""
    from relais.outreach.services import journal as journals
    from relais.outreach.services.smtp import SmtpConnection

    settings.DATA_DIR = tmp_path
    run_journal = journals.Journal()
    seen_by_server: list[int] = []

    def journaled() -> set[int]:
        fd = os.open(run_journal.path, os.O_RDONLY)
        try:
            return journals._read_ids(fd)
        finally:
            os.close(fd)

    original = mailbox.handle_DATA

    async def handle_DATA(server, session, envelope):
        # The server has the final dot now: the journal must already name the message.
        seen_by_server.append(len(journaled()))
        return await original(server, session, envelope)

    mailbox.handle_DATA = handle_DATA
    smtp = SmtpConnection()
    body = (
        b"Subject: dots\r\n\r\nA line\r\n.a line that starts with a dot\r\n.\r\nend\r\n"
    )
    assert (
        smtp.send(
            "a@relais.test",
            "b@example.com",
            body,
            before_final_dot=lambda: run_journal.record(41),
        )
        is None
    )
    assert seen_by_server == [1]
    assert mailbox.messages[-1].message.get_content() == (
        "A line\r\n.a line that starts with a dot\r\n.\r\nend\r\n"
    )

    smtp.close()  # the server reads its handler per connection
    _reply_with(mailbox, ["550 5.1.1 No such user"])
    failure = smtp.send(
        "a@relais.test",
        "c@example.com",
        body,
        before_final_dot=lambda: run_journal.record(42),
    )
    assert failure is not None and not failure.temporary
    run_journal.retract(42)
    smtp.close()
    assert journaled() == {41}
    run_journal.close()
