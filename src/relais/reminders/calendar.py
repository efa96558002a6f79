"""A private iCalendar feed (RFC 5545) of each user's tasks, for their calendar application.

Calendar applications subscribe to a URL and cannot sign in, so the URL itself is the
credential: ``/calendar/<token>.ics`` where the token is the user id and a random key, signed
with itsdangerous (salt ``relais.calendar-feed``). The key lives in ``CalendarFeed``; resetting
it makes every earlier link answer 404. Each open task with a due date is an all-day VEVENT
(calendar applications show events; few show VTODOs from a subscription) whose UID is stable,
so editing a task moves the event instead of duplicating it. The ``icalendar`` library writes
the feed, which takes care of RFC 5545 escaping and line folding.
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from itsdangerous import BadSignature, URLSafeSerializer

from relais.accounts.models import User
from relais.accounts.services import ensure_admin
from relais.audit.services import record
from relais.core.errors import NotFound
from relais.core.links import absolute_url
from relais.timeline.models import Task

from .models import CalendarFeed

SALT = "relais.calendar-feed"
# Done tasks stay in the calendar this long, marked as done, so a ticked-off task does not
# silently vanish from the day it was planned on.
KEEP_DONE = dt.timedelta(days=30)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(settings.SECRET_KEY, salt=SALT)


def _feed(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"key": secrets.token_urlsafe(24)}
    )
    return feed


def feed_token(user: User) -> str:
    return _serializer().dumps([user.pk, _feed(user).key])


def feed_url(user: User) -> str:
    """The link a calendar application subscribes to (it works without signing in)."""
    return absolute_url(reverse("web:calendar_feed", args=[feed_token(user)]))


def reset_feed(*, actor: User | None, user: User) -> str:
    """Give ``user`` a new feed link; the old one stops working at once. Returns the new URL."""
    if actor is not None and actor != user:
        ensure_admin(actor)
    with transaction.atomic():
        feed = _feed(user)
        feed.key = secrets.token_urlsafe(24)
        feed.save(update_fields=["key", "key_set_at"])
        record(actor=actor, action="calendar.reset", obj=user)
    return feed_url(user)


def user_for_token(token: str) -> User:
    """The active user whose current feed link carries ``token``; NotFound otherwise."""
    try:
        user_id, key = _serializer().loads(token)
        feed = CalendarFeed.objects.select_related("user").get(
            user_id=int(user_id), user__is_active=True
        )
    except (BadSignature, ValueError, TypeError, CalendarFeed.DoesNotExist):
        raise NotFound("No calendar at this address.") from None
    if not secrets.compare_digest(str(key), feed.key):
        raise NotFound("No calendar at this address.")
    return feed.user


def _description(task: Task) -> str:
    lines = []
    if task.contact is not None:
        lines.append(f"{task.contact.display_name}")
        lines.append(absolute_url(reverse("web:contact", args=[task.contact_id])))
    if task.details:
        lines += ["", task.details]
    return "\n".join(lines)


def tasks_calendar(user: User, now: dt.datetime | None = None) -> bytes:
    """The feed of ``user``'s tasks with a due date: open ones, and those done lately."""
    now = now or timezone.now()
    host = urlsplit(settings.RELAIS_BASE_URL).hostname or "relais"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Relais//Tasks//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Relais — {user.get_full_name() or user.email}")
    cal.add("x-published-ttl", "PT1H")
    tasks = (
        Task.objects.filter(assignee=user, due_date__isnull=False)
        .exclude(done=True, done_at__lt=now - KEEP_DONE)
        .select_related("contact")
        .order_by("due_date", "id")
    )
    for task in tasks:
        assert task.due_date is not None
        event = icalendar.Event()
        event.add("uid", f"task-{task.pk}@{host}")
        event.add("dtstamp", now)
        event.add("last-modified", task.updated_at)
        event.add("dtstart", task.due_date)
        event.add("dtend", task.due_date + dt.timedelta(days=1))
        summary = task.title
        if task.contact is not None:
            summary = f"{summary} — {task.contact.display_name}"
        event.add("summary", ("✓ " if task.done else "") + summary)
        event.add("description", _description(task))
        if task.contact_id:
            event.add(
                "url", absolute_url(reverse("web:contact", args=[task.contact_id]))
            )
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
