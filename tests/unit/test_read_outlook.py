"""Outlook contacts CSV, English and French, Windows-1252 and UTF-8 with BOM."""

import pytest

from relais.ingest.readers import PersonRecord, Point, read_path
from tests.fixtures_gen import outlook, people


@pytest.mark.parametrize(
    ("encoding", "french"),
    [("cp1252", False), ("utf-8-sig", False), ("utf-8-sig", True)],
)
def test_outlook_exports(tmp_path, encoding, french):
    folks = [p for p in people(20, 8) if "ễ" not in p.last]
    path = outlook.write_outlook_csv(
        tmp_path / "contacts.csv", folks, encoding=encoding, french=french
    )
    found = [r for r in read_path(path) if isinstance(r, PersonRecord)]
    assert len(found) == len(folks)
    for record, person in zip(found, folks, strict=True):
        assert record.fields["first_name"] == person.first
        assert record.fields["last_name"] == person.last  # capitals → name case
        assert record.fields["civility"] in {"M.", "Mme"}
        assert record.fields["title"] == person.title  # "Job Title", not "Title"
        assert record.fields["organisation"] == person.company
        assert record.fields["city"] == person.city
        assert record.points == [
            Point("phone", person.phone, "work"),
            Point("phone", person.mobile, "mobile"),
            Point("email", person.email),
            Point("url", f"www.{person.domain}"),
        ]
        assert record.tags == person.tags
        # "0/0/00", "Normal", "Unspecified" mean "not set".
        assert "birthday" not in record.fields
        assert record.extra == {}


def test_names_outlook_could_not_encode_stay_as_written(tmp_path):
    folks = [p for p in people(21, 40) if "ễ" in p.last][:1]
    path = outlook.write_outlook_csv(tmp_path / "c.csv", folks)
    (record,) = [r for r in read_path(path) if isinstance(r, PersonRecord)]
    assert record.fields["last_name"] == "Nguy?n"
