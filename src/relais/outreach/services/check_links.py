"""The rules of the message check about links and HTML: URL shorteners, too many links, a link
whose text shows another address than its target, raw IP addresses, image-only HTML.

Shorteners hide where a link goes; filters score them, and readers who hover see nothing they
can trust. Only what the message holds is read: no link is ever fetched.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .check_rules import Finding

SHORTENERS = frozenset(
    {
        "bit.ly",
        "bitly.com",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "tiny.cc",
        "t.ly",
        "rb.gy",
        "v.gd",
        "bl.ink",
        "lnkd.in",
        "s.id",
        "tr.im",
        "shorte.st",
        "adf.ly",
        "qr.ae",
        "soo.gd",
        "clck.ru",
        "urlz.fr",
        "x.co",
    }
)
MAX_LINKS = 8
_URL = re.compile(r"""(?i)\b(?:https?://|www\.)[^\s<>"'(){}\[\]]+""")
_DOMAIN_TEXT = re.compile(
    r"(?i)^(?P<prefix>https?://|www\.)?(?:www\.)?(?P<host>(?:[a-z0-9-]+\.)+(?P<tld>[a-z]{2,}))"
    r"(?:[/:?#]\S*)?$"
)
# Link text counts as an address when it has a scheme or "www.", or ends in one of these: so
# that "Node.js" or "README.md" shown on a link are words, not addresses.
_COMMON_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "fr",
        "eu",
        "de",
        "be",
        "ch",
        "lu",
        "ca",
        "uk",
        "io",
        "co",
        "info",
        "biz",
        "me",
        "app",
        "dev",
        "es",
        "it",
        "nl",
        "pt",
        "at",
        "dk",
        "se",
        "no",
        "fi",
        "pl",
        "ie",
        "us",
        "gov",
        "edu",
        "bank",
    ]
)
_MIN_TEXT_WITH_IMAGES = 40


@dataclass
class _Html(HTMLParser):
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, visible text)
    text: list[str] = field(default_factory=list)
    images: int = 0
    _href: str | None = None
    _anchor: list[str] = field(default_factory=list)
    _skip: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._anchor = []
        elif tag == "img":
            self.images += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._anchor).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._anchor.append(data)


def _parse(body_html: str) -> _Html:
    parser = _Html()
    try:
        parser.feed(body_html)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was read
        pass
    return parser


def visible_text(body_html: str) -> str:
    """The text a reader sees in an HTML body (no tags, scripts or styles)."""
    return " ".join(_parse(body_html).text) if body_html.strip() else ""


def _host(url: str) -> str:
    if url.lower().startswith("www."):
        url = "http://" + url
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def _is_shortener(host: str) -> bool:
    return any(host == s or host.endswith("." + s) for s in SHORTENERS)


def _same_site(a: str, b: str) -> bool:
    a, b = a.removeprefix("www."), b.removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def links_and_html(body_text: str, body_html: str) -> Iterator[Finding]:
    parsed = _parse(body_html) if body_html.strip() else _Html()
    urls = [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(body_text)]
    urls += [
        href
        for href, _text in parsed.links
        if href.lower().startswith(("http", "www."))
    ]
    urls += [m.group(0) for m in _URL.finditer(" ".join(parsed.text))]
    reported: set[str] = set()
    for url in urls:
        host = _host(url)
        if not host or host in reported:
            continue
        if _is_shortener(host):
            reported.add(host)
            yield Finding(
                "url_shortener",
                "medium",
                _(
                    "A shortened link (%(host)s) hides where it goes: filters distrust it. "
                    "Give the full address."
                )
                % {"host": host},
                excerpt=url[:200],
            )
        elif _is_ip(host):
            reported.add(host)
            yield Finding(
                "ip_link",
                "medium",
                _("A link points to a bare IP address: give the site's name."),
                excerpt=url[:200],
            )
    distinct = {u.rstrip("/") for u in urls if "{{" not in u}
    if len(distinct) > MAX_LINKS:
        yield Finding(
            "too_many_links",
            "medium",
            _(
                "The message has %(n)d links: more than %(max)d looks like a newsletter or spam."
            )
            % {"n": len(distinct), "max": MAX_LINKS},
        )
    for href, text in parsed.links:
        shown = _DOMAIN_TEXT.match(text)
        if shown and not (shown["prefix"] or shown["tld"].lower() in _COMMON_TLDS):
            shown = None
        target = _host(href)
        if (
            shown
            and target
            and "{{" not in href
            and not _same_site(shown["host"].lower(), target)
        ):
            yield Finding(
                "link_text_mismatch",
                "medium",
                _(
                    "A link shows “%(shown)s” but leads to %(target)s: that is what phishing "
                    "does. Show the real address or plain words."
                )
                % {"shown": text[:100], "target": target},
                excerpt=href[:200],
            )
    words = " ".join(parsed.text).split()
    if parsed.images and len(" ".join(words)) < _MIN_TEXT_WITH_IMAGES:
        yield Finding(
            "image_only",
            "medium",
            _(
                "The HTML is made of images with almost no text: filters distrust it and many "
                "readers do not load images."
            ),
        )
