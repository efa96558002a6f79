"""Reading bounces and replies: RFC 3464 reports and the common non-standard bounces."""

from __future__ import annotations

import pytest

from relais.mail.dsn import read_outcome
from tests.fixtures_gen import bounces

MID = "7d1c0b2e-1@brasserie-armor.fr"
TO = "anais.lefevre@exemple.fr"


@pytest.mark.parametrize(
    ("raw", "kind", "status"),
    [
        (bounces.postfix_hard(MID, TO), "hard", "5.1.1"),
        (bounces.gmail_hard(MID, TO), "hard", "5.1.1"),
        (bounces.outlook_soft(MID, TO), "soft", "4.2.2"),
        (bounces.exim_hard_text(MID, TO), "hard", ""),
        (bounces.french_hard_text(MID, TO), "hard", ""),
    ],
    ids=["postfix", "gmail", "outlook-delayed", "exim-text", "french-text"],
)
def test_bounces_are_classified_and_name_the_original(raw, kind, status) -> None:
    outcome = read_outcome(raw)
    assert outcome.kind == kind
    assert MID in outcome.message_ids
    if status:
        assert outcome.status == status
        assert outcome.recipient == TO


def test_french_bounce_says_why() -> None:
    assert (
        "Adresse introuvable"
        in read_outcome(bounces.french_hard_text(MID, TO)).diagnostic
    )


def test_replies_auto_replies_and_other_mail() -> None:
    answer = read_outcome(bounces.reply(MID, TO))
    assert (answer.kind, answer.message_ids) == ("reply", [MID])
    assert read_outcome(bounces.reply(MID, TO, auto=True)).kind == "auto_reply"
    assert read_outcome(bounces.unrelated()).kind == ""


def test_the_same_message_has_the_same_key() -> None:
    raw = bounces.postfix_hard(MID, TO)
    assert read_outcome(raw).key == read_outcome(raw).key
    assert read_outcome(raw).key != read_outcome(bounces.gmail_hard(MID, TO)).key
