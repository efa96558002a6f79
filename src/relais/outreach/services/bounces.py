"""Bounces and replies read from a mailbox: mbox, Maildir, .eml files, or IMAP.

Each message is read by ``relais.mail.dsn.read_outcome`` and matched to the delivery whose
Message-ID it names (``Delivery.message_id``). Then:

- **hard bounce** (5.x.x): the delivery is ``bounced``, the address is marked invalid
  (``relais.privacy.services.freshness.mark_point_invalid``: freshness drops, a signal is
  kept), a ``bounce_hard`` event is recorded and the contact's later steps are cancelled;
- **soft bounce** (4.x.x, delayed): a ``bounce_soft`` event, and the delivery goes back to
  ``deferred`` with ``not_before`` 1 h, 4 h, 16 h… later; after
  RELAIS_BOUNCE_SOFT_MAX_ATTEMPTS soft bounces it is ``failed``;
- **reply**: a ``reply`` event and the sequence stops for that contact (automatic replies
  do not count).

Reading the same mailbox twice changes nothing: each event carries a key made from the message
read (``DeliveryEvent.hit_key``). Nothing changes on an IMAP server (read-only, unread kept).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from relais.contacts.models import ContactPoint
from relais.contacts.normalize import InvalidValue, normalize_point
from relais.mail import imap
from relais.mail.dsn import Outcome, read_outcome
from relais.mail.files import local_messages
from relais.outreach.models import Delivery, DeliveryEvent
from relais.outreach.services.unsubscribe import stop_sequence
from relais.privacy.services.freshness import mark_point_invalid

SOFT_BACKOFF = dt.timedelta(hours=1)


@dataclass
class BounceReport:
    read: int = 0
    hard: int = 0
    soft: int = 0
    replies: int = 0
    already: int = 0  # seen on an earlier reading
    unmatched: int = 0  # a bounce or reply naming no message of ours
    other: int = 0  # neither a bounce nor a reply

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _point(delivery: Delivery, address: str) -> ContactPoint | None:
    for value in (address, delivery.to_email):
        try:
            normalized = normalize_point("email", value)
        except InvalidValue:
            continue
        found = ContactPoint.objects.filter(
            contact_id=delivery.contact_id, kind="email", normalized_value=normalized
        ).first()
        if found is not None:
            return found
    return None


def _soft(delivery: Delivery, now: dt.datetime) -> None:
    count = DeliveryEvent.objects.filter(
        delivery=delivery, kind=DeliveryEvent.Kind.BOUNCE_SOFT
    ).count()
    if delivery.status not in (Delivery.Status.SENT, Delivery.Status.DEFERRED):
        return
    if count >= settings.RELAIS_BOUNCE_SOFT_MAX_ATTEMPTS:
        delivery.status = Delivery.Status.FAILED
        delivery.not_before = None
    else:
        delivery.status = Delivery.Status.DEFERRED
        delivery.not_before = now + SOFT_BACKOFF * 4 ** max(count - 1, 0)
    delivery.save(update_fields=["status", "not_before", "last_error"])


def apply_outcome(outcome: Outcome, *, now: dt.datetime | None = None) -> str:
    """Apply one message's outcome; returns what it was: hard, soft, reply, already,
    unmatched or other."""
    if outcome.kind not in ("hard", "soft", "reply"):
        return "other"
    delivery = (
        Delivery.objects.select_related("contact")
        .filter(message_id__in=outcome.message_ids)
        .first()
        if outcome.message_ids
        else None
    )
    if delivery is None:
        return "unmatched"
    now = now or timezone.now()
    kind = {
        "hard": DeliveryEvent.Kind.BOUNCE_HARD,
        "soft": DeliveryEvent.Kind.BOUNCE_SOFT,
        "reply": DeliveryEvent.Kind.REPLY,
    }[outcome.kind]
    with transaction.atomic():
        if DeliveryEvent.objects.filter(hit_key=outcome.key).exists():
            return "already"
        detail = " ".join(filter(None, [outcome.status, outcome.diagnostic]))[:500]
        DeliveryEvent.objects.create(
            delivery=delivery, kind=kind, at=now, detail=detail, hit_key=outcome.key
        )
        delivery.last_error = detail[:500] if outcome.kind != "reply" else ""
        if outcome.kind == "hard":
            delivery.status = Delivery.Status.BOUNCED
            delivery.not_before = None
            delivery.save(update_fields=["status", "not_before", "last_error"])
            point = _point(delivery, outcome.recipient)
            if point is not None:
                mark_point_invalid(
                    actor=None,
                    point=point,
                    at=now,
                    reason=f"hard bounce {outcome.status}".strip(),
                )
            stop_sequence(delivery.contact, "bounced")
        elif outcome.kind == "soft":
            _soft(delivery, now)
        else:
            stop_sequence(delivery.contact, "replied")
    return outcome.kind


def process_messages(messages: Iterable[bytes]) -> BounceReport:
    """Read each message and apply what it reports."""
    report = BounceReport()
    for raw in messages:
        report.read += 1
        result = apply_outcome(read_outcome(raw))
        field = {"hard": "hard", "soft": "soft", "reply": "replies"}.get(result, result)
        setattr(report, field, getattr(report, field) + 1)
    return report


# --- where messages come from: relais.mail reads them ----------------------------------------
def _imap_messages(
    url: str,
    *,
    password: Callable[[], str] | None = None,
    since_uid: int = 0,
    state: dict[str, int] | None = None,
    allow_insecure: bool = False,
) -> Iterator[bytes]:
    """The messages of an IMAP mailbox, read-only, through ``relais.mail.imap``; ``state``
    follows the UIDVALIDITY and the last UID read (a poll starts again from there)."""
    known_validity = state.get("uidvalidity") if state is not None else None
    for message in imap.fetch_messages(
        url,
        password=password,
        since_uid=since_uid,
        uidvalidity=known_validity if state is not None else None,
        allow_insecure=allow_insecure,
    ):
        yield message.body
        if state is not None:
            state.update(uidvalidity=message.uidvalidity or 0, last_uid=message.uid)


def read_messages(
    source: str,
    *,
    password: Callable[[], str] | None = None,
    allow_insecure: bool = False,
) -> Iterator[bytes]:
    """Messages of an mbox file, a Maildir folder, an .eml file or an imap(s):// mailbox."""
    if imap.is_imap_url(source):
        return _imap_messages(source, password=password, allow_insecure=allow_insecure)
    return local_messages(Path(source))


def process_source(
    source: str,
    *,
    password: Callable[[], str] | None = None,
    allow_insecure: bool = False,
) -> BounceReport:
    """Read bounces and replies from ``source`` (see ``read_messages``)."""
    return process_messages(
        read_messages(source, password=password, allow_insecure=allow_insecure)
    )


def poll_mailbox(url: str, state_file: Path) -> BounceReport:
    """Read the messages that arrived in ``url`` since the last poll (remembered by UID in
    ``state_file``): the periodic job of RELAIS_BOUNCE_MAILBOX."""
    try:
        state = json.loads(state_file.read_text())
        if state.get("url") != url:
            state = {}
    except (FileNotFoundError, ValueError):
        state = {}
    progress: dict[str, int] = {"uidvalidity": state.get("uidvalidity", 0)}
    try:
        report = process_messages(
            _imap_messages(url, since_uid=int(state.get("last_uid", 0)), state=progress)
        )
    finally:
        if "last_uid" in progress:
            state_file.parent.mkdir(parents=True, exist_ok=True)
            state_file.write_text(json.dumps({"url": url, **progress}))
    return report
