"""Reading an IMAP mailbox, read-only: ``imaps://ana@mail.example/INBOX``.

The one IMAP client of Relais: the import reads people's exchanges through it
(``relais.ingest.readers.imap`` turns each message into a timeline record), and outreach reads
bounces and replies through it. ``fetch_messages`` streams the raw messages. It follows RFC 3501
(IMAP4rev1), RFC 5092 (IMAP URLs) and RFC 8314 (TLS for mail access).

- **Nothing changes on the server.** The mailbox is opened with EXAMINE (read-only) and
  messages are fetched with ``BODY.PEEK[]``, so no message is marked as read.
- **Record numbers are UIDs.** A message's UID never changes while the mailbox's UIDVALIDITY
  stays the same, whereas its position moves whenever an older message is deleted. The source
  is named ``imaps://ana@mail.example/INBOX;UIDVALIDITY=1712345678`` and record ``n`` is the
  message of UID ``n``: together, the message's RFC 5092 URL. When the server renumbers the
  mailbox (a new UIDVALIDITY), the source name changes with it, and ``since_uid`` is ignored
  if the caller says which UIDVALIDITY it was counted in.
- **Password.** From ``RELAIS_IMAP_PASSWORD``, else from the ``password`` callable the command
  line passes (it prompts on a terminal). Never in the address, never in a source name or a
  message.
- **TLS.** ``imaps://`` is TLS from the first byte (port 993); ``imap://`` (port 143) upgrades
  with STARTTLS whenever the server offers it. Without TLS the password is only sent to a
  loopback address, or when the caller passes ``allow_insecure=True``. Certificates are checked
  against the system's authorities (``SSL_CERT_FILE`` names another bundle) unless the caller
  passes its own ``ssl_context``.
- **Private addresses are allowed.** Outbound HTTP goes through the one function that refuses
  private addresses, because those URLs come from content (a website, a feed) and could be
  turned against the internal network. An IMAP server is different: the person importing names
  it and logs in to it with their own password, and self-hosted mail servers usually live on a
  private network (``imap://mail.lan/INBOX``, ``imaps://10.0.0.5/INBOX``). Refusing those would
  refuse the very users Relais is for, and nothing read is sent anywhere else.
"""

from __future__ import annotations

import base64
import datetime as dt
import imaplib
import ipaddress
import os
import re
import socket
import ssl
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .errors import ReadError

PASSWORD_VARIABLE = "RELAIS_IMAP_PASSWORD"  # noqa: S105 (its name, not a password)
DEFAULT_PORTS = {"imaps": 993, "imap": 143}
# A batch is at most this many messages and this many bytes (one message may be larger).
BATCH_MESSAGES = 200
BATCH_BYTES = 20_000_000

_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_INTERNALDATE = re.compile(
    rb'INTERNALDATE "\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"'
)
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun")
        + ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}
_CODE = re.compile(r"^\[[^\]]*\]\s*")  # a response code: [AUTHENTICATIONFAILED]
_TIMING = re.compile(r"\s*\(\d+\.\d+( \+ \d+\.\d+)* secs\)\.?$")  # Dovecot's timings


def is_imap_url(value: str) -> bool:
    return value.lower().startswith(("imap://", "imaps://"))


@dataclass(frozen=True)
class Account:
    """Where to read: an ``imap://`` or ``imaps://`` address taken apart."""

    tls: bool
    user: str
    host: str
    port: int
    mailbox: str

    @property
    def name(self) -> str:
        """The address as shown in source names and errors: never a password."""
        scheme = "imaps" if self.tls else "imap"
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == DEFAULT_PORTS[scheme] else f":{self.port}"
        return f"{scheme}://{self.user}@{host}{port}/{self.mailbox}"

    @property
    def loopback(self) -> bool:
        if self.host.lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_url(url: str) -> Account:
    """``imaps://user@host[:port]/MAILBOX`` (percent-encoded) as an Account; ReadError if not."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    user, host = unquote(parts.username or ""), parts.hostname or ""
    shown = f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"
    if scheme not in DEFAULT_PORTS:
        raise ReadError(shown, "not an IMAP address (imap:// or imaps://)")
    if parts.password is not None:
        raise ReadError(
            shown,
            f"do not write the password in the address: set {PASSWORD_VARIABLE}",
        )
    if not host:
        raise ReadError(shown, "no server name in the address")
    if not user:
        raise ReadError(shown, "no user name in the address (imaps://user@host/INBOX)")
    if parts.query or parts.fragment:
        raise ReadError(shown, "unexpected '?' or '#' in the address")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise ReadError(shown, "invalid port number") from None
    mailbox = unquote(parts.path.lstrip("/")) or "INBOX"
    return Account(scheme == "imaps", user, host, port, mailbox)


def mailbox_utf7(name: str) -> str:
    """A mailbox name in IMAP's modified UTF-7 (RFC 3501 §5.1.3): "Envoyés" → "Envoy&AOk-s"."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = base64.b64encode("".join(pending).encode("utf-16-be")).decode()
            out.append("&" + raw.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _said(answer: object) -> str:
    """What the server said, without response codes and timings."""
    if isinstance(answer, BaseException) and answer.args:
        answer = answer.args[0]
    if isinstance(answer, list | tuple):
        answer = answer[-1] if answer else ""
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    return (
        _TIMING.sub("", _CODE.sub("", str(answer or "").strip())) or "no reason given"
    )


def _resolve_password(name: str, password: Callable[[], str] | None) -> str:
    found = os.environ.get("RELAIS_IMAP_PASSWORD", "")
    if not found and password is not None:
        found = password()
    if not found:
        raise ReadError(name, f"no password: set {PASSWORD_VARIABLE}")
    return found


@contextmanager
def _network_errors(account: Account, timeout: float) -> Iterator[None]:
    """Socket, TLS and protocol failures as one ReadError line, never a traceback."""
    where = f"{account.host}:{account.port}"
    name = account.name
    try:
        yield
    except ssl.SSLCertVerificationError as exc:
        raise ReadError(name, f"TLS failed: {exc.verify_message}") from None
    except ssl.SSLError as exc:
        raise ReadError(name, f"TLS failed: {exc.reason or exc}") from None
    except socket.gaierror:
        raise ReadError(name, f"unknown server {account.host}") from None
    except TimeoutError:
        raise ReadError(name, f"no answer from {where} in {timeout:g} s") from None
    except ConnectionRefusedError:
        raise ReadError(name, f"connection refused by {where}") from None
    except OSError as exc:
        raise ReadError(
            name, f"cannot talk to {where} ({exc.strerror or exc})"
        ) from None
    except imaplib.IMAP4.abort as exc:
        raise ReadError(name, f"connection lost ({_said(exc)})") from None
    except imaplib.IMAP4.error as exc:
        raise ReadError(name, f"server error ({_said(exc)})") from None


def _connect(
    account: Account,
    context: ssl.SSLContext | None,
    allow_insecure: bool,
    timeout: float,
) -> imaplib.IMAP4:
    context = context or ssl.create_default_context()
    if account.tls:
        return imaplib.IMAP4_SSL(
            account.host, account.port, ssl_context=context, timeout=timeout
        )
    connection = imaplib.IMAP4(account.host, account.port, timeout=timeout)
    try:
        if "STARTTLS" in connection.capabilities:
            connection.starttls(context)
        elif not (allow_insecure or account.loopback):
            raise ReadError(
                account.name,
                "the server offers no TLS (STARTTLS): refusing to send the password "
                "unencrypted; use imaps:// or allow an insecure connection",
            )
    except BaseException:
        _close(connection)
        raise
    return connection


def _login(connection: imaplib.IMAP4, account: Account, password: str) -> None:
    try:
        if "AUTH=PLAIN" in connection.capabilities:  # UTF-8 user names and passwords
            connection.authenticate(
                "PLAIN", lambda _: f"\0{account.user}\0{password}".encode()
            )
        elif "LOGINDISABLED" in connection.capabilities:
            raise ReadError(account.name, "the server refuses to log in without TLS")
        elif not (account.user + password).isascii():
            raise ReadError(
                account.name,
                "the server cannot take a user name or password with accents",
            )
        else:
            connection.login(_quote(account.user), password)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error as exc:
        raise ReadError(account.name, f"login failed ({_said(exc)})") from None


def _close(connection: imaplib.IMAP4) -> None:
    with suppress(imaplib.IMAP4.error, OSError, ValueError):
        if connection.state in {"AUTH", "SELECTED"}:
            connection.logout()  # which shuts the connection down too
        else:
            connection.shutdown()


def _uid_set(uids: list[int]) -> str:
    """Sorted UIDs as an IMAP set: [1, 2, 3, 7] → "1:3,7"."""
    ranges: list[list[int]] = []
    for uid in uids:
        if ranges and uid == ranges[-1][1] + 1:
            ranges[-1][1] = uid
        else:
            ranges.append([uid, uid])
    return ",".join(f"{a}:{b}" if a != b else str(a) for a, b in ranges)


def _batches(sizes: list[tuple[int, int]]) -> Iterator[list[int]]:
    batch: list[int] = []
    total = 0
    for uid, size in sizes:
        if batch and (len(batch) >= BATCH_MESSAGES or total + size > BATCH_BYTES):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += size
    if batch:
        yield batch


def _internaldate(meta: bytes) -> dt.datetime | None:
    found = _INTERNALDATE.search(meta)
    if not found:
        return None
    day, month, year, hour, minute, second, sign, oh, om = (
        g.decode() for g in found.groups()
    )
    if month.title() not in _MONTHS:
        return None
    offset = dt.timedelta(hours=int(oh), minutes=int(om))
    zone = dt.timezone(-offset if sign == "-" else offset)
    try:
        return dt.datetime(
            int(year),
            _MONTHS[month.title()],
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=zone,
        )
    except ValueError:
        return None


def _fetched(data: list[object]) -> dict[int, tuple[bytes, dt.datetime | None]]:
    """UID → (message, INTERNALDATE) from a UID FETCH answer, whatever the item order."""
    found = {}
    for index, item in enumerate(data):
        if not (isinstance(item, tuple) and len(item) == 2):
            continue
        meta, body = item
        following = data[index + 1] if index + 1 < len(data) else b""
        if isinstance(following, bytes):
            meta += b" " + following  # items the server sent after the message
        uid = _UID.search(meta)
        if uid and isinstance(body, bytes):
            found[int(uid.group(1))] = (body, _internaldate(meta))
    return found


def _uid_command(connection: imaplib.IMAP4, *args: str) -> list[object]:
    kind, data = connection.uid(*args)
    if kind != "OK":
        raise imaplib.IMAP4.error(f"UID {args[0]}: {_said(data)}")
    return list(data)


@dataclass(frozen=True)
class FetchedMessage:
    """One message as the server holds it, with where it comes from."""

    uid: int
    body: bytes
    received: dt.datetime | None  # the server's INTERNALDATE
    source_name: str  # the mailbox's address with its UIDVALIDITY, no password
    uidvalidity: int | None


def fetch_messages(
    url: str,
    *,
    password: Callable[[], str] | None = None,
    since_uid: int = 0,
    uidvalidity: int | None = None,
    ssl_context: ssl.SSLContext | None = None,
    allow_insecure: bool = False,
    timeout: float = 30.0,
) -> Generator[FetchedMessage, None, None]:
    """Stream the messages of one IMAP mailbox, oldest UID first, leaving them unread.

    ``since_uid``: only messages of a greater UID (an incremental read); ignored when
    ``uidvalidity`` is given and the mailbox's differs, since its UIDs were renumbered.
    Raises ReadError, naming the address without its password, for anything that stops
    the reading: a bad address, no password, an unreachable server, a TLS failure, a refused
    login, an unknown mailbox.
    """

    account = parse_url(url)
    secret = _resolve_password(account.name, password)
    connection: imaplib.IMAP4 | None = None
    with _network_errors(account, timeout):
        try:
            connection = _connect(account, ssl_context, allow_insecure, timeout)
            _login(connection, account, secret)
            kind, data = connection.select(
                _quote(mailbox_utf7(account.mailbox)), readonly=True
            )
            if kind != "OK":
                raise ReadError(
                    account.name,
                    f"cannot open mailbox {account.mailbox!r} ({_said(data)})",
                )
            exists = int(data[0]) if data and data[0] else 0
            _, found = connection.response("UIDVALIDITY")
            validity = int(found[-1]) if found and found[-1] else None
            if uidvalidity is not None and validity != uidvalidity:
                since_uid = 0
            source_name = (
                f"{account.name};UIDVALIDITY={validity}" if validity else account.name
            )
            if not exists:
                return
            answer = _uid_command(
                connection, "FETCH", f"{since_uid + 1}:*", "(UID RFC822.SIZE)"
            )
            sizes = []
            for line in answer:
                if isinstance(line, bytes) and (seen := _UID.search(line)):
                    size = _SIZE.search(line)
                    sizes.append(
                        (int(seen.group(1)), int(size.group(1)) if size else 0)
                    )
            # "n:*" names the last message even when its UID is below n (RFC 3501 §6.4.8).
            sizes = sorted((uid, size) for uid, size in sizes if uid > since_uid)
            for batch in _batches(sizes):
                answer = _uid_command(
                    connection,
                    "FETCH",
                    _uid_set(batch),
                    "(UID INTERNALDATE BODY.PEEK[])",
                )
                messages = _fetched(answer)
                for uid in batch:
                    if uid not in messages:
                        continue  # expunged meanwhile
                    body, received = messages[uid]
                    yield FetchedMessage(uid, body, received, source_name, validity)
        finally:
            if connection is not None:
                _close(connection)
