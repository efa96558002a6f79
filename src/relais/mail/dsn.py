"""Reading what comes back after a campaign: delivery-status notifications and replies.

``read_outcome`` looks at one message (bytes) and says what it reports about a message we
sent, and which Message-IDs it names:

- an RFC 3464 report (``multipart/report; report-type=delivery-status``): the first
  per-recipient block whose ``Action`` is ``failed`` or ``delayed``; ``Status`` 5.x.x is a hard
  bounce, 4.x.x (or ``delayed``) a soft one; the original Message-ID from
  ``Original-Message-ID`` or from the returned message or headers part;
- the bounces that are not RFC 3464 (older Exim, qmail, some webmail and French providers):
  recognised by their sender (MAILER-DAEMON, postmaster) or subject, classified by their
  enhanced status code, SMTP reply code or words ("user unknown", "Adresse introuvable",
  "boîte pleine"…), the Message-ID read from the quoted headers;
- a reply: a message whose ``In-Reply-To`` or ``References`` names a Message-ID (automatic
  replies — out of office — are not replies: ``Auto-Submitted`` or the usual subjects).

Pure parsing, no database: ``relais.outreach.services.bounces`` applies the outcome.
"""

from __future__ import annotations

import email
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from email.message import Message
from typing import Literal

from relais.core.mime import too_nested

Kind = Literal["hard", "soft", "reply", "auto_reply", ""]

_MSGID = re.compile(r"<([^<>\s]+@[^<>\s]+)>")
_HEADER_MSGID = re.compile(r"^message-id:\s*<?([^<>\s]+@[^<>\s]+)>?", re.I | re.M)
_ENHANCED = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_SMTP_CODE = re.compile(r"(?<!\d)([45])\d\d(?:[ -])")
_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster|mail-daemon)@", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|returned to sender|delivery (status notification|failure|has failed)|"
    r"mail delivery failed|failure notice|non remis|non distribu|échec de (la )?remise|"
    r"adresse introuvable|message not delivered|delivery incomplete|delayed mail",
    re.I,
)
_HARD_WORDS = re.compile(
    r"user unknown|unknown user|no such user|does not exist|doesn.t exist|"
    r"address rejected|mailbox unavailable|recipient not found|invalid recipient|"
    r"no mailbox|adresse introuvable|n.existe pas|destinataire inconnu|"
    r"utilisateur inconnu|adresse invalide|compte désactivé|account (is )?disabled",
    re.I,
)
_SOFT_WORDS = re.compile(
    r"mailbox (is )?full|over quota|quota exceeded|temporar|try again later|will retry|"
    r"boîte (aux lettres )?(est )?pleine|réessa|momentanément|delayed|retrying",
    re.I,
)
_AUTO_SUBJECT = re.compile(
    r"^(auto(matic)?[ -]?(reply|response)|réponse automatique|out of (the )?office|"
    r"absent|absence)",
    re.I,
)


@dataclass
class Outcome:
    kind: Kind
    message_ids: list[str] = field(default_factory=list)
    recipient: str = ""
    status: str = ""
    diagnostic: str = ""
    key: str = ""  # stable per message read, so reading a mailbox twice counts once


def _ids(value: str) -> list[str]:
    return _MSGID.findall(value or "")


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, "replace")
        except LookupError:
            return payload.decode("utf-8", "replace")
    if isinstance(payload, str):
        return payload
    return ""


def _all_text(message: Message) -> str:
    chunks = []
    for part in message.walk():
        if part.get_content_maintype() == "text" or part.get_content_type() in (
            "message/delivery-status",
        ):
            chunks.append(_text(part))
    return "\n".join(chunks)


def _returned_ids(message: Message) -> list[str]:
    """Message-IDs of the returned message (message/rfc822 or text/rfc822-headers part)."""
    found: list[str] = []
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message):
                found += _ids(str(inner.get("Message-ID", "")))
        elif ctype in ("text/rfc822-headers", "message/global-headers"):
            found += [m for m in _HEADER_MSGID.findall(_text(part))]
    return found


def _status_kind(status: str, action: str) -> Kind:
    if action == "delayed" or status.startswith("4"):
        return "soft"
    if status.startswith("5"):
        return "hard"
    return ""


def _address(value: str) -> str:
    value = value.split(";", 1)[-1] if ";" in value else value
    return value.strip().strip("<>").lower()


def _from_report(message: Message) -> Outcome | None:
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            # Some MTAs send the status as one text block: parse it as headers, per block.
            text = _text(part)
            blocks = [email.message_from_string(b) for b in re.split(r"\n\s*\n", text)]
        original: list[str] = []
        for block in blocks:
            if not isinstance(block, Message):
                continue
            original += _ids(str(block.get("Original-Message-ID", "")))
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip().split(" ")[0]
            if action not in ("failed", "delayed"):
                continue
            kind = _status_kind(status, action)
            if not kind:
                continue
            return Outcome(
                kind,
                original + _returned_ids(message),
                recipient=_address(
                    str(
                        block.get("Final-Recipient")
                        or block.get("Original-Recipient")
                        or ""
                    )
                ),
                status=status,
                diagnostic=" ".join(str(block.get("Diagnostic-Code", "")).split())[
                    :300
                ],
            )
    return None


def _looks_like_bounce(message: Message) -> bool:
    sender = email.utils.parseaddr(str(message.get("From", "")))[1]
    return bool(
        _BOUNCE_SENDER.match(sender)
        or _BOUNCE_SUBJECT.search(str(message.get("Subject", "")))
        or message.get_content_type() == "multipart/report"
    )


def _from_text(message: Message) -> Outcome:
    text = _all_text(message)
    ids = _returned_ids(message) + _HEADER_MSGID.findall(text)
    enhanced = _ENHANCED.search(text)
    status = ".".join(enhanced.groups()) if enhanced else ""
    kind: Kind = ""
    if status:
        kind = _status_kind(status, "")
    elif _HARD_WORDS.search(text):
        kind = "hard"
    elif _SOFT_WORDS.search(text):
        kind = "soft"
    elif code := _SMTP_CODE.search(text):
        kind = "hard" if code.group(1) == "5" else "soft"
    if kind == "" and _HARD_WORDS.search(text):
        kind = "hard"
    recipient = ""
    if found := re.search(r"<([^<>\s]+@[^<>\s]+)>", text):
        recipient = found.group(1).lower()
    line = next(
        (
            " ".join(line.split())
            for line in text.splitlines()
            if _HARD_WORDS.search(line)
            or _SOFT_WORDS.search(line)
            or _ENHANCED.search(line)
        ),
        "",
    )
    return Outcome(kind, ids, recipient=recipient, status=status, diagnostic=line[:300])


def read_outcome(raw: bytes) -> Outcome:
    """What ``raw`` (one message) reports: a bounce, a reply, or nothing ("")."""
    if reason := too_nested(raw):
        return Outcome("", diagnostic=reason)
    try:
        return _read_outcome(raw)
    except RecursionError:
        return Outcome("", diagnostic="a message nested too deeply: skipped")


def _read_outcome(raw: bytes) -> Outcome:
    message = email.message_from_bytes(raw)
    key = "m:" + hashlib.sha256(raw).hexdigest()[:38]
    if _looks_like_bounce(message):
        outcome = _from_report(message) or _from_text(message)
    else:
        auto = str(message.get("Auto-Submitted", "no")).strip().lower()
        refs = _ids(str(message.get("In-Reply-To", ""))) + _ids(
            str(message.get("References", ""))
        )
        if not refs:
            outcome = Outcome("")
        elif auto not in ("", "no") or _AUTO_SUBJECT.match(
            str(message.get("Subject", ""))
        ):
            outcome = Outcome("auto_reply", refs)
        else:
            outcome = Outcome("reply", refs)
    outcome.key = key
    seen: set[str] = set()
    outcome.message_ids = [
        i
        for i in outcome.message_ids
        if not (i in seen or seen.add(i))  # type: ignore[func-returns-value]
    ]
    return outcome
