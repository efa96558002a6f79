"""The request-only rules that tell machines from people on the tracking endpoints."""

from __future__ import annotations

import pytest

from relais.outreach.machines import machine_reason

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE_MAIL = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148"
)


@pytest.mark.parametrize(
    ("kind", "agent", "ip", "method", "reason"),
    [
        ("open", FIREFOX, "203.0.113.5", "GET", ""),
        ("open", IPHONE_MAIL, "198.51.100.7", "GET", ""),  # Mail without MPP: a person
        ("open", "Mozilla/5.0", "198.51.100.7", "GET", "apple_mpp"),
        ("open", IPHONE_MAIL, "17.110.3.9", "GET", "apple_mpp"),
        ("open", IPHONE_MAIL, "::ffff:17.110.3.9", "GET", "apple_mpp"),
        (
            "click",
            "Mozilla/5.0",
            "198.51.100.7",
            "GET",
            "",
        ),  # the bare agent only for opens
        ("click", FIREFOX, "17.1.2.3", "GET", "apple_proxy"),
        ("click", FIREFOX, "203.0.113.5", "HEAD", "head"),
        (
            "click",
            "Mozilla/5.0 (compatible; BingPreview/1.0b)",
            "",
            "GET",
            "scanner:microsoft",
        ),
        ("click", "Proofpoint URL Defense", "", "GET", "scanner:proofpoint"),
        (
            "open",
            f"{FIREFOX} (via ggpht.com GoogleImageProxy)",
            "",
            "GET",
            "proxy:google",
        ),
        ("click", "curl/8.5.0", "", "GET", "bot"),
        ("click", "", "", "GET", "no_agent"),
        ("open", FIREFOX, "not an address", "GET", ""),
    ],
)
def test_machine_reason(kind, agent, ip, method, reason) -> None:
    assert machine_reason(kind, user_agent=agent, ip=ip, method=method) == reason
