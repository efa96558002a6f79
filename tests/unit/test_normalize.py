"""Normalised forms that matching, search and export rely on."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relais.contacts.normalize import (
    InvalidValue,
    format_phone,
    normalize_email,
    normalize_linkedin,
    normalize_mastodon,
    normalize_organisation_name,
    normalize_phone,
    normalize_point,
    normalize_twitter,
    normalize_url,
)
from relais.core.text import fold


@pytest.mark.parametrize(
    "written",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "+33612345678",
        "06-12-34-56-78",
    ],
)
def test_french_mobile_written_every_way_is_one_e164(written):
    assert normalize_phone(written, "FR") == "+33612345678"


def test_national_numbers_are_read_in_the_given_region():
    assert normalize_phone("020 7946 0958", "GB") == "+442079460958"
    assert normalize_phone("(415) 555-2671", "US") == "+14155552671"
    # An international prefix wins over the region.
    assert normalize_phone("+44 20 7946 0958", "FR") == "+442079460958"


@pytest.mark.parametrize(
    "bad", ["12", "not a phone", "06 12", "+33 6 12 34 56 78 90 12 34"]
)
def test_impossible_phone_numbers_are_refused_with_the_value_in_the_message(bad):
    with pytest.raises(InvalidValue, match="phone number"):
        normalize_phone(bad, "FR")


def test_phone_display_format():
    assert format_phone("+33612345678") == "+33 6 12 34 56 78"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("HELENE@Example.fr", "helene@example.fr"),
        (" mailto:Jean.Dupont@Sellsy.COM ", "jean.dupont@sellsy.com"),
        ("<zoe@exemple.fr>", "zoe@exemple.fr"),
        ("élodie@société.fr", "élodie@société.fr"),
    ],
)
def test_emails_are_lower_cased_and_stripped(written, expected):
    assert normalize_email(written) == expected


@pytest.mark.parametrize(
    "bad", ["helene", "helene@", "@example.fr", "a b@example.fr", "x@y"]
)
def test_invalid_emails_are_refused(bad):
    with pytest.raises(InvalidValue, match="not a valid email"):
        normalize_email(bad)


@pytest.mark.parametrize(
    "written",
    [
        "https://www.linkedin.com/in/jean-dupont",
        "linkedin.com/in/Jean-Dupont/",
        "http://fr.linkedin.com/in/jean-dupont?trk=x",
        "https://www.linkedin.com/in/jean-dupont/details/experience/",
    ],
)
def test_linkedin_profiles_have_one_canonical_url(written):
    assert normalize_linkedin(written) == "https://www.linkedin.com/in/jean-dupont"


def test_linkedin_slug_with_accents_is_decoded():
    assert normalize_linkedin(
        "https://fr.linkedin.com/in/h%C3%A9l%C3%A8ne-lef%C3%A8vre"
    ) == ("https://www.linkedin.com/in/hélène-lefèvre")


def test_non_linkedin_address_is_refused():
    with pytest.raises(InvalidValue):
        normalize_linkedin("https://example.com/in/jean")


def test_social_handles():
    assert normalize_twitter("https://x.com/Relais_CRM") == "@relais_crm"
    assert normalize_twitter("@Relais_CRM") == "@relais_crm"
    assert (
        normalize_mastodon("https://mastodon.social/@Alice") == "@alice@mastodon.social"
    )
    assert normalize_mastodon("@alice@Mastodon.Social") == "@alice@mastodon.social"


def test_urls_gain_a_scheme_and_lose_trailing_slash():
    assert normalize_url("Sellsy.com/") == "https://sellsy.com"
    assert normalize_url("http://example.fr/a/") == "http://example.fr/a"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Sellsy SAS", "sellsy"),
        ("SELLSY S.A.S.", "sellsy"),
        ("Dupont & Fils SARL", "dupont and fils"),
        ("Dupont et Fils", "dupont and fils"),
        ("Société Générale SA", "societe generale"),
        ("Acme, Inc.", "acme"),
        ("SA", "sa"),
    ],
)
def test_organisation_names_ignore_case_accents_and_legal_form(name, key):
    assert normalize_organisation_name(name) == key


def test_fold_removes_accents_and_case():
    assert fold("Hélène  LEFÈVRE") == "helene lefevre"
    assert fold("Zoë Łukasiewicz") == "zoe lukasiewicz"


def test_unknown_kind_is_refused():
    with pytest.raises(InvalidValue, match="Unknown kind"):
        normalize_point("pager", "123")


@given(st.text())
def test_normalize_point_never_fails_with_anything_but_invalid_value(text):
    for kind in (
        "email",
        "phone",
        "url",
        "linkedin",
        "twitter",
        "mastodon",
        "facebook",
        "other",
    ):
        with contextlib.suppress(InvalidValue):
            normalize_point(kind, text)
