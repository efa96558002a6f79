"""Normalised forms of contact points and organisation names.

The value a user typed is kept for display; the normalised value is what matching, search
and de-duplication compare: E.164 for phones (ITU-T E.164 via libphonenumber), lower-case
addresses for email (RFC 5321 local parts are case-sensitive in theory, never in practice),
one canonical URL per LinkedIn profile.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from relais.core.text import fold

from .models import ContactPoint

Kind = ContactPoint.Kind


class InvalidValue(ValueError):
    """A value that cannot be read as the kind of contact point it claims to be."""


def normalize_email(value: str) -> str:
    raw = value.strip()
    if raw.lower().startswith("mailto:"):
        raw = raw[7:]
    raw = raw.strip("<>\"' ")
    try:
        info = validate_email(raw, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise InvalidValue(f"'{value}' is not a valid email address ({exc}).") from None
    return info.normalized.lower()


def normalize_phone(value: str, region: str = "FR") -> str:
    """Return the E.164 form; numbers without a country prefix are read in ``region``."""
    raw = value.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region.upper() or None)
    except phonenumbers.NumberParseException:
        raise InvalidValue(f"'{value}' is not a phone number.") from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidValue(f"'{value}' is not a possible phone number for {region}.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """International format for display: '+33612345678' → '+33 6 12 34 56 78'."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


def _split_url(value: str) -> tuple[str, str, str]:
    """(host, path, query) of a web address; a missing scheme means https."""
    raw = value.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.IGNORECASE):
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. an unbalanced '[' read as an IPv6 literal
        raise InvalidValue(f"'{value}' is not a web address.") from None
    if not host or "." not in host or any(c.isspace() for c in raw):
        raise InvalidValue(f"'{value}' is not a web address.")
    return host, parts.path, parts.query


def normalize_url(value: str) -> str:
    host, path, query = _split_url(value)
    scheme = "http" if value.strip().lower().startswith("http://") else "https"
    return f"{scheme}://{host}{path.rstrip('/')}" + (f"?{query}" if query else "")


_LINKEDIN_PATH = re.compile(r"^/(in|pub|company|school)/([^/?#]+)", re.IGNORECASE)


def normalize_linkedin(value: str) -> str:
    """'fr.linkedin.com/in/Jean-Dupont/?trk=x' → 'https://www.linkedin.com/in/jean-dupont'."""
    host, path, _ = _split_url(value)
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        raise InvalidValue(f"'{value}' is not a LinkedIn address.")
    match = _LINKEDIN_PATH.match(path)
    if not match:
        raise InvalidValue(f"'{value}' is not a LinkedIn profile or company page.")
    section, slug = match.group(1).lower(), unquote(match.group(2)).lower()
    return f"https://www.linkedin.com/{section}/{slug}"


def normalize_twitter(value: str) -> str:
    raw = value.strip()
    if "/" in raw:
        host, path, _ = _split_url(raw)
        if host.removeprefix("www.").removeprefix("mobile.") not in {
            "twitter.com",
            "x.com",
        }:
            raise InvalidValue(f"'{value}' is not an X/Twitter address.")
        raw = path.strip("/").split("/")[0]
    handle = raw.lstrip("@")
    if not re.fullmatch(r"[A-Za-z0-9_]{1,15}", handle):
        raise InvalidValue(f"'{value}' is not an X/Twitter handle.")
    return "@" + handle.lower()


def normalize_mastodon(value: str) -> str:
    """'@alice@mastodon.social' and 'https://mastodon.social/@alice' → '@alice@mastodon.social'."""
    raw = value.strip()
    if "/" in raw:
        host, path, _ = _split_url(raw)
        user = path.strip("/").split("/")[0].lstrip("@")
        raw = f"@{user}@{host}"
    match = re.fullmatch(r"@?([A-Za-z0-9_.]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})", raw)
    if not match:
        raise InvalidValue(
            f"'{value}' is not a Mastodon address such as @name@instance.social."
        )
    return f"@{match.group(1).lower()}@{match.group(2).lower()}"


def normalize_facebook(value: str) -> str:
    host, path, _ = _split_url(value)
    if not (
        host == "facebook.com" or host.endswith(".facebook.com") or host == "fb.com"
    ):
        raise InvalidValue(f"'{value}' is not a Facebook address.")
    return "https://www.facebook.com/" + path.strip("/").lower()


def normalize_point(kind: str, value: str, region: str = "FR") -> str:
    """Normalised value of a contact point of ``kind``; raises InvalidValue with a clear message."""
    if not value or not value.strip():
        raise InvalidValue("The value is empty.")
    match kind:
        case Kind.EMAIL:
            return normalize_email(value)
        case Kind.PHONE:
            return normalize_phone(value, region)
        case Kind.URL:
            return normalize_url(value)
        case Kind.LINKEDIN:
            return normalize_linkedin(value)
        case Kind.TWITTER:
            return normalize_twitter(value)
        case Kind.MASTODON:
            return normalize_mastodon(value)
        case Kind.FACEBOOK:
            return normalize_facebook(value)
        case Kind.OTHER:
            return fold(value)
    raise InvalidValue(f"Unknown kind of contact point '{kind}'.")


_LEGAL_SUFFIXES = {
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "sci",
    "sca",
    "scop",
    "snc",
    "gie",
    "selarl",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "bv",
    "nv",
    "srl",
    "spa",
    "sl",
    "oy",
    "ab",
    "as",
}


def normalize_organisation_name(name: str) -> str:
    """'SELLSY S.A.S.' and 'Sellsy SAS' → 'sellsy'; '&', 'et', 'and' become one word."""
    folded = fold(name).replace("&", " and ")
    folded = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", folded)  # S.A.S. → SAS
    words = re.sub(r"[^a-z0-9]+", " ", folded).split()
    words = ["and" if w == "et" else w for w in words]
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
