"""One persistent SMTP connection and the rate limits of the sender (RELAIS_SMTP_*,
RELAIS_SEND_RATE_PER_SECOND, RELAIS_SEND_RATE_PER_HOUR).

Errors are sorted the way RFC 5321 sorts replies: a 4xx (or a lost connection) is temporary
and the message is retried later, a 5xx is permanent for that recipient.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from relais.core.errors import Unavailable


class NotConfigured(Unavailable):
    """No SMTP server is configured."""


@dataclass(frozen=True, slots=True)
class Failure:
    temporary: bool
    message: str


class SmtpConnection:
    """A connection opened on first use and reused; reopened after a disconnect."""

    def __init__(self) -> None:
        if not settings.RELAIS_SMTP_HOST:
            raise NotConfigured(
                "RELAIS_SMTP_HOST is not set: no mail can be sent (docs/deployment.md)."
            )
        self.host = settings.EMAIL_HOST
        self.port = int(settings.EMAIL_PORT)
        self.timeout = float(settings.EMAIL_TIMEOUT)
        self.smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if settings.EMAIL_USE_SSL:
            smtp = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if settings.EMAIL_USE_TLS:
                smtp.starttls(context=context)
        if settings.EMAIL_HOST_USER:
            smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        if smtp.sock is not None:
            # The final dot goes in a write of its own (see ``_transaction``): without this,
            # Nagle's algorithm holds it until the server acknowledges the body (~40 ms).
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return smtp

    def send(
        self,
        envelope_from: str,
        to: str,
        data: bytes,
        *,
        before_final_dot: Callable[[], None],
    ) -> Failure | None:
        """Hand one message over; None when the server accepted it (250).

        ``before_final_dot`` runs once the whole message is on the wire but before the
        ``.`` that ends it: until that dot the server must discard the message if the
        connection dies (RFC 5321 §4.1.1.4), so whatever the callback records happens
        before the server can have accepted anything.
        """
        try:
            if self.smtp is None:
                self.smtp = self._open()
            _transaction(self.smtp, envelope_from, to, data, before_final_dot)
            return None
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return _failure(code, text)
        except smtplib.SMTPResponseException as exc:  # sender refused, data refused…
            if exc.smtp_code == 421:
                self.close()
            return _failure(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPException, OSError) as exc:
            # Connection lost or refused. If it broke after the message's final dot and before
            # the 250, the server may have it: RFC 1047's window, retried (docs/campaigns.md).
            self.close()
            return Failure(True, f"connection: {exc}"[:500])

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


def _transaction(
    smtp: smtplib.SMTP,
    envelope_from: str,
    to: str,
    data: bytes,
    before_final_dot: Callable[[], None],
) -> None:
    """``SMTP.sendmail`` for one recipient, with a hook between the message and its final dot
    (smtplib sends both in one write). Raises the exceptions ``sendmail`` raises."""
    smtp.ehlo_or_helo_if_needed()
    options = [f"size={len(data)}"] if smtp.does_esmtp and smtp.has_extn("size") else []
    code, reply = smtp.mail(envelope_from, options)
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, envelope_from)
    code, reply = smtp.rcpt(to)
    if code not in (250, 251):
        _abandon(smtp, code)
        raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
    smtp.putcmd("data")
    code, reply = smtp.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    body = re.sub(rb"(?m)^\.", b"..", data)  # dot-stuffing, as smtplib does
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    smtp.send(body)
    before_final_dot()
    smtp.send(b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


def _abandon(smtp: smtplib.SMTP, code: int) -> None:
    """After a refusal: a 421 means the server is closing the connection, otherwise reset the
    transaction so the connection serves the next message (as ``sendmail`` does)."""
    if code == 421:
        smtp.close()
    else:
        smtp.rset()


def _failure(code: int, text: bytes | str) -> Failure:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return Failure(400 <= code < 500, f"{code} {text}"[:500])


class RateLimiter:
    """At most ``per_second`` messages a second (evenly spaced) and ``per_hour`` in any hour.

    0 means no limit. ``clock`` and ``sleep`` are injectable so tests count instead of timing.
    """

    def __init__(
        self,
        per_second: float,
        per_hour: int,
        *,
        recent: list[float] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.per_hour = per_hour
        self.clock, self.sleep = clock, sleep
        self.next_at = 0.0
        self.window: deque[float] = deque(sorted(recent or []))

    def hour_budget(self) -> int | None:
        """How many more messages this hour allows now (None: no hourly limit)."""
        if self.per_hour <= 0:
            return None
        now = self.clock()
        while self.window and self.window[0] <= now - 3600:
            self.window.popleft()
        return max(0, self.per_hour - len(self.window))

    def seconds_until_budget(self) -> float:
        if not self.window:
            return 0.0
        return max(0.0, self.window[0] + 3600 - self.clock())

    def wait(self) -> None:
        """Block until the next message may go, then count it."""
        now = self.clock()
        if self.interval:
            if self.next_at > now:
                self.sleep(self.next_at - now)
                now = self.next_at
            self.next_at = now + self.interval
        if self.per_hour > 0:
            self.window.append(now)
