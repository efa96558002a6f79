"""A recorded complaint, polled, becomes a ticket answered by mail and resolved (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from relais.cli.commands import cli
from relais.listening.models import Mention
from relais.listening.services.sources import add_source
from relais.timeline.models import Interaction
from tests.integration import listening_fixtures, outreach_fixtures

feeds = listening_fixtures.feeds  # the fixtures, by name
mailbox = outreach_fixtures.mailbox

pytestmark = pytest.mark.django_db

PAYLOAD = Path(__file__).parent.parent / "service_payloads" / "complaint.rss"


def _tickets(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["tickets", "list", *args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_complaint_to_private_mail_reply_to_resolution(feeds, mailbox, tmp_path):
    feeds.serve("/avis.rss", PAYLOAD.read_bytes(), Content_Type="application/rss+xml")
    add_source(actor=None, url=feeds.url("/avis.rss"), kind="rss")
    assert CliRunner().invoke(cli, ["sources", "poll"]).exit_code == 0

    [ticket] = _tickets()
    complaint = Mention.objects.get(guid="avis-101")
    assert ticket["status"] == "new" and ticket["mention_ids"] == [complaint.pk]
    assert ticket["first_response_due"] < ticket["resolution_due"]
    assert ticket["first_response_at"] is None and ticket["breaches"] == []

    reply = tmp_path / "reply.txt"
    reply.write_text(
        "Bonjour Nadia,\n\nNous sommes désolés pour ce retard : votre commande est "
        "retrouvée et part aujourd'hui.\n\nBien à vous,\nL'équipe",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["tickets", "reply", str(ticket["id"]), "--text-file", str(reply)]
    )
    assert result.exit_code == 0, result.output
    [sent] = mailbox.messages
    assert sent.recipients == ["nadia.roux@example.org"]
    assert "commande est retrouvée" in sent.part("text/plain")
    assert sent.message["Subject"] == f"[#{ticket['id']}] Commande jamais arrivée"
    on_timeline = Interaction.objects.filter(
        contacts=ticket["contact_id"], channel="email", direction="out"
    )
    assert on_timeline.count() == 1

    result = CliRunner().invoke(cli, ["tickets", "resolve", str(ticket["id"])])
    assert result.exit_code == 0, result.output
    [done] = _tickets("--status", "resolved")
    assert done["first_response_at"] and done["resolved_at"]
    assert done["resolution_due"] == ticket["resolution_due"]
    assert _tickets("--status", "new") == []

    result = CliRunner().invoke(cli, ["tickets", "report"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["opened"] == 1 and figures["backlog"] == 0
    assert figures["by_source_and_label"] == [
        {"source": complaint.source.name, "label": "complaint", "tickets": 1}
    ]
    assert figures["sla_hit_rate"] == 1.0
    assert figures["first_response_minutes"]["median"] is not None
    assert figures["resolution_minutes"]["p90"] is not None


def test_reply_to_an_unknown_ticket_names_it(tmp_path):
    reply = tmp_path / "r.txt"
    reply.write_text("Bonjour", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["tickets", "reply", "999", "--text-file", str(reply)]
    )
    assert result.exit_code != 0
    assert "no ticket 999" in result.output and "Traceback" not in result.output
