"""Opens and clicks: what the public tracking endpoints record, and how machines are told apart.

``record_open`` and ``record_click`` are called by the endpoints (``relais.outreach.web`` and
the fast WSGI path in ``relais.outreach.dispatch``) with a token from
``relais.outreach.tokens``. They read nothing from the database to accept a hit: the token's
HMAC is the proof it names a real link of a real message. A click needs the message's links
(``Delivery.links``) to know where to go; they are read once per delivery and kept in memory.

A hit becomes a ``DeliveryEvent`` in ``store``: at once, or — under ``relais serve`` — through
the spool (``relais.outreach.spool``), which appends it to a file and writes batches from a
background thread. ``store`` applies the rules that need the delivery:

- a click less than ``CLICK_GRACE`` seconds after the message was sent (a filter testing it
  on arrival; nobody reads and clicks that fast) → ``too_soon``;
- every link of a message (two or more) clicked within ``BURST`` seconds → ``all_links``
  (the earlier clicks of the burst are flagged too).

Request-only rules (HEAD, Apple MPP, scanner agents) are in ``relais.outreach.machines``. No
IP address is stored: it is only compared with Apple's network, then dropped.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db import DatabaseError, IntegrityError, connection, transaction

from relais.outreach import tokens
from relais.outreach.machines import machine_reason
from relais.outreach.models import Delivery, DeliveryEvent

CLICK_GRACE = 10.0  # seconds after sending during which a click is a filter's
BURST = 5.0  # seconds within which every link clicked means a scanner
_AGENT_MAX = 300


class NotTracked(LookupError):
    """The token is not ours, is for another endpoint, or names no link: answer 404."""


@dataclass(frozen=True, slots=True)
class Hit:
    kind: Literal["open", "click"]
    delivery_id: int
    link_index: int | None
    at: float  # seconds since the epoch
    user_agent: str
    reason: str  # "" for a person (so far)
    key: str  # unique per hit, so that a replayed spool never counts a hit twice


_keys = itertools.count()
_KEY_PREFIX = uuid.uuid4().hex[:12]


def _new_key() -> str:
    return f"{_KEY_PREFIX}:{next(_keys)}"


def _verify(token: str, kind: str) -> tokens.TrackingToken:
    try:
        found = tokens.verify(token)
    except tokens.BadToken:
        raise NotTracked(token) from None
    if found.kind != kind:
        raise NotTracked(token)
    return found


# --- the links of a message, read once ----------------------------------------------------
_LINKS_MAX = 20_000
_links: OrderedDict[int, tuple[str, ...]] = OrderedDict()
_links_lock = threading.Lock()


def _message_links(delivery_id: int) -> tuple[str, ...] | None:
    with _links_lock:
        found = _links.get(delivery_id)
        if found is not None:
            _links.move_to_end(delivery_id)
            return found
    # One small query, without the ORM: on a campaign's first wave every click of a new
    # message comes here, on the request path.
    # The fast path runs outside Django's request cycle, which would close a broken
    # connection: close it here so that the next click reconnects.
    meta = Delivery._meta
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {connection.ops.quote_name('links')} FROM "  # noqa: S608 - names quoted
                f"{connection.ops.quote_name(meta.db_table)} WHERE id = %s AND status <> %s",
                [delivery_id, Delivery.Status.QUEUED],
            )
            row = cursor.fetchone()
    except DatabaseError:
        connection.close()
        raise
    if row is None:
        return None
    value = json.loads(row[0]) if isinstance(row[0], str | bytes) else row[0]
    links = tuple(str(link) for link in value) if isinstance(value, list) else ()
    with _links_lock:
        _links[delivery_id] = links
        if len(_links) > _LINKS_MAX:
            _links.popitem(last=False)
    return links


def forget_links() -> None:
    """Empty the in-memory links (tests; a delivery's links never change once it is sent)."""
    with _links_lock:
        _links.clear()


def _safe_target(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


# --- the public entry points -------------------------------------------------------------
def open_hit(token: str, *, user_agent: str, ip: str, method: str) -> Hit:
    """The hit an open-pixel request makes; ``NotTracked`` for a token that is not an open's."""
    found = _verify(token, "open")
    reason = machine_reason("open", user_agent=user_agent, ip=ip, method=method)
    return Hit(
        "open",
        found.delivery_id,
        None,
        time.time(),
        user_agent[:_AGENT_MAX],
        reason,
        _new_key(),
    )


def click_hit(token: str, *, user_agent: str, ip: str, method: str) -> tuple[Hit, str]:
    """The hit a click makes and where it leads: only a link that was in that message."""
    found = _verify(token, "click")
    links = _message_links(found.delivery_id)
    if links is None or found.link_index >= len(links):
        raise NotTracked(token)
    url = links[found.link_index]
    if not _safe_target(url):
        raise NotTracked(token)
    reason = machine_reason("click", user_agent=user_agent, ip=ip, method=method)
    hit = Hit(
        "click",
        found.delivery_id,
        found.link_index,
        time.time(),
        user_agent[:_AGENT_MAX],
        reason,
        _new_key(),
    )
    return hit, url


def _submit(hit: Hit) -> None:
    from relais.outreach.spool import active_spool

    spool = active_spool()
    if spool is not None:
        spool.append(hit)
    else:
        store([hit])


def record_open(token: str, *, user_agent: str, ip: str, method: str) -> None:
    """Record an open of the message ``token`` names (raises ``NotTracked`` for a bad token)."""
    _submit(open_hit(token, user_agent=user_agent, ip=ip, method=method))


def record_click(token: str, *, user_agent: str, ip: str, method: str) -> str:
    """Record a click and return the link's address (``NotTracked`` for a bad token or index)."""
    hit, url = click_hit(token, user_agent=user_agent, ip=ip, method=method)
    _submit(hit)
    return url


# --- writing hits --------------------------------------------------------------------------
def _moment(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _burst_flags(events: list[DeliveryEvent], link_counts: dict[int, int]) -> set[int]:
    """Ids (positions) of human clicks that are part of an all-links burst."""
    flagged: set[int] = set()
    by_delivery: dict[int, list[int]] = {}
    for position, event in enumerate(events):
        by_delivery.setdefault(event.delivery_id, []).append(position)
    for delivery_id, positions in by_delivery.items():
        wanted = link_counts.get(delivery_id, 0)
        if wanted < 2:
            continue
        positions.sort(key=lambda p: events[p].at)
        start = 0
        for end, position in enumerate(positions):
            while (
                events[position].at - events[positions[start]].at
            ).total_seconds() > BURST:
                start += 1
            window = positions[start : end + 1]
            if len({events[p].link_index for p in window}) >= wanted:
                flagged.update(window)
    return flagged


def _flag_bursts(clicks: list[DeliveryEvent], link_counts: dict[int, int]) -> None:
    earliest = min(e.at for e in clicks) - dt.timedelta(seconds=BURST)
    recent = list(
        DeliveryEvent.objects.filter(
            delivery_id__in={e.delivery_id for e in clicks},
            kind=DeliveryEvent.Kind.CLICK,
            at__gte=earliest,
        ).exclude(reason="head")
    )
    pool = recent + [e for e in clicks if e.reason != "head"]
    to_update = []
    for position in _burst_flags(pool, link_counts):
        event = pool[position]
        if not event.machine:
            event.machine, event.reason = True, "all_links"
            if event.pk is not None:
                to_update.append(event.pk)
    if to_update:
        DeliveryEvent.objects.filter(pk__in=to_update).update(
            machine=True, reason="all_links"
        )


_COLUMNS = (
    "delivery_id",
    "kind",
    "at",
    "link_index",
    "machine",
    "reason",
    "user_agent",
    "detail",
    "hit_key",
)


def _insert(events: list[DeliveryEvent]) -> None:
    """One multi-row INSERT per batch, skipping keys already written (a replayed spool).

    Django's ``bulk_create`` builds and prepares every field of every instance in Python: on
    the flusher thread that is GIL time taken from the requests. Values are adapted by each
    field, so the SQL is the same on SQLite and PostgreSQL (both know ON CONFLICT DO NOTHING).
    """
    if not events:
        return
    meta = DeliveryEvent._meta
    at_field = meta.get_field("at")
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(events), 500):
            chunk = events[start : start + 500]
            params: list[Any] = []
            for e in chunk:
                params += [
                    e.delivery_id,
                    e.kind,
                    at_field.get_db_prep_value(e.at, connection),
                    e.link_index,
                    e.machine,
                    e.reason,
                    e.user_agent,
                    e.detail,
                    e.hit_key,
                ]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names quoted, values bound
                + ", ".join([one] * len(chunk))
                + " ON CONFLICT DO NOTHING",
                params,
            )


def store(hits: Sequence[Hit]) -> int:
    """Write ``hits`` as DeliveryEvents, applying the rules that need the delivery; a hit
    whose key was already written (a replayed spool) or whose delivery is gone is skipped.
    Returns how many hits were considered (those of existing deliveries)."""
    if not hits:
        return 0
    ids = {hit.delivery_id for hit in hits}
    deliveries = {
        pk: (sent_at, len(links) if isinstance(links, list) else 0)
        for pk, sent_at, links in Delivery.objects.filter(pk__in=ids).values_list(
            "pk", "sent_at", "links"
        )
    }
    new = [
        DeliveryEvent(
            delivery_id=hit.delivery_id,
            kind=hit.kind,
            at=_moment(hit.at),
            link_index=hit.link_index,
            machine=bool(hit.reason),
            reason=hit.reason,
            user_agent=hit.user_agent,
            hit_key=hit.key,
        )
        for hit in hits
        if hit.delivery_id in deliveries
    ]
    for event in new:
        sent_at = deliveries[event.delivery_id][0]
        if (
            event.kind == "click"
            and not event.machine
            and sent_at is not None
            and (event.at - sent_at).total_seconds() < CLICK_GRACE
        ):
            event.machine, event.reason = True, "too_soon"
    clicks = [e for e in new if e.kind == "click"]
    with transaction.atomic():
        if clicks:
            _flag_bursts(clicks, {pk: count for pk, (_, count) in deliveries.items()})
        try:
            with transaction.atomic():
                _insert(new)
        except IntegrityError:
            # A delivery deleted since it was read: write the rest.
            alive = set(
                Delivery.objects.filter(pk__in=ids).values_list("pk", flat=True)
            )
            _insert([e for e in new if e.delivery_id in alive])
    return len(new)
