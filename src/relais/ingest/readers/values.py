"""What a single value looks like, and how several values share one cell.

These are shape tests for routing and reporting ("this column holds emails", "this phone cell
holds an email address"), not validation: ``relais.contacts.normalize`` decides what is valid.
"""

from __future__ import annotations

import re

from . import records

_EMAIL = re.compile(r"^(mailto:)?[^@\s<>,;:]+@[^@\s<>,;:]+\.[^@\s<>,;:.]{2,}$", re.I)
_PHONE_CHARS = re.compile(r"^[+(]?[\d\s().\-/+\u00a0]+$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}( .*)?$")
_URL = re.compile(r"^(https?://\S+|www\.\S+\.\S+)$", re.I)
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$", re.I)
_CIVILITY = re.compile(
    r"^(m|mr|mme|mlle|mrs|ms|miss|dr|pr|me|monsieur|madame|mademoiselle)\.?$", re.I
)
_SPLIT_EMAILS = re.compile(r"[;,\s]+|:::")
_SPLIT_OTHERS = re.compile(r"\s*(?:;|:::|\n|\s/\s|,\s)\s*")
_SPLIT_TAGS = re.compile(r"\s*(?:[;,|\n]|:::)\s*")


def looks_like_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip()))


def looks_like_phone(value: str) -> bool:
    value = value.strip()
    digits = sum(c.isdigit() for c in value)
    return (
        bool(_PHONE_CHARS.match(value)) and 6 <= digits <= 17 and not _DATE.match(value)
    )


def looks_like_url(value: str) -> bool:
    value = value.strip()
    return bool(_URL.match(value) or (_DOMAIN.match(value) and "@" not in value))


def looks_like_civility(value: str) -> bool:
    return bool(_CIVILITY.match(value.strip()))


def url_kind(value: str) -> str:
    """The kind of point a web address is: a LinkedIn, X/Twitter or Facebook page, or a site."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value.strip().lower()).split("/")[0]
    host = host.split("?")[0].removeprefix("www.").removeprefix("mobile.")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return records.LINKEDIN
    if host in {"twitter.com", "x.com"}:
        return records.TWITTER
    if host in {"facebook.com", "fb.com", "m.facebook.com"}:
        return records.FACEBOOK
    return records.URL


def split_values(value: str, kind: str) -> list[str]:
    """The values of one cell: 'a@x.fr; b@y.fr' → two emails; Google's ' ::: ' everywhere."""
    value = value.strip()
    if not value:
        return []
    if kind == records.EMAIL and value.count("@") > 1:
        parts = _SPLIT_EMAILS.split(value)
    elif kind == "tags":
        parts = _SPLIT_TAGS.split(value)
    else:
        parts = _SPLIT_OTHERS.split(value)
    seen: list[str] = []
    for part in (p.strip() for p in parts):
        if part and part not in seen:
            seen.append(part)
    return seen


# C0 controls but tab and line breaks, and DEL: an ESC in a name broke the XLSX export.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: object) -> str:
    """A cell as text, trimmed, without control characters; numbers from spreadsheets
    without a trailing '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text.removesuffix("T00:00:00")
    text = str(value)
    if not text.isprintable():  # fast path: most cells hold no control character
        text = _CONTROL.sub("", text)
    return text.strip()
