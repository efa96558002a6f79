"""The "lead day" report: contacts each user added over a period, from which sources."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from relais.cli.commands import cli
from relais.contacts import services
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput
from relais.ingest.services import run_import
from relais.reports.leads import lead_report
from tests.fixtures_gen import people
from tests.fixtures_gen.mail import write_mbox
from tests.fixtures_gen.tabular import write_csv


def today() -> dt.date:
    """Today where the base is (RELAIS_TIME_ZONE), read when a test runs, not when the module
    is collected: a run that crosses local midnight would otherwise report an empty day."""
    return timezone.localdate()


def add(actor, first, last, via="web"):
    return services.create_contact(
        actor=actor,
        source=services.Source.manual(via),
        first_name=first,
        last_name=last,
    )


@pytest.fixture
def silos(tmp_path, member, admin):
    """Marc types two contacts and imports a trade-show list; Alice adds one over the API and
    imports her mailbox; the CLI adds one; one contact is older than the period."""
    add(member, "Hélène", "Lefèvre")
    add(member, "François", "Müller")
    add(admin, "Zoë", "Canevet", via="api")
    add(None, "Jean", "Dupont", via="cli")
    show = write_csv(tmp_path / "Salon Lyon 2026.csv", people(seed=3, count=8))
    run_import([show], actor=member)
    run_import([write_mbox(tmp_path / "alice.mbox")], actor=admin)
    old = add(member, "Ancien", "Contact")
    Contact.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=40)
    )
    return Contact.objects.filter(
        created_at__date__gte=today() - dt.timedelta(days=1)
    ).count()


def test_leaderboard_and_sources(silos, member, admin):
    report = lead_report(since=today() - dt.timedelta(days=6), until=today())
    by_user = {
        (leader.user.email if leader.user else None): leader
        for leader in report.leaders
    }
    marc, alice, system = (
        by_user["marc@relais.test"],
        by_user["admin@relais.test"],
        by_user[None],
    )
    assert marc.total == 2 + 8
    assert marc.by_type == {"web": 2, "import": 8}
    assert [(s.type, s.name, s.format, s.contacts) for s in marc.sources] == [
        ("import", "Salon Lyon 2026.csv", "CSV", 8),
        ("web", "", "", 2),
    ]
    assert alice.by_type["api"] == 1 and alice.by_type.get("mail", 0) >= 1
    assert any(
        s.type == "mail" and s.name == "alice.mbox" and s.format == "mbox"
        for s in alice.sources
    )
    assert system.total == 1 and system.by_type == {"cli": 1}
    assert report.leaders[0].user == member  # the most contacts first
    assert report.total == silos


def test_users_who_added_nothing_are_listed_last(silos, reader):
    report = lead_report(since=today(), until=today())
    assert report.leaders[-1].user == reader and report.leaders[-1].total == 0


def test_the_period_bounds(silos):
    earlier = lead_report(
        since=today() - dt.timedelta(days=45), until=today() - dt.timedelta(days=35)
    )
    assert earlier.total == 1
    with pytest.raises(InvalidInput) as caught:
        lead_report(since=today(), until=today() - dt.timedelta(days=1))
    assert "since" in caught.value.errors


def test_the_page_with_its_period_picker(client: Client, silos, reader):
    client.force_login(reader)  # anyone of the team may see it
    body = client.get("/reports/leads/").content.decode()
    assert "Leaderboard" in body and "Marc Membre" in body
    assert "“Salon Lyon 2026.csv” (CSV) · 8" in body
    month = client.get("/reports/leads/", {"period": "month"}).content.decode()
    assert f"{silos} contacts added from" in month
    custom = client.get(
        "/reports/leads/",
        {
            "period": "custom",
            "since": str(today() - dt.timedelta(days=45)),
            "until": str(today() - dt.timedelta(days=35)),
        },
    ).content.decode()
    assert "1 contact added from" in custom
    wrong = client.get(
        "/reports/leads/",
        {
            "period": "custom",
            "since": str(today()),
            "until": str(today() - dt.timedelta(days=3)),
        },
    )
    assert (
        wrong.status_code == 200
        and "The start of the period comes after its end." in wrong.content.decode()
    )


def test_the_page_escapes_file_names(client: Client, member, tmp_path):
    from relais.contacts.models import Provenance
    from relais.ingest.models import ImportBatch

    batch = ImportBatch.objects.create(label="x", created_by=member)
    services.create_contact(
        actor=member,
        source=services.Source(
            Provenance.SourceKind.IMPORT, "<b>liste</b>.csv", 1, batch
        ),
        first_name="Éric",
    )
    client.force_login(member)
    body = client.get("/reports/leads/").content.decode()
    assert "&lt;b&gt;liste&lt;/b&gt;.csv" in body and "<b>liste</b>" not in body


def test_cli(silos):
    runner = CliRunner()
    since = str(today() - dt.timedelta(days=6))
    table = runner.invoke(
        cli, ["report", "leads", "--since", since, "--until", str(today())]
    )
    assert table.exit_code == 0, table.output
    assert (
        "marc@relais.test" in table.output
        and "Salon Lyon 2026.csv (CSV): 8" in table.output
    )
    lines = runner.invoke(
        cli, ["report", "leads", "--since", since, "--format", "jsonl"]
    )
    first = json.loads(lines.output.splitlines()[0])
    assert first["user"] == "marc@relais.test" and first["contacts"] == 10
    bad = runner.invoke(
        cli,
        [
            "report",
            "leads",
            "--since",
            str(today()),
            "--until",
            str(today() - dt.timedelta(days=2)),
        ],
    )
    assert bad.exit_code == 1 and "since" in bad.output


def test_api(client: Client, silos, reader):
    client.force_login(reader)
    since = str(today() - dt.timedelta(days=6))
    body = client.get("/api/v1/reports/leads", {"since": since}).json()
    assert body["since"] == since and body["until"] == str(today())
    assert body["contacts"] == silos
    first = body["leaders"][0]
    assert first["user"] == "marc@relais.test" and first["contacts"] == 10
    assert {
        "type": "import",
        "name": "Salon Lyon 2026.csv",
        "format": "CSV",
        "contacts": 8,
    } in first["sources"]
    bad = client.get("/api/v1/reports/leads", {"since": str(today()), "until": since})
    assert bad.status_code == 422 and "since" in bad.json()["errors"]
