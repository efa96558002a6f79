"""``relais template`` and ``relais campaign`` in-process (CliRunner) against a real SMTP
server; the kill -9 test (test_outreach_kill.py) runs the real executable."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from relais.cli.commands import cli

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_create_preview_send_and_status(mailbox, audience, tmp_path):
    segment, people = audience
    body = tmp_path / "body.txt"
    body.write_text(
        "Bonjour {{ first_name | default('à vous') }} de {{ organisation }}.\n"
    )
    created = _run(
        "template",
        "create",
        "--name",
        "Hello",
        "--subject",
        "Pour {{ first_name }}",
        "--text",
        f"@{body}",
    )
    assert created.exit_code == 0, created.output
    listed = _run("template", "list", "--format", "jsonl")
    template_id = json.loads(listed.output)["id"]
    made = _run(
        "campaign",
        "create",
        "--name",
        "C",
        "--segment",
        str(segment.pk),
        "--step",
        str(template_id),
        "--step",
        f"{template_id}:3",
        "--sender",
        "marc@relais.test",
    )
    assert made.exit_code == 0, made.output
    campaign_id = made.output.split()[1]

    shown = _run(
        "campaign", "preview", campaign_id, "--contact", str(people["helene"].pk)
    )
    assert shown.exit_code == 0, shown.output
    assert (
        "Subject: Pour Hélène" in shown.output
        and "Bonjour Hélène de Acme." in shown.output
    )

    sent = _run("campaign", "send", campaign_id, "--no-wait")
    assert sent.exit_code == 0, sent.output
    assert "3 sent" in sent.output and "1 opted_out" in sent.output
    assert len(mailbox.messages) == 3

    status = json.loads(
        _run("campaign", "status", campaign_id, "--format", "jsonl").output
    )
    assert (
        status["deliveries"]["sent"] == 3 and status["status"] == "sending"
    )  # step 2 to come
    assert status["skipped"] == {"no_email": 1, "opted_out": 1, "suppressed": 1}


def test_errors_are_one_line(mailbox, audience):
    bad = _run(
        "template", "create", "--name", "X", "--subject", "S", "--text", "{{ nope }}"
    )
    assert bad.exit_code == 1 and "unknown field 'nope'" in bad.output
    missing = _run("campaign", "status", "999")
    assert missing.exit_code == 1 and "No campaign with id 999" in missing.output
    step = _run("campaign", "create", "--name", "C", "--segment", "1", "--step", "x:y")
    assert step.exit_code == 1
