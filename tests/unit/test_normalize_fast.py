"""The fast paths of phone and email normalisation give exactly what the full parsers give."""

from __future__ import annotations

import random

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from hypothesis import given
from hypothesis import strategies as st

from relais.contacts.normalize import InvalidValue, normalize_email, normalize_phone
from tests.fixtures_gen import messy_phone


def _slow_phone(value: str, region: str) -> str | None:
    raw = value.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _fast_phone(value: str, region: str) -> str | None:
    try:
        return normalize_phone(value, region)
    except InvalidValue:
        return None


def _slow_email(value: str) -> str | None:
    raw = value.strip()
    if raw.lower().startswith("mailto:"):
        raw = raw[7:]
    raw = raw.strip("<>\"' ")
    try:
        info = validate_email(raw, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        return None
    return info.normalized.lower()


def _fast_email(value: str) -> str | None:
    try:
        return normalize_email(value)
    except InvalidValue:
        return None


REGIONS = ["FR", "DE", "BE", "CH", "GB", "US", "IT"]


def test_messy_french_numbers_agree():
    rng = random.Random(7)
    for _ in range(3000):
        value = messy_phone(rng, rng.random() < 0.5)
        for region in ("FR", "BE", "GB", "CA"):
            assert _fast_phone(value, region) == _slow_phone(value, region), value


@given(
    st.text(alphabet="0123456789 +().-/", min_size=1, max_size=20),
    st.sampled_from(REGIONS),
)
def test_any_digits_agree(value, region):
    assert _fast_phone(value, region) == _slow_phone(value, region)


@given(
    st.from_regex(
        r"[A-Za-z0-9._+\-é]{0,12}@[A-Za-z0-9.\-]{0,12}(\.(fr|com|test|local|x))?",
        fullmatch=True,
    )
)
def test_emails_agree(value):
    assert _fast_email(value) == _slow_email(value)


def test_usual_emails():
    for value in [
        "Jean.Dupont@ACME.fr",
        "a..b@x.fr",
        ".a@x.fr",
        "a@-x.fr",
        "a@x",
        "marc@relais.test",
    ]:
        assert _fast_email(value) == _slow_email(value), value


@given(
    st.from_regex(
        r"(https?://)?(www\.|fr\.|x\.)?[lL]inked[iI]n\.com/(in|IN|pub|company|feed)/[A-Za-z0-9%é_\-]{0,12}/?(\?trk=1)?",
        fullmatch=True,
    )
)
def test_linkedin_agrees(value):
    from relais.contacts import normalize

    try:
        fast = normalize.normalize_linkedin(value)
    except InvalidValue:
        fast = None
    try:
        host, path, _ = normalize._split_url(value)
        match = normalize._LINKEDIN_PATH.match(path)
        from urllib.parse import unquote

        ok = host == "linkedin.com" or host.endswith(".linkedin.com")
        slow = (
            f"https://www.linkedin.com/{match.group(1).lower()}/{unquote(match.group(2)).lower()}"
            if ok and match
            else None
        )
    except InvalidValue:
        slow = None
    assert fast == slow
