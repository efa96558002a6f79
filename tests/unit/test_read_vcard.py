"""vCard 2.1, 3.0 and 4.0 as iPhone, Android, Outlook and Google write them."""

import pytest

from relais.ingest.readers import PersonRecord, Point, Skipped, read_path
from relais.ingest.readers.vcard_lines import logical_lines, parse_line
from tests.fixtures_gen import people, vcard


def _cards(path):
    return [r for r in read_path(path) if isinstance(r, PersonRecord)]


@pytest.mark.parametrize("style", list(vcard.WRITERS))
def test_every_writer_gives_back_names_org_and_points(tmp_path, style):
    folks = [p for p in people(40, 6) if style != "outlook" or "ễ" not in p.last]
    cards = _cards(vcard.write_vcards(tmp_path / f"{style}.vcf", folks, style))
    assert [c.record_number for c in cards] == list(range(1, len(folks) + 1))
    for card, person in zip(cards, folks, strict=True):
        assert card.fields["first_name"] == person.first
        assert card.fields["last_name"] == person.last
        assert "display_name" not in card.fields  # FN only repeated N
        assert card.fields["organisation"] == person.company
        emails = [p.value for p in card.points if p.kind == "email"]
        assert emails == [person.email]


def test_iphone_labels_groups_social_profiles_and_photo(tmp_path):
    person = people(41, 1)[0]
    (card,) = _cards(vcard.write_vcards(tmp_path / "iphone.vcf", [person], "iphone"))
    assert card.points == [
        Point("email", person.email, "work", primary=True),
        Point("phone", person.phone, "Bureau Paris"),
        Point("phone", person.mobile, "mobile", primary=True),
        Point("url", f"https://www.{person.domain}", "homepage", primary=True),
        Point("linkedin", person.linkedin),
    ]
    assert card.fields["department"] == "Direction commerciale"
    assert card.fields["title"] == person.title
    assert (
        card.fields["city"],
        card.fields["postal_code"],
        card.fields["country"],
    ) == (
        person.city,
        person.postal_code,
        person.country,
    )
    assert card.fields.get("note", "") == person.note
    assert "PHOTO" not in card.extra and "PRODID" not in card.extra


def test_android_quoted_printable_with_soft_line_breaks(tmp_path):
    person = people(42, 1)[0]
    (card,) = _cards(vcard.write_vcards(tmp_path / "android.vcf", [person], "android"))
    assert card.fields["title"] == person.title
    assert card.fields["note"].endswith(
        "Deuxième ligne, très longue pour forcer un retour à la ligne doux."
    )
    assert card.points[:2] == [
        Point("phone", person.mobile, "mobile", primary=True),
        Point("phone", person.phone, "work"),
    ]


def test_google_categories_drop_system_groups(tmp_path):
    person = people(43, 3)[2]
    (card,) = _cards(vcard.write_vcards(tmp_path / "g.vcf", [person], "google"))
    assert card.tags == person.tags


def test_v4_uri_phones_and_socialprofile(tmp_path):
    person = people(44, 1)[0]
    (card,) = _cards(vcard.write_vcards(tmp_path / "v4.vcf", [person], "v4"))
    digits = "".join(c for c in person.mobile if c.isdigit() or c == "+")
    assert Point("phone", digits, "mobile") in card.points
    assert Point("email", person.email, "work", primary=True) in card.points
    assert Point("linkedin", person.linkedin) in card.points


def test_tolerated_oddities(tmp_path):
    path = tmp_path / "odd.vcf"
    path.write_bytes(
        b"junk before the first card\r\n"
        b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1:Lef\xe8vre;H\xe9l\xe8ne\n"
        b"TEL;HOME;VOICE:01 23 45 67 89\nEMAIL;INTERNET:h@x.fr\n"
        b"X-UNKNOWN-THING:kept\nTHIS LINE HAS NO COLON\n"
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Sans Fin\nORG:ACME\\, Inc.;Ventes\n"  # no END
        b"BEGIN:VCARD\nVERSION:3.0\nPHOTO;ENCODING=b:AAAA\nEND:VCARD\n"  # empty
        b'begin:vcard\r\nfn:kate smith\r\nnote:a\\nb\\, c\\; d\r\ntel;type="work,voice":+44 20 7946 0958\r\nend:vcard'
    )
    found = list(read_path(path))
    assert [type(r).__name__ for r in found] == [
        "PersonRecord",
        "PersonRecord",
        "Skipped",
        "PersonRecord",
    ]
    helene, no_end, empty, kate = found
    assert (helene.fields["first_name"], helene.fields["last_name"]) == (
        "Hélène",
        "Lefèvre",
    )
    assert helene.points == [
        Point("phone", "01 23 45 67 89", "home"),
        Point("email", "h@x.fr"),
    ]
    assert helene.extra == {"X-UNKNOWN-THING": "kept"}
    assert no_end.fields["organisation"] == "ACME, Inc."
    assert no_end.fields["department"] == "Ventes"
    assert (no_end.fields["first_name"], no_end.fields["last_name"]) == ("Sans", "Fin")
    assert empty == Skipped(
        "odd.vcf", 3, "", "a card with no name, email, phone or organisation"
    )
    assert (kate.fields["first_name"], kate.fields["last_name"]) == ("Kate", "Smith")
    assert kate.fields["note"] == "a\nb, c; d"
    assert kate.points == [Point("phone", "+44 20 7946 0958", "work")]


def test_folding_restores_a_utf8_character_cut_in_two():
    lines = [b"NOTE:" + "é".encode()[:1], b" " + "é".encode()[1:] + b"t\xc3\xa9"]
    (line,) = logical_lines(lines)
    assert parse_line(line).value == "été"


def test_parameters_quoted_bare_and_repeated():
    prop = parse_line(b'item2.TEL;type=WORK;type=pref;X-X="a:b;c":01 23')
    assert (prop.group, prop.name, prop.value) == ("item2", "TEL", "01 23")
    assert prop.types == {"work", "pref"}
    assert prop.param("X-X") == "a:b;c"
    assert parse_line(b"TEL;CELL;PREF:06").types == {"cell", "pref"}
    assert parse_line(b"no colon here") is None
    assert parse_line(b":value without name") is None
