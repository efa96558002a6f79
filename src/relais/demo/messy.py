"""Contact points written the way real files write them: spaces, dots, prefixes, odd case.

Each function takes the clean value and a ``random.Random`` and returns one plausible
spelling, so the importers and normalisers meet what people actually type.
"""

from __future__ import annotations

import random
import re

from relais.core.text import fold


def fr_phone(digits: str, rng: random.Random, international_only: bool = False) -> str:
    """A French number ('0639981234') as people write it: '06 39 98 12 34', '+33 (0)6…'."""
    pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
    rest = " ".join(pairs)[1:]  # '6 39 98 12 34'
    international = [
        f"+33 {rest}",
        f"+33 (0){rest}",
        f"0033 {rest}",
        "+33" + digits[1:],
    ]
    national = [" ".join(pairs), ".".join(pairs), digits, "-".join(pairs)]
    return rng.choice(
        international if international_only else international + national * 2
    )


def gb_phone(national: str, rng: random.Random) -> str:
    """A UK number ('07700900123' or '02079460123') in one of its usual spellings."""
    if national.startswith("07"):
        head, tail = national[:5], national[5:]
    elif national.startswith("02"):
        head, tail = national[:3], f"{national[3:7]} {national[7:]}"
    else:
        head, tail = national[:4], f"{national[4:7]} {national[7:]}"
    return rng.choice(
        [
            f"{head} {tail}",
            f"+44 {head[1:]} {tail}",
            f"+44 (0){head[1:]} {tail}",
            national,
        ]
    )


def nanp_phone(area: str, line: str, rng: random.Random) -> str:
    """A North American number (area '415', line '5550132') as '(415) 555-0132' and kin."""
    exchange, number = line[:3], line[3:]
    return rng.choice(
        [
            f"({area}) {exchange}-{number}",
            f"+1 {area}-{exchange}-{number}",
            f"{area}.{exchange}.{number}",
            f"+1 ({area}) {exchange} {number}",
        ]
    )


def slug(*parts: str) -> str:
    """'Loïc', 'Le Goff' → 'loic.le-goff' style building block: ASCII, hyphens for spaces."""
    words = [re.sub(r"[^a-z0-9]+", "-", fold(p)).strip("-") for p in parts]
    return ".".join(w for w in words if w)


def email(address: str, rng: random.Random) -> str:
    """An address with the case, brackets or mailto: that exports leave on it."""
    local, domain = address.split("@")
    styles = [
        address,
        address,
        address,
        f"{local.title()}@{domain.title()}",
        address.upper(),
        f"<{address}>",
        f"mailto:{address}",
        f" {address} ",
    ]
    return rng.choice(styles)


def linkedin(profile_slug: str, rng: random.Random) -> str:
    """A LinkedIn profile address with the subdomains and tracking that exports keep."""
    return rng.choice(
        [
            f"https://www.linkedin.com/in/{profile_slug}/",
            f"https://fr.linkedin.com/in/{profile_slug}",
            f"linkedin.com/in/{profile_slug}?trk=public_profile",
            f"https://www.linkedin.com/in/{profile_slug.title()}/?originalSubdomain=fr",
            f"www.linkedin.com/in/{profile_slug}",
        ]
    )
