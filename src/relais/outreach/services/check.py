"""The message check, run before every send and shown in the editor as one types.

Generic prospecting habits — "Re: your request" when nobody asked, a mass mailing that names
no one, a subject in capitals, "100% gratuit", no way to unsubscribe, a fourth unanswered
follow-up, bit.ly links — discredit the sender and land mail in spam folders. Each rule says
what is wrong and why, with a severity: ``high`` findings block a send by default
(``RELAIS_CHECK_BLOCK``), unless an admin forces it. The rules are listed in
docs/campaigns.md ("The message check"); the send path calls ``check_message`` + ``blocks``
and raises ``MessageBlocked``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from relais.core.errors import InvalidInput

from . import check_history, check_links, check_rules
from .check_rules import Finding, Severity

if TYPE_CHECKING:
    from relais.accounts.models import User
    from relais.contacts.models import Contact

__all__ = ["Finding", "MessageBlocked", "Severity", "blocks", "check_message"]

_ORDER = {"high": 0, "medium": 1, "low": 2}


class MessageBlocked(InvalidInput):
    """A send refused because the message check found high-severity problems."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = list(findings)
        high = [f.message for f in self.findings if f.severity == "high"]
        super().__init__({"check": " ".join(high) or "The message check failed."})


def check_message(
    *,
    subject: str,
    body_text: str,
    body_html: str = "",
    bulk: bool,
    contact: Contact | None = None,
    sender: User | None = None,
    has_unsubscribe: bool | None = None,
) -> list[Finding]:
    """What is wrong with this message, most severe first (an empty list: nothing).

    ``bulk``: a campaign (many recipients) rather than a one-to-one mail. ``contact``: the
    recipient of a one-to-one mail, for the rules that read the timeline. ``has_unsubscribe``:
    whether the sender adds an unsubscribe link itself; None looks for ``{{ unsubscribe_url }}``.
    ``sender`` is accepted for the send path's convenience: the history rules count the whole
    team's exchanges with the contact, whoever sent them.
    """
    subject, body_text, body_html = subject or "", body_text or "", body_html or ""
    findings: list[Finding] = [
        *check_rules.empty_parts(subject, body_text, body_html),
        *check_history.fake_reply(subject, bulk=bulk, contact=contact),
        *check_rules.shouting_subject(subject),
        *check_rules.spammy_phrases(subject, body_text, body_html),
        *check_links.links_and_html(body_text, body_html),
        *check_history.follow_up(bulk=bulk, contact=contact),
    ]
    if bulk:
        findings += check_rules.personalisation(subject, body_text, body_html)
        findings += check_rules.unsubscribe_link(body_text, body_html, has_unsubscribe)
    return sorted(findings, key=lambda f: _ORDER[f.severity])


def blocks(findings: Iterable[Finding]) -> bool:
    """True when a finding is high and RELAIS_CHECK_BLOCK is on (the default)."""
    if not getattr(settings, "RELAIS_CHECK_BLOCK", True):
        return False
    return any(f.severity == "high" for f in findings)
