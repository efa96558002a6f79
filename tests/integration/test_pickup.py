""" "Pick up where we left off": the selector behind the contact page's panel, and the panel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from relais.timeline import selectors
from relais.timeline import services as timeline

NOW = timezone.now()


@pytest.fixture
def helene(make_contact):
    return make_contact(
        first_name="Hélène", last_name="Lefèvre", emails=["helene@verdier.fr"]
    )


def log(contact, author, channel, direction, days_ago, subject="", body=""):
    return timeline.log_interaction(
        actor=author,
        channel=channel,
        direction=direction,
        contacts=[contact],
        occurred_at=NOW - dt.timedelta(days=days_ago),
        subject=subject,
        body=body,
    )


@pytest.fixture
def history(helene, member, admin):
    """Marc called, Alice emailed, then Hélène wrote back on LinkedIn (still unanswered)."""
    log(helene, member, "call", "out", 20, "Premier appel — présentation")
    log(helene, admin, "email", "out", 9, "Devis n°42 (remise 5 %)")
    log(helene, member, "meeting", "out", 5, "Rendez-vous à Lyon")
    log(helene, admin, "email", "in", 3, "Re: Devis n°42")
    log(
        helene,
        member,
        "linkedin",
        "in",
        1,
        "",
        body="Bonjour Marc, pouvez-vous me rappeler ?",
    )
    return helene


def test_latest_exchanges_across_channels_and_colleagues(history, member, admin):
    pickup = selectors.pickup_for(history, limit=4)
    assert [i.channel for i in pickup.recent] == [
        "linkedin",
        "email",
        "meeting",
        "email",
    ]
    assert pickup.total == 5
    assert pickup.last.body.startswith("Bonjour Marc")
    assert {(c.user, c.exchanges) for c in pickup.colleagues} == {
        (member, 3),
        (admin, 2),
    }
    assert pickup.colleagues[0].user == member  # Marc had the latest exchange


def test_they_spoke_last_and_await_a_reply(history):
    pickup = selectors.pickup_for(history)
    assert pickup.we_spoke_last is False
    assert pickup.awaiting_reply == pickup.last


def test_once_we_answer_nothing_is_awaiting(history, member):
    log(history, member, "call", "out", 0, "Rappel")
    pickup = selectors.pickup_for(history)
    assert pickup.we_spoke_last is True
    assert pickup.awaiting_reply is None


def test_pending_tasks_with_overdue_ones(history, member, admin):
    today = timezone.localdate()
    late = timeline.create_task(
        actor=member,
        title="Envoyer le devis signé",
        contact=history,
        due_date=today - dt.timedelta(days=2),
    )
    soon = timeline.create_task(
        actor=member,
        title="Relancer",
        contact=history,
        assignee=admin,
        due_date=today + dt.timedelta(days=3),
    )
    done = timeline.create_task(actor=member, title="Fait", contact=history)
    timeline.complete_task(actor=member, task=done)
    pickup = selectors.pickup_for(history)
    assert pickup.open_tasks == [late, soon]
    assert pickup.overdue == [late]


def test_a_contact_without_history(helene):
    pickup = selectors.pickup_for(helene)
    assert pickup.recent == [] and pickup.last is None
    assert pickup.we_spoke_last is None and pickup.awaiting_reply is None
    assert pickup.open_tasks == [] and pickup.colleagues == []


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


def _panel(body: str) -> str:
    match = re.search(r'<section id="pickup".*?</section>', body, re.S)
    assert match, "no pick-up panel on the page"
    return match.group(0)


def test_the_panel_at_the_top_of_the_contact_page(signed_in, history, member):
    timeline.create_task(
        actor=member,
        title="Envoyer le devis signé",
        contact=history,
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )
    body = signed_in.get(f"/contacts/{history.pk}/").content.decode()
    panel = _panel(body)
    assert body.index('id="pickup"') < body.index('id="timeline"')
    assert "They spoke last" in panel and 'data-last="them"' in panel
    assert "Unanswered" in panel
    # Latest exchanges with channel, who on our side, subject or snippet, relative and absolute time
    assert "Bonjour Marc, pouvez-vous me rappeler ?" in panel
    assert "Re: Devis n°42" in panel and "Alice Admin" in panel
    assert "1\xa0day ago" in panel or "1 day ago" in panel
    last = timezone.localtime(
        history.interactions.order_by("-occurred_at")[0].occurred_at
    )
    assert (
        f'<time datetime="{last.isoformat()}">{date_format(last, "DATETIME_FORMAT")}</time>'
        in panel
    )
    # Pending, with the overdue task highlighted and its assignee
    assert "Envoyer le devis signé" in panel and "is-overdue" in panel
    assert "2 days late" in panel and "Marc Membre" in panel
    assert "Talked with:" in panel


def test_the_panel_escapes_what_people_wrote(signed_in, helene, member):
    log(helene, member, "email", "in", 0, "<script>alert(1)</script>")
    panel = _panel(signed_in.get(f"/contacts/{helene.pk}/").content.decode())
    assert "<script>alert(1)</script>" not in panel
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel


def test_the_panel_in_french(signed_in, history):
    body = signed_in.get(
        f"/contacts/{history.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    panel = _panel(body)
    assert "Reprendre là où on s’était arrêté" in panel
    assert "Le contact a parlé en dernier" in panel
    assert "Sans réponse" in panel and "En attente" in panel


def test_logging_a_call_refreshes_the_panel(signed_in, history):
    response = signed_in.post(
        f"/contacts/{history.pk}/interactions/",
        {
            "log-channel": "call",
            "log-direction": "out",
            "log-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "log-subject": "Rappel fait",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert re.search(r'<section id="pickup"[^>]*hx-swap-oob="true"', body)
    assert "We spoke last" in _panel(body)


def test_the_panel_costs_the_same_queries_however_long_the_history(
    helene, member, admin
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.pickup_for(helene)
        return len(captured)

    for n in range(6):
        log(helene, member, "email", "out", n + 1, f"Message {n}")
    few = queries()
    for n in range(40):
        log(helene, admin if n % 2 else member, "call", "in", n + 10, f"Appel {n}")
    assert queries() == few
