"""The MIME message of one delivery, built with the standard library's ``email`` package.

``multipart/alternative`` with a plain-text and an HTML part, quoted-printable UTF-8 (text
only when the template has no HTML), and the headers a receiving server and a reader expect:

- ``From``: the visible sender (see ``sender_address``), ``Reply-To`` the sender's own
  address so that replies reach the person, ``Message-ID`` ``<unique@from-domain>`` (kept on the
  delivery without brackets so replies and DSNs find it), ``Date``, ``Content-Language``.
- Bulk mail (campaigns) only: RFC 8058 one-click unsubscribe, ``List-Unsubscribe:
  <https://…/u/token>`` and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, a visible
  unsubscribe link in both parts (added at the end unless the template placed
  ``{{ unsubscribe_url }}`` itself), every http(s) link rewritten to a signed click URL whose
  index names the original in ``Delivery.links`` (mailto:, tel: and the unsubscribe link are
  left alone), and a 1×1 open pixel at the end of the HTML part.

A one-to-one mail is not bulk: no unsubscribe headers, no tracking — a personal message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html as html_lib
import itertools
import os
import re
import time
from dataclasses import dataclass
from email.utils import formataddr, formatdate, parseaddr
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

from relais.outreach import links as public_links

from .render import RenderedMessage

if TYPE_CHECKING:
    from relais.accounts.models import User

_HREF = re.compile(
    r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL
)
_TEXT_URL = re.compile(r"""https?://[^\s<>"'\]\)]+""")

UNSUBSCRIBE_TEXT = {
    "fr": "Pour ne plus recevoir ces messages : {url}",
    "en": "To stop receiving these messages: {url}",
}
UNSUBSCRIBE_HTML = {
    "fr": 'Pour ne plus recevoir ces messages, <a href="{url}">désinscrivez-vous</a>.',
    "en": 'To stop receiving these messages, <a href="{url}">unsubscribe</a>.',
}


@dataclass(frozen=True, slots=True)
class Sender:
    """Who a message shows as coming from, and where bounces go."""

    name: str
    address: str  # the From address
    reply_to: str  # the person's own address ("" when no person sends it)
    envelope: str  # MAIL FROM (the bounce address)


def _default_from() -> tuple[str, str]:
    return _parse_from(str(settings.DEFAULT_FROM_EMAIL))


@lru_cache(maxsize=8)
def _parse_from(value: str) -> tuple[str, str]:
    name, address = parseaddr(value)
    return name, address or "relais@localhost"


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower() or "localhost"


def sender_address(user: User | None) -> Sender:
    """The visible sender for ``user``.

    Policy (docs/campaigns.md): the From address is the user's own when it is in the domain of
    RELAIS_MAIL_FROM (so SPF/DKIM/DMARC of the relay cover it); otherwise it is RELAIS_MAIL_FROM
    with the user's name as display name. Reply-To is always the user's address. Bounces go
    to RELAIS_MAIL_FROM (the envelope sender), the mailbox the bounce reader watches.
    """
    default_name, default_address = _default_from()
    if user is None:
        return Sender(default_name, default_address, "", default_address)
    name = user.get_full_name() or default_name
    if user.email and domain_of(user.email) == domain_of(default_address):
        return Sender(name, user.email, user.email, default_address)
    return Sender(name, default_address, user.email, default_address)


_ID_PREFIX = os.urandom(
    6
).hex()  # this process; a counter makes each id unique within it
_ID_COUNTER = itertools.count(1)


def new_message_id(from_address: str) -> str:
    """A Message-ID without brackets, unique without a random draw per message (a draw
    from the kernel per message was a tenth of the sending time):
    ``<time><process random><counter>@domain-of-from``."""
    return (
        f"{time.time_ns() // 1000:x}.{_ID_PREFIX}{next(_ID_COUNTER):x}"
        f"@{domain_of(from_address)}"
    )


@dataclass(frozen=True, slots=True)
class Composed:
    data: bytes
    links: list[str]


class _Links:
    """Rewrites http(s) links to click URLs; the same URL keeps one index in both parts."""

    def __init__(self, delivery_id: int, keep: set[str]) -> None:
        self.delivery_id = delivery_id
        self.keep = keep
        self.urls: list[str] = []
        self.index: dict[str, int] = {}

    def url(self, original: str) -> str:
        if original in self.keep or not original.lower().startswith(
            ("http://", "https://")
        ):
            return original
        i = self.index.get(original)
        if i is None:
            i = self.index[original] = len(self.urls)
            self.urls.append(original)
        return public_links.click_url(self.delivery_id, i)

    def text(self, body: str) -> str:
        return _TEXT_URL.sub(lambda m: self.url(m.group(0)), body)

    def html(self, body: str) -> str:
        def swap(m: re.Match[str]) -> str:
            new = self.url(html_lib.unescape(m.group(3)))
            return f"{m.group(1)}{m.group(2)}{html_lib.escape(new)}{m.group(2)}"

        return _HREF.sub(swap, body)


def _header(value: str) -> str:
    """RFC 2047 base64 encoded-words (at most 45 bytes of UTF-8 each, folded) when needed;
    written here because email.header's general encoder cost ~0.5 ms a subject."""
    if value.isascii() and len(value) < 900:
        return value
    words: list[str] = []
    chunk: list[str] = []
    size = 0
    for char in value:
        n = len(char.encode("utf-8"))
        if size + n > 45:
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(char)
        size += n
    words.append("".join(chunk))
    return "\r\n ".join(
        f"=?utf-8?b?{base64.b64encode(w.encode('utf-8')).decode('ascii')}?="
        for w in words
    )


def _address(name: str, address: str) -> str:
    name = _one_line(name)
    if name.isascii():
        return formataddr((name, address))
    return f"{_header(name)} <{address}>"


def compose(
    *,
    delivery_id: int,
    rendered: RenderedMessage,
    sender: Sender,
    to_email: str,
    to_name: str,
    message_id: str,
    language: str = "fr",
    bulk: bool = True,
) -> Composed:
    """The bytes to hand to SMTP, and the links of the message (``Delivery.links``)."""
    text, html = rendered.text, rendered.html
    found: list[str] = []
    headers: list[tuple[str, str]] = []
    if bulk:
        unsubscribe = public_links.unsubscribe_url(delivery_id)
        lang = language if language in UNSUBSCRIBE_TEXT else "en"
        if unsubscribe not in text:
            text = f"{text.rstrip()}\n\n-- \n{UNSUBSCRIBE_TEXT[lang].format(url=unsubscribe)}\n"
        if html and unsubscribe not in html:
            footer = f'<p style="font-size:small">{UNSUBSCRIBE_HTML[lang].format(url=unsubscribe)}</p>'
            html = _append(html, footer)
        rewriter = _Links(delivery_id, {unsubscribe})
        text = rewriter.text(text)
        if html:
            html = rewriter.html(html)
            pixel = public_links.open_pixel_url(delivery_id)
            html = _append(html, f'<img src="{pixel}" width="1" height="1" alt="">')
        found = rewriter.urls
        headers = [
            ("List-Unsubscribe", f"<{unsubscribe}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]
    head = [
        ("Subject", _header(rendered.subject)),
        ("From", _address(sender.name, sender.address)),
    ]
    if sender.reply_to:
        head.append(("Reply-To", _address(sender.name, sender.reply_to)))
    head += [
        ("To", _address(to_name, _one_line(to_email))),
        ("Date", formatdate(usegmt=True)),
        ("Message-ID", f"<{message_id}>"),
        ("Content-Language", language or "fr"),
        *headers,
        ("MIME-Version", "1.0"),
    ]
    lines = [f"{name}: {value}" for name, value in head]
    if html:
        boundary = f"=_relais_{hashlib.sha1(message_id.encode()).hexdigest()}"  # noqa: S324
        lines += [
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
            f"--{boundary}",
            *_PART_HEAD["plain"],
            "",
            _qp(text),
            f"--{boundary}",
            *_PART_HEAD["html"],
            "",
            _qp(html),
            f"--{boundary}--",
            "",
        ]
    else:
        lines += [*_PART_HEAD["plain"], "", _qp(text)]
    return Composed("\r\n".join(lines).encode("ascii"), found)


# The message is written out here rather than through email.generator: folding every header
# through email.policy cost ~1 ms a message, more than everything else together. The parts
# use the same stdlib encoders (RFC 2047 headers via email.header/email.utils, quoted-printable
# bodies via binascii); tests parse every message back with the stdlib parser.
_PART_HEAD = {
    subtype: (
        f'Content-Type: text/{subtype}; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
    )
    for subtype in ("plain", "html")
}


def _qp(body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    encoded = binascii.b2a_qp(body.encode("utf-8"), istext=True).decode("ascii")
    return encoded.replace("\n", "\r\n")


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _append(html: str, fragment: str) -> str:
    at = html.lower().rfind("</body>")
    return f"{html[:at]}{fragment}{html[at:]}" if at >= 0 else f"{html}{fragment}"
