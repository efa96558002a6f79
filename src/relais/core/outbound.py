"""The one way Relais makes an HTTP request to a URL someone else chose (feeds, APIs, links).

A URL typed by a user or found in a feed can point at the server's own network: the cloud
metadata service (169.254.169.254), a database on 127.0.0.1, a router's admin page. This is
server-side request forgery (OWASP SSRF Prevention Cheat Sheet). ``fetch`` therefore:

- accepts ``http`` and ``https`` only;
- resolves the host once and refuses loopback, private, link-local, multicast, reserved and
  other non-global addresses, IPv4 and IPv6 (IPv4-mapped IPv6 included);
- connects to the address it checked (the URL is rewritten to the IP; ``Host`` and TLS SNI keep
  the name, so certificates are still verified against it): no second lookup, no DNS rebinding;
- follows at most 5 redirects itself, checking each target the same way;
- times out (connect 5 s, whole request 20 s) and caps the body (5 MB, after decompression);
- ignores proxy environment variables and ``.netrc``.

The only way to reach a refused address is ``RELAIS_OUTBOUND_ALLOW``: ``host:port`` entries,
matched against the URL's host and port as written (tests list their local servers there).
Every refusal raises an ``OutboundError`` whose message says which rule refused what.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from django.conf import settings

from relais.core.errors import RelaisError

CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 20.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "Relais (self-hosted CRM; +https://relais.example/bot)"
_REDIRECTS = {301, 302, 303, 307, 308}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundError(RelaisError):
    """A request that was refused or failed; the message names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class OutboundRefused(OutboundError):
    """Refused before any byte was sent (scheme, address, too many redirects)."""


class OutboundTimeout(OutboundError):
    """The server did not connect or answer in time."""


class OutboundTooLarge(OutboundError):
    """The body went past the size cap; nothing of it is returned."""


@dataclass
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: httpx.Headers
    content: bytes
    redirects: list[str] = field(default_factory=list)

    def text(self) -> str:
        return self.content.decode(self.encoding(), errors="replace")

    def encoding(self) -> str:
        ctype = self.headers.get("content-type", "")
        for part in ctype.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return "utf-8"


def allow_list() -> frozenset[str]:
    """The ``host:port`` pairs that may be private addresses (lower-case)."""
    return frozenset(
        entry.strip().lower()
        for entry in getattr(settings, "RELAIS_OUTBOUND_ALLOW", [])
        if entry.strip()
    )


def refusal(ip: IPAddress) -> str | None:
    """Why this address may not be reached, or None if it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return refusal(ip.ipv4_mapped)
    for attribute, reason in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address (cloud metadata lives there)"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
        ("is_unspecified", "the unspecified address"),
    ):
        if getattr(ip, attribute):
            return reason
    if not ip.is_global:
        return "not a public address"
    return None


def _resolve(url: str, host: str, port: int) -> list[str]:
    """The addresses this request may connect to, in the resolver's order, all checked."""
    try:
        literal = ipaddress.ip_address(host)
        addresses: list[IPAddress] = [literal]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise OutboundError(
                url, f"the host {host!r} does not resolve ({exc})"
            ) from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise OutboundError(url, f"the host {host!r} has no address")
    if f"{host}:{port}" not in allow_list():
        for (
            ip
        ) in addresses:  # one bad address is enough: the resolver may pick it later
            if reason := refusal(ip):
                raise OutboundRefused(
                    url,
                    f"refused: {host} resolves to {ip}, {reason} "
                    "(list it in RELAIS_OUTBOUND_ALLOW as host:port to allow it)",
                )
    shown = (f"[{ip}]" if ip.version == 6 else str(ip) for ip in addresses)
    return list(dict.fromkeys(shown))


@cache
def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def _target(url: str) -> tuple[str, str, str, int]:
    """(scheme, host, host header, port) of a URL, or OutboundRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise OutboundRefused(url, f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise OutboundRefused(
            url, f"refused: only http and https URLs, not {scheme or 'none'!r}"
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise OutboundRefused(url, "refused: the URL has no host")
    if parts.username or parts.password:
        raise OutboundRefused(url, "refused: credentials in the URL")
    default = 443 if scheme == "https" else 80
    port = port or default
    shown = f"[{host}]" if ":" in host else host
    host_header = shown if port == default else f"{shown}:{port}"
    return scheme, host, host_header, port


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
    max_bytes: int | None = None,
    connect_timeout: float | None = None,
    total_timeout: float | None = None,
    max_redirects: int = MAX_REDIRECTS,
) -> Response:
    """Request ``url`` under the rules above; any status is returned (304 included).

    Limits default to the module's ``MAX_BYTES``, ``CONNECT_TIMEOUT`` and ``TOTAL_TIMEOUT``.
    """
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    connect_timeout = CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
    total_timeout = TOTAL_TIMEOUT if total_timeout is None else total_timeout
    deadline = time.monotonic() + total_timeout
    redirects: list[str] = []
    current = url
    with httpx.Client(
        verify=_ssl_context(), trust_env=False, follow_redirects=False, http2=False
    ) as client:
        while True:
            response = _one(
                client,
                current,
                method,
                headers,
                content,
                max_bytes,
                connect_timeout,
                deadline,
            )
            if response.status not in _REDIRECTS or "location" not in response.headers:
                response.redirects = redirects
                response.url = current
                return response
            if len(redirects) >= max_redirects:
                raise OutboundRefused(
                    url, f"refused: more than {max_redirects} redirects"
                )
            current = urljoin(current, response.headers["location"])
            redirects.append(current)
            if response.status == 303 or (
                response.status in (301, 302) and method == "POST"
            ):
                method, content = "GET", None


def _one(
    client: httpx.Client,
    url: str,
    method: str,
    headers: dict[str, str] | None,
    content: bytes | None,
    max_bytes: int,
    connect_timeout: float,
    deadline: float,
) -> Response:
    scheme, host, host_header, port = _target(url)
    addresses = _resolve(url, host, port)
    parts = urlsplit(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OutboundTimeout(url, "timed out (total time limit)")
    sent = {"User-Agent": USER_AGENT, **(headers or {}), "Host": host_header}
    timeout = httpx.Timeout(remaining, connect=min(connect_timeout, remaining))
    extensions = {"sni_hostname": host} if scheme == "https" else {}
    for index, address in enumerate(addresses):
        pinned = urlunsplit(
            (scheme, f"{address}:{port}", parts.path or "/", parts.query, "")
        )
        request = client.build_request(
            method,
            pinned,
            headers=sent,
            content=content,
            timeout=timeout,
            extensions=extensions,
        )
        try:
            return _read(client, request, url, max_bytes, connect_timeout, deadline)
        except _Unreachable:
            if index == len(addresses) - 1:  # e.g. IPv6 first on a host without IPv6
                raise OutboundError(
                    url, f"no connection to {host} ({', '.join(addresses)})"
                ) from None
    raise AssertionError("unreachable: _resolve returns at least one address")


class _Unreachable(Exception):
    """Connecting to one of the host's addresses failed; the next may work."""


def _read(
    client: httpx.Client,
    request: httpx.Request,
    url: str,
    max_bytes: int,
    connect_timeout: float,
    deadline: float,
) -> Response:
    try:
        reply = client.send(request, stream=True)
        try:
            declared = reply.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise OutboundTooLarge(
                    url,
                    f"the response is {int(declared):,} bytes, over the {max_bytes:,} limit",
                )
            body = bytearray()
            for chunk in reply.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise OutboundTooLarge(
                        url, f"the response went past the {max_bytes:,} byte limit"
                    )
                if time.monotonic() > deadline:
                    raise OutboundTimeout(url, "timed out (total time limit)")
        finally:
            reply.close()
    except httpx.ConnectError:
        raise _Unreachable() from None
    except httpx.ConnectTimeout:
        raise OutboundTimeout(
            url, f"no connection within {connect_timeout:g} s"
        ) from None
    except httpx.TimeoutException:
        raise OutboundTimeout(url, "timed out waiting for the server") from None
    except httpx.HTTPError as exc:
        raise OutboundError(
            url, f"request failed ({type(exc).__name__}: {exc})"
        ) from None
    return Response(
        url=url, status=reply.status_code, headers=reply.headers, content=bytes(body)
    )
