"""vCard 4.0 writing (RFC 6350): escaping, folding, and round trips through vobject."""

from __future__ import annotations

import uuid
from typing import Any

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from relais.contacts.vcard import contact_uid, escape, fold, vcard_from_record


def record(**overrides: Any) -> dict[str, Any]:
    """A contact_record as the selectors build it."""
    base: dict[str, Any] = {
        "id": 42,
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "display_name": "Hélène Lefèvre",
        "organization": "Atelier Numérique SAS",
        "title": "Directrice, marketing; digital",
        "emails": ["helene@example.fr", "h.lefevre@gmail.example"],
        "phones": ["+33612345678", "+442079460123"],
        "urls": [
            "https://www.linkedin.com/in/helene-lefevre",
            "https://example.fr/a,b",
        ],
        "handles": [{"kind": "mastodon", "value": "@helene@mastodon.social"}],
        "points": [
            _point("email", "helene@example.fr", "work", True),
            _point("email", "h.lefevre@gmail.example", "home", False),
            _point("phone", "+33612345678", "mobile", True),
            _point("phone", "+442079460123", "fax", False),
            _point("linkedin", "https://www.linkedin.com/in/helene-lefevre", "", True),
            _point("url", "https://example.fr/a,b", "former", True),
            _point("mastodon", "@helene@mastodon.social", "", True),
        ],
        "city": "Lyon",
        "country": "FR",
        "language": "fr",
        "tags": ["VIP", "Salon, 2025"],
        "status": "customer",
        "owner": None,
        "provenance": [],
        "created_at": "2025-01-02T10:00:00+01:00",
        "updated_at": "2025-03-04T15:16:17+01:00",
    }
    base.update(overrides)
    return base


def _point(kind: str, value: str, label: str, primary: bool) -> dict[str, Any]:
    return {
        "id": 1,
        "kind": kind,
        "label": label,
        "value": value,
        "normalized": value,
        "primary": primary,
        "confirmed_at": None,
        "invalid_since": None,
    }


def parse(text: str) -> Any:
    return vobject.readOne(text)


def test_escape_follows_rfc_6350_section_3_4():
    assert escape("a\\b,c;d\ne\r\nf\rg") == "a\\\\b\\,c\\;d\\ne\\nf\\ng"
    assert (
        escape("nul\x00 and bell\x07 removed\ttab kept")
        == "nul and bell removed\ttab kept"
    )


def test_folding_keeps_lines_within_75_octets_and_never_splits_a_character():
    line = "NOTE:" + "é" * 100 + "🙂" * 30 + "x" * 80
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    for part in physical:
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # each line is valid UTF-8 on its own
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line
    assert fold("SHORT:line") == "SHORT:line"


def test_card_structure():
    text = vcard_from_record(record())
    lines = text.split("\r\n")
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"]
    assert lines[-2:] == ["END:VCARD", ""]
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert "FN:Hélène Lefèvre" in lines
    assert "N:Lefèvre;Hélène;;;" in lines
    assert "TITLE:Directrice\\, marketing\\; digital" in lines
    assert "EMAIL;TYPE=work;PREF=1:helene@example.fr" in lines
    assert "TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+33612345678" in lines
    assert "TEL;VALUE=uri;TYPE=fax:tel:+442079460123" in lines
    assert "URL:https://example.fr/a\\,b" in lines
    assert (
        "SOCIALPROFILE;SERVICE-TYPE=mastodon:https://mastodon.social/@helene" in lines
    )
    assert "ADR:;;;Lyon;;;FR" in lines
    assert "CATEGORIES:VIP,Salon\\, 2025" in lines
    assert "REV:20250304T141617Z" in lines
    assert f"UID:{contact_uid(42)}" in lines


def test_uid_is_a_stable_urn_uuid_per_contact():
    assert contact_uid(42) == contact_uid(42) != contact_uid(43)
    assert uuid.UUID(contact_uid(42).removeprefix("urn:uuid:")).version == 5


def test_round_trip_through_vobject():
    card = parse(vcard_from_record(record()))
    assert card.version.value == "4.0"
    assert card.fn.value == "Hélène Lefèvre"
    assert (card.n.value.family, card.n.value.given) == ("Lefèvre", "Hélène")
    assert card.org.value == ["Atelier Numérique SAS"]
    assert card.title.value == "Directrice, marketing; digital"
    assert [e.value for e in card.contents["email"]] == [
        "helene@example.fr",
        "h.lefevre@gmail.example",
    ]
    assert [t.value for t in card.contents["tel"]] == [
        "tel:+33612345678",
        "tel:+442079460123",
    ]
    assert [u.value for u in card.contents["url"]] == record()["urls"]
    assert card.categories.value == ["VIP", "Salon, 2025"]


def test_a_card_without_organisation_or_tags_has_no_empty_properties():
    text = vcard_from_record(
        record(
            organization="",
            title="",
            tags=[],
            city="",
            country="",
            language="",
            points=[],
            emails=[],
            phones=[],
            urls=[],
        )
    )
    for prop in ("ORG", "TITLE", "CATEGORIES", "ADR", "LANG", "EMAIL", "TEL", "URL"):
        assert f"\r\n{prop}" not in text
    assert parse(text).fn.value == "Hélène Lefèvre"


# Any text a user could type: letters with accents, CJK, emoji, punctuation that vCard
# escapes, backslashes and newlines; no other control characters, no lone surrogates.
text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.sampled_from(list(",;\\:\n\"'éÉçœ")),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(
    first=text,
    last=text,
    org=text,
    title=text,
    tags=st.lists(text.filter(bool), max_size=4, unique=True),
)
def test_arbitrary_unicode_round_trips(first, last, org, title, tags):
    display = f"{first} {last}".strip() or "x"
    card = parse(
        vcard_from_record(
            record(
                first_name=first,
                last_name=last,
                display_name=display,
                organization=org,
                title=title,
                tags=tags,
            )
        )
    )
    assert card.fn.value == display
    assert card.n.value.given == first
    assert card.n.value.family == last
    if org:
        assert card.org.value == [org]
    if title:
        assert card.title.value == title
    if tags:
        assert card.categories.value == tags
