"""Normalised forms of contact points and organisation names.

The value a user typed is kept for display; the normalised value is what matching, search
and de-duplication compare: E.164 for phones (ITU-T E.164 via libphonenumber), lower-case
addresses for email (RFC 5321 local parts are case-sensitive in theory, never in practice),
one canonical URL per LinkedIn profile.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from relais.core.text import fold

from .models import ContactPoint

Kind = ContactPoint.Kind


class InvalidValue(ValueError):
    """A value that cannot be read as the kind of contact point it claims to be."""


# An unquoted ASCII local part (RFC 5322 dot-atom): the common case, checked without the
# full validator; anything else (quoted, internationalised) goes through email_validator.
_DOT_ATOM = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z"
)


@lru_cache(maxsize=8192)
def _ascii_domain(domain: str) -> str | None:
    """The normalised domain if email_validator accepts it, else None (checked once per domain)."""
    try:
        info = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None
    return str(info.ascii_domain)


def normalize_email(value: str) -> str:
    raw = value.strip()
    if raw.lower().startswith("mailto:"):
        raw = raw[7:]
    raw = raw.strip("<>\"' ")
    # Fast path, same result as the validator: imports normalise millions of addresses.
    local, at, domain = raw.rpartition("@")
    if (
        at
        and raw.isascii()
        and len(raw) <= 254
        and len(local) <= 64
        and _DOT_ATOM.match(local)
        and (clean := _ascii_domain(domain.lower()))
    ):
        return f"{local}@{clean}".lower()
    try:
        info = validate_email(raw, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise InvalidValue(f"'{value}' is not a valid email address ({exc}).") from None
    return info.normalized.lower()


_SEPARATORS = str.maketrans("", "", " .-/\u00a0")


@lru_cache(maxsize=256)
def _plain_region(
    region: str,
) -> tuple[str, frozenset[int], re.Pattern[str], bool] | None:
    """(country code, possible lengths, number pattern, sole region of its code) of a region
    whose national numbers are simply '0' + the number (FR, DE, BE, CH…); None for the rest."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if (
        meta is None
        or meta.national_prefix != "0"
        or meta.national_prefix_for_parsing not in (None, "0")
        or meta.national_prefix_transform_rule
        or meta.general_desc is None
        or not meta.general_desc.national_number_pattern
        or meta.country_code is None
    ):
        return None
    code = meta.country_code
    return (
        str(code),
        frozenset(meta.general_desc.possible_length or ()),
        re.compile(meta.general_desc.national_number_pattern),
        tuple(phonenumbers.region_codes_for_country_code(code)) == (region,),
    )


@lru_cache(maxsize=1024)
def _plain_code(
    prefix: str,
) -> tuple[str, frozenset[int], re.Pattern[str], bool] | None:
    """``_plain_region`` of the one region whose country code starts ``prefix`` (the 3
    digits after '+'); None when the code is shared by several regions or not plain."""
    for size in (1, 2, 3):
        head = prefix[:size]
        if len(head) < size or not head.isdigit():
            return None
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(head))
        if regions:
            if len(regions) != 1:
                return None
            plain = _plain_region(regions[0])
            return plain if plain is not None and plain[3] else None
    return None


def _quick_e164(raw: str, region: str) -> str | None:
    """E.164 of the usual ways of writing a number of ``region``, as libphonenumber gives it;
    None when the number needs the full parser.

    A number written with '+' is read in the region of its country code whatever ``region``
    is (as libphonenumber does), so the code's region decides.
    """
    digits = raw.translate(_SEPARATORS)
    if digits.startswith("+"):
        plain = _plain_code(digits[1:4])
        if plain is None:
            return None
        code, lengths, pattern, _sole = plain
        if not digits.startswith(code, 1):
            return None
        national = digits[1 + len(code) :]
        if national.startswith("(0)"):
            national = national[3:]
    elif digits.startswith("0") and not digits.startswith("00"):
        plain = _plain_region(region)
        if plain is None:
            return None
        code, lengths, pattern, _sole = plain
        national = digits[1:]
    else:
        return None
    if (
        national.isascii()
        and national.isdigit()
        and len(national) in lengths
        and pattern.fullmatch(national)
    ):
        return f"+{code}{national}"
    return None


def normalize_phone(value: str, region: str = "FR") -> str:
    """Return the E.164 form; numbers without a country prefix are read in ``region``."""
    raw = value.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if quick := _quick_e164(raw, region.upper()):
        return quick
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


# The usual shape of a profile address, answered without parsing the URL (same result).
_LINKEDIN_PLAIN = re.compile(
    r"(?:https?://)?(?:www\.|[a-z]{2}\.)?linkedin\.com/(in|pub|company|school)/([^/?#%\s\\]+)/?",
    re.IGNORECASE,
)


def normalize_linkedin(value: str) -> str:
    """'fr.linkedin.com/in/Jean-Dupont/?trk=x' → 'https://www.linkedin.com/in/jean-dupont'."""
    plain = _LINKEDIN_PLAIN.fullmatch(value.strip())
    if plain and value.isascii():
        return f"https://www.linkedin.com/{plain.group(1).lower()}/{plain.group(2).lower()}"
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


@lru_cache(maxsize=65536)
def organisation_key(name: str) -> str:
    """The identity of an organisation name (``Organisation.normalized_name``); transliteration
    may lengthen a name, the column holds 300."""
    return (normalize_organisation_name(name) or name.lower())[:300]


def tag_key(name: str) -> str:
    """The identity of a tag (``Tag.key``): case and accents aside; the column holds 80."""
    return fold(name)[:80]


# Local parts of addresses a team shares (contact@acme.fr): two records sharing one are not
# the same person, so these never decide a match (matching weighs them as evidence later).
SHARED_LOCAL_PARTS = frozenset(
    {
         "contact", "contacts", "info", "infos", "information", "informations", "hello",
         "bonjour", "salut", "hi", "sales", "ventes", "vente", "commercial",
         "commerciaux", "noreply", "no-reply", "donotreply", "do-not-reply",
         "ne-pas-repondre", "nepasrepondre", "admin", "administration", "support",
         "help", "aide", "office", "bureau", "accueil", "reception", "team", "equipe",
         "service", "services", "client", "clients", "customer", "customers", "billing",
         "facturation", "compta", "comptabilite", "accounting", "invoice", "invoices",
         "factures", "rh", "hr", "jobs", "recrutement", "careers", "marketing", "press",
         "presse", "media", "communication", "webmaster", "postmaster", "hostmaster",
         "abuse", "mail", "email", "courrier", "secretariat", "direction", "enquiries",
         "inquiries", "general", "newsletter", "news", "notifications", "notification",
         "bounce", "mailer-daemon", "root",
    }
)  # fmt: skip


def is_shared_address(email: str) -> bool:
    """contact@, info@, sales+fr@…: an address a whole team reads."""
    local = email.split("@", 1)[0].split("+", 1)[0]
    return local in SHARED_LOCAL_PARTS
