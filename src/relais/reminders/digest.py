"""The daily digest: one email per user listing their overdue tasks, today's and tomorrow's.

Sent over SMTP through Django's email backend (settings: RELAIS_SMTP_*, RELAIS_MAIL_FROM), with
a plain-text and an HTML part, in the user's language, linking back to Relais at
RELAIS_BASE_URL. Nobody gets an empty digest. A user gets at most one digest per day: the
sender first claims the (user, day) row of ``DigestSent`` — a unique constraint, so two runs of
the job at once cannot both claim it — sends, and gives the claim back if sending fails, so a
later run retries.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.accounts.models import User
from relais.accounts.services import ensure_admin
from relais.audit.services import record
from relais.core.errors import InvalidInput
from relais.core.links import absolute_url
from relais.timeline.models import Task

from .models import DigestOptOut, DigestSent

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

SENT = "sent"
NOTHING_DUE = "nothing due"
ALREADY_SENT = "already sent"
OPTED_OUT = "opted out"
DRY_RUN = "dry run"


@dataclass
class Digest:
    """What one user has to follow up on ``day``."""

    user: User
    day: dt.date
    overdue: list[Task] = field(default_factory=list)
    today: list[Task] = field(default_factory=list)
    tomorrow: list[Task] = field(default_factory=list)

    @property
    def tasks(self) -> list[Task]:
        return [*self.overdue, *self.today, *self.tomorrow]

    @property
    def is_empty(self) -> bool:
        """Nothing overdue and nothing due today: no email (tomorrow alone waits a day)."""
        return not self.overdue and not self.today


@dataclass(frozen=True)
class DigestResult:
    user: User
    status: str
    tasks: int = 0
    subject: str = ""


def digest_for(
    user: User, day: dt.date | None = None, *, tomorrow: bool | None = None
) -> Digest:
    """The open tasks assigned to ``user``: overdue, due ``day``, and (optionally) the day after."""
    day = day or timezone.localdate()
    if tomorrow is None:
        tomorrow = settings.RELAIS_DIGEST_TOMORROW
    last = day + dt.timedelta(days=1 if tomorrow else 0)
    tasks = (
        Task.objects.filter(assignee=user, done=False, due_date__lte=last)
        .select_related("contact")
        .order_by("due_date", "id")
    )
    digest = Digest(user=user, day=day)
    for task in tasks:
        assert task.due_date is not None
        if task.due_date < day:
            digest.overdue.append(task)
        elif task.due_date == day:
            digest.today.append(task)
        else:
            digest.tomorrow.append(task)
    return digest


def user_language(user: User) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in languages else settings.LANGUAGE_CODE


def _with_links(tasks: list[Task]) -> list[tuple[Task, str]]:
    return [
        (
            t,
            absolute_url(reverse("web:contact", args=[t.contact_id]))
            if t.contact_id
            else "",
        )
        for t in tasks
    ]


def _subject(digest: Digest) -> str:
    parts = []
    if digest.overdue:
        n = len(digest.overdue)
        parts.append(ngettext("%(n)d overdue", "%(n)d overdue", n) % {"n": n})
    if digest.today:
        n = len(digest.today)
        parts.append(ngettext("%(n)d due today", "%(n)d due today", n) % {"n": n})
    return _("Relais: your tasks — %(summary)s") % {"summary": ", ".join(parts)}


def compose(digest: Digest) -> EmailMultiAlternatives:
    """The email of ``digest``, in its user's language, with text and HTML parts."""
    with translation.override(user_language(digest.user)):
        context = {
            "digest": digest,
            "name": digest.user.first_name
            or digest.user.get_full_name()
            or digest.user.email,
            "sections": [
                (_("Overdue"), _with_links(digest.overdue), True),
                (_("Due today"), _with_links(digest.today), False),
                (_("Due tomorrow"), _with_links(digest.tomorrow), False),
            ],
            "tasks_url": absolute_url(reverse("web:tasks")),
            "account_url": absolute_url(reverse("web:account")),
        }
        subject = _subject(digest)
        text = render_to_string("reminders/digest.txt", context)
        html = render_to_string("reminders/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def mail_is_configured() -> bool:
    """SMTP is set up (RELAIS_SMTP_HOST), or a test swapped in another email backend."""
    smtp = settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    return (
        bool(settings.RELAIS_SMTP_HOST)
        or not smtp
        or settings.EMAIL_HOST != "localhost"
    )


def send_digest(
    *,
    user: User,
    day: dt.date | None = None,
    dry_run: bool = False,
    connection: BaseEmailBackend | None = None,
) -> DigestResult:
    """Send ``user`` their digest for ``day`` unless it is empty or was already sent that day."""
    day = day or timezone.localdate()
    if not wants_digest(user):
        return DigestResult(user, OPTED_OUT)
    digest = digest_for(user, day)
    if digest.is_empty:
        return DigestResult(user, NOTHING_DUE)
    count = len(digest.tasks)
    message = compose(digest)
    if dry_run:
        sent = DigestSent.objects.filter(user=user, day=day).exists()
        status = ALREADY_SENT if sent else DRY_RUN
        return DigestResult(user, status, count, str(message.subject))
    # The claim is the only check, so that two runs at once cannot both pass it.
    try:
        with transaction.atomic():
            claim = DigestSent.objects.create(user=user, day=day, tasks=count)
    except IntegrityError:
        return DigestResult(user, ALREADY_SENT, count)
    try:
        message.connection = connection
        message.send()
    except Exception:
        claim.delete()  # not sent: a later run may try again
        raise
    return DigestResult(user, SENT, count, str(message.subject))


def wants_digest(user: User) -> bool:
    return not DigestOptOut.objects.filter(user=user).exists()


def set_wants_digest(*, actor: User | None, user: User, wanted: bool) -> None:
    """Turn ``user``'s daily digest on or off (the user themself, an admin, or the system)."""
    if actor is not None and actor != user:
        ensure_admin(actor)
    if wanted == wants_digest(user):
        return
    with transaction.atomic():
        if wanted:
            DigestOptOut.objects.filter(user=user).delete()
        else:
            DigestOptOut.objects.create(user=user)
        record(
            actor=actor,
            action="digest.on" if wanted else "digest.off",
            obj=user,
            changes={"daily_digest": [not wanted, wanted]},
        )


def recipients(email: str | None = None) -> Iterable[User]:
    """Active users who did not turn the digest off, or the one user ``email``."""
    if email:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise InvalidInput({"user": f"No user with the email {email}."})
        if not user.is_active:
            raise InvalidInput({"user": f"{user.email} is deactivated."})
        return [user]
    opted_out = DigestOptOut.objects.values("user_id")
    return (
        User.objects.filter(is_active=True)
        .exclude(pk__in=opted_out)
        .order_by("email", "id")
    )


def send_digests(
    *, day: dt.date | None = None, email: str | None = None, dry_run: bool = False
) -> list[DigestResult]:
    """Send the day's digest to every active user (or one), over one SMTP connection."""
    if not dry_run and not mail_is_configured():
        raise InvalidInput(
            {"smtp": "No mail server: set RELAIS_SMTP_HOST (see docs/deployment.md)."}
        )
    users = list(recipients(email))
    results = []
    connection = None if dry_run else get_connection()
    try:
        for user in users:
            try:
                results.append(
                    send_digest(
                        user=user, day=day, dry_run=dry_run, connection=connection
                    )
                )
            except OSError as exc:
                # One bad address or a dropped connection must not stop the others.
                logger.warning("digest for %s not sent: %s", user.email, exc)
                results.append(DigestResult(user, f"failed: {exc}"))
    finally:
        if connection is not None:
            connection.close()
    return results
