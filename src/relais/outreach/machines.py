"""Telling machines from people on the tracking endpoints, from the request alone.

Since 2021 Apple Mail Privacy Protection (MPP) fetches every image of a message through
Apple's proxies as soon as it is delivered, whether or not anyone reads it; corporate mail
filters (Barracuda, Mimecast, Proofpoint, Microsoft Defender Safe Links…) follow every link
of an incoming message to test it. Counted as people, they make a campaign look read and
clicked by everyone. Such hits are **kept and flagged** (``DeliveryEvent.machine`` with a
``reason``) and left out of the human figures.

What is decided here needs nothing but the request; the rules that need the delivery (a click
seconds after it was sent, every link clicked at once) are applied when hits are written
(``relais.outreach.services.tracking``). The client's IP address is only looked at here, to
see whether it is in Apple's network, and never stored.
"""

from __future__ import annotations

import ipaddress
import re

# Apple owns 17.0.0.0/8; MPP's image proxies fetch from it (and from partner CDNs, which the
# user agent rule below catches: MPP sends the bare "Mozilla/5.0").
APPLE_NETWORKS = (ipaddress.ip_network("17.0.0.0/8"),)

# Known scanner and proxy agents (lowercase substrings) → reason.
SCANNER_AGENTS: tuple[tuple[str, str], ...] = (
    ("barracuda", "scanner:barracuda"),
    ("mimecast", "scanner:mimecast"),
    ("proofpoint", "scanner:proofpoint"),
    ("bingpreview", "scanner:microsoft"),
    ("safelinks", "scanner:microsoft"),
    ("microsoft office", "scanner:microsoft"),
    ("ms-office", "scanner:microsoft"),
    ("forcepoint", "scanner:forcepoint"),
    ("trendmicro", "scanner:trendmicro"),
    ("symantec", "scanner:symantec"),
    ("messagelabs", "scanner:symantec"),
    ("sophos", "scanner:sophos"),
    ("fortinet", "scanner:fortinet"),
    ("cisco", "scanner:cisco"),
    ("ironport", "scanner:cisco"),
    ("vade", "scanner:vade"),
    ("googleimageproxy", "proxy:google"),
    ("yahoomailproxy", "proxy:yahoo"),
    ("python-requests", "bot"),
    ("curl/", "bot"),
    ("wget/", "bot"),
    ("go-http-client", "bot"),
    ("headlesschrome", "bot"),
    ("bot", "bot"),
    ("spider", "bot"),
    ("crawler", "bot"),
)
_BARE_MOZILLA = re.compile(r"^mozilla/5\.0$", re.I)


def _in_apple_network(ip: str) -> bool:
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in APPLE_NETWORKS)


def machine_reason(kind: str, *, user_agent: str, ip: str, method: str) -> str:
    """Why this hit looks automated ("" when it looks like a person).

    ``kind`` is "open" or "click". Reasons: ``head`` (a HEAD request: a link checker, no
    browser sends one to follow a link), ``apple_mpp``, ``scanner:<vendor>``, ``proxy:<who>``,
    ``bot``, ``no_agent``.
    """
    if method.upper() == "HEAD":
        return "head"
    agent = " ".join(user_agent.split()).lower()
    if kind == "open" and (_BARE_MOZILLA.match(agent) or _in_apple_network(ip)):
        return "apple_mpp"
    for needle, reason in SCANNER_AGENTS:
        if needle in agent:
            return reason
    if not agent:
        return "no_agent"
    if kind == "click" and _in_apple_network(ip):
        # Apple's own link previews (iMessage, Mail) fetch from Apple's network too.
        return "apple_proxy"
    return ""
