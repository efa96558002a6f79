"""The daily digest, received by a real SMTP server (aiosmtpd in-process)."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.utils import timezone

from relais.accounts.models import User
from relais.cli.commands import cli
from relais.reminders import digest
from relais.reminders.models import DigestSent
from relais.reminders.tasks import at_digest_hour, send_daily_digests
from relais.timeline import services as timeline
from relais.timeline.models import Task
from tests.smtp_server import smtp_server

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def smtp(settings):
    with smtp_server() as mailbox:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.RELAIS_SMTP_HOST = mailbox.host
        settings.EMAIL_HOST = mailbox.host
        settings.EMAIL_PORT = mailbox.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.DEFAULT_FROM_EMAIL = "Relais <relais@verdier.test>"
        settings.RELAIS_BASE_URL = "https://crm.verdier.test"
        settings.RELAIS_DIGEST_TOMORROW = True
        yield mailbox


@pytest.fixture
def work(make_contact, member, admin):
    """Marc has one task late, one today, one tomorrow, one next week; Alice has nothing due."""
    helene = make_contact(first_name="Hélène", last_name="Lefèvre")
    francois = make_contact(first_name="François", last_name="d'Arcy <Ventes>")

    def task(title, days, contact=None, assignee=member):
        return timeline.create_task(
            actor=member,
            title=title,
            contact=contact,
            assignee=assignee,
            due_date=TODAY + dt.timedelta(days=days),
        )

    tasks = {
        "late": task("Rappeler Hélène — devis", -2, helene),
        "today": task("Envoyer l'échantillon <urgent>", 0, francois),
        "tomorrow": task("Préparer le salon", 1),
        "later": task("Bilan trimestriel", 7),
        "alice later": task("Alice's later task", 5, assignee=admin),
    }
    done = task("Déjà fait", -1, helene)
    timeline.complete_task(actor=member, task=done)
    return {"helene": helene, "francois": francois, **tasks}


def test_digest_received_with_both_parts_and_the_right_tasks(smtp, work, member):
    results = digest.send_digests(day=TODAY)
    assert {r.user.email: r.status for r in results} == {
        "admin@relais.test": digest.NOTHING_DUE,
        "marc@relais.test": digest.SENT,
    }
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail.recipients == ["marc@relais.test"]
    assert mail.sender == "relais@verdier.test"
    assert mail.message["To"] == "marc@relais.test"
    assert mail.message["Subject"] == "Relais: your tasks — 1 overdue, 1 due today"
    text, html = mail.part("text/plain"), mail.part("text/html")
    for body in (text, html):
        assert "Rappeler Hélène — devis" in body
        assert "Préparer le salon" in body  # tomorrow's, listed too
        assert "Bilan trimestriel" not in body and "Déjà fait" not in body
        assert "Alice" not in body
        assert f"https://crm.verdier.test/contacts/{work['helene'].pk}/" in body
        assert "https://crm.verdier.test/tasks/" in body
    assert "Envoyer l'échantillon <urgent>" in text  # plain text is not HTML-escaped
    assert "Envoyer l&#x27;échantillon &lt;urgent&gt;" in html  # HTML is
    assert "d&#x27;Arcy &lt;Ventes&gt;" in html and "<Ventes>" not in html
    assert text.index("Overdue") < text.index("Rappeler") < text.index("Due today")
    assert "Hello Marc," in text


def test_sent_once_per_user_per_day_even_if_the_job_runs_twice(smtp, work, member):
    digest.send_digests(day=TODAY)
    again = digest.send_digests(day=TODAY)
    assert [r.status for r in again if r.user == member] == [digest.ALREADY_SENT]
    assert len(smtp.messages) == 1
    sent = DigestSent.objects.get(user=member)
    assert (sent.day, sent.tasks) == (TODAY, 3)
    # The next day is another digest.
    digest.send_digests(day=TODAY + dt.timedelta(days=1))
    assert len(smtp.messages) == 2


def test_no_email_when_nothing_is_due(smtp, work, member):
    for key in ("late", "today"):
        timeline.complete_task(actor=member, task=work[key])
    results = digest.send_digests(day=TODAY)
    assert {r.status for r in results} == {digest.NOTHING_DUE}
    assert smtp.messages == [] and not DigestSent.objects.exists()


def test_in_french_for_a_french_user(smtp, work, member):
    member.language = "fr"
    member.save()
    digest.send_digests(day=TODAY)
    mail = smtp.messages[0]
    # (The encoded subject is folded onto its own line; readers drop the leading space.)
    assert (
        mail.message["Subject"].strip()
        == "Relais\u00a0: vos tâches — 1 en retard, 1 pour aujourd’hui"
    )
    text = mail.part("text/plain")
    assert "Bonjour Marc," in text and "En retard" in text and "Pour demain" in text
    assert "28 nov. 2026" in text  # the late task's due date, in the French date format


def test_a_failed_send_is_not_recorded_and_is_retried(settings, work, member):
    with smtp_server() as mailbox:
        port = mailbox.port
    # Nothing listens on that port any more: the send fails, and nothing is recorded.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.RELAIS_SMTP_HOST = "127.0.0.1"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    results = digest.send_digests(day=TODAY)
    assert [r.status.startswith("failed") for r in results if r.user == member] == [
        True
    ]
    assert not DigestSent.objects.exists()


def test_one_user_only_and_dry_run(smtp, work, member):
    results = digest.send_digests(day=TODAY, email="MARC@relais.test", dry_run=True)
    assert [(r.user, r.status, r.tasks) for r in results] == [
        (member, digest.DRY_RUN, 3)
    ]
    assert smtp.messages == [] and not DigestSent.objects.exists()


def test_without_a_mail_server_nothing_is_sent(settings, work):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.RELAIS_SMTP_HOST = ""
    settings.EMAIL_HOST = "localhost"
    assert send_daily_digests.call_local() == 0
    with pytest.raises(digest.InvalidInput) as caught:
        digest.send_digests(day=TODAY)
    assert "RELAIS_SMTP_HOST" in caught.value.errors["smtp"]


def _keep_alice_ahead(work, today: dt.date) -> None:
    """The fixture's dates are fixed: once the real date passes them, Alice's task falls
    overdue and she gets a digest too. Tests that run on the real date keep it ahead."""
    Task.objects.filter(pk=work["alice later"].pk).update(
        due_date=today + dt.timedelta(days=5)
    )


def test_the_periodic_job_sends_today_s_digests(smtp, work, member):
    # The job uses today's date; move Marc's tasks to today and keep Alice's in the future.
    today = timezone.localdate()
    timeline.update_task(actor=member, task=work["today"], changes={"due_date": today})
    _keep_alice_ahead(work, today)
    assert send_daily_digests.call_local() == 1
    assert send_daily_digests.call_local() == 0
    assert [m.recipients for m in smtp.messages] == [["marc@relais.test"]]


def test_the_job_runs_at_the_local_digest_hour(settings):
    settings.TIME_ZONE = "Europe/Paris"
    settings.RELAIS_DIGEST_HOUR = 7
    # Huey's clock is naive UTC: 06:00 UTC is 07:00 in Paris in winter.
    assert at_digest_hour(dt.datetime(2026, 1, 15, 6, 0))
    assert not at_digest_hour(dt.datetime(2026, 1, 15, 7, 0))
    assert not at_digest_hour(dt.datetime(2026, 1, 15, 6, 1))
    assert at_digest_hour(dt.datetime(2026, 7, 15, 5, 0))  # summer time


def test_cli(smtp, work, member):
    runner = CliRunner()
    dry = runner.invoke(
        cli, ["digest", "send", "--user", "marc@relais.test", "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert "marc@relais.test" in dry.output and "dry run" in dry.output
    assert smtp.messages == []
    # Today's tasks for the real run.
    timeline.update_task(
        actor=member, task=work["today"], changes={"due_date": timezone.localdate()}
    )
    _keep_alice_ahead(work, timezone.localdate())
    sent = runner.invoke(cli, ["digest", "send"])
    assert sent.exit_code == 0, sent.output
    assert "1 digest sent." in sent.output
    assert len(smtp.messages) == 1
    unknown = runner.invoke(cli, ["digest", "send", "--user", "ghost@relais.test"])
    assert unknown.exit_code == 1 and "ghost@relais.test" in unknown.output


def test_deactivated_users_get_nothing(smtp, work, member):
    User.objects.filter(pk=member.pk).update(is_active=False)
    digest.send_digests(day=TODAY)
    assert smtp.messages == []


def test_choosing_french_in_my_account(client, smtp, work, member):
    client.force_login(member)
    response = client.post("/account/", {"language": "fr"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"
    member.refresh_from_db()
    assert member.language == "fr"
    digest.send_digests(day=TODAY)
    assert "Bonjour Marc," in smtp.messages[0].part("text/plain")
    bad = client.post("/account/", {"language": "de"})
    assert bad.status_code == 400


def test_turning_the_digest_off_and_on_again(client, smtp, work, member):
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert 'name="wanted"' in page and "checked" in page.split('name="wanted"')[1][:40]
    assert client.post("/account/digest/", {}).status_code == 302  # unticked: off
    results = digest.send_digests(day=TODAY)
    assert member not in [r.user for r in results]
    assert digest.send_digest(user=member, day=TODAY).status == digest.OPTED_OUT
    assert smtp.messages == []
    client.post("/account/digest/", {"wanted": "on"})
    digest.send_digests(day=TODAY)
    assert [m.recipients for m in smtp.messages] == [["marc@relais.test"]]
    from relais.audit.models import AuditEntry

    assert [
        e.action for e in AuditEntry.objects.filter(action__startswith="digest.")
    ] == [
        "digest.on",
        "digest.off",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_email(smtp, monkeypatch):
    """Two workers run the job at once: both compose the email, then race for the claim."""
    import threading

    from django.db import connection

    from relais.accounts.models import Role

    marc = User.objects.create_user(
        "marc.race@relais.test", "x-pass-1234", role=Role.MEMBER
    )
    timeline.create_task(
        actor=None, title="Relancer Zoé", assignee=marc, due_date=TODAY
    )
    both_composed = threading.Barrier(2, timeout=20)
    real_compose = digest.compose

    def compose_then_wait(d):
        message = real_compose(d)
        both_composed.wait()  # neither claims before the other has composed
        return message

    monkeypatch.setattr(digest, "compose", compose_then_wait)
    results: list[str] = []

    def run() -> None:
        try:
            results.append(digest.send_digest(user=marc, day=TODAY).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == [digest.ALREADY_SENT, digest.SENT]
    assert len(smtp.messages) == 1
    assert DigestSent.objects.filter(user=marc, day=TODAY).count() == 1
