"""Mail from an IMAP account, read as timeline records: ``imaps://ana@mail.example/INBOX``.

People keep their exchanges on a mail server, not in mbox files: this reader lets the import
take them from there, message by message through ``parse_message`` (mailbox.py), exactly as
an mbox or a Maildir would be read. The IMAP client itself (TLS, password, read-only access,
record numbers as UIDs) is ``relais.mail.imap``, shared with outreach's bounce reading.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Collection, Generator

from relais.mail.imap import (
    PASSWORD_VARIABLE,
    Account,
    fetch_messages,
    is_imap_url,
    mailbox_utf7,
    parse_url,
)

from .mailbox import parse_message
from .records import Record

__all__ = [
    "DESCRIPTION",
    "PASSWORD_VARIABLE",
    "Account",
    "is_imap_url",
    "mailbox_utf7",
    "parse_url",
    "read_imap",
]

DESCRIPTION = "IMAP mailbox"


def read_imap(
    url: str,
    *,
    password: Callable[[], str] | None = None,
    workspace_emails: Collection[str] = (),
    since_uid: int = 0,
    uidvalidity: int | None = None,
    ssl_context: ssl.SSLContext | None = None,
    allow_insecure: bool = False,
    timeout: float = 30.0,
) -> Generator[Record, None, None]:
    """The messages of one IMAP mailbox as records, oldest UID first, leaving them unread;
    record numbers are UIDs (see ``relais.mail.imap.fetch_messages`` for the rest)."""
    for message in fetch_messages(
        url,
        password=password,
        since_uid=since_uid,
        uidvalidity=uidvalidity,
        ssl_context=ssl_context,
        allow_insecure=allow_insecure,
        timeout=timeout,
    ):
        yield parse_message(
            message.body,
            source_name=message.source_name,
            record_number=message.uid,
            workspace_emails=workspace_emails,
            fallback_date=message.received,
        )
