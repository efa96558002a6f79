"""Google Contacts CSV, current and older formats."""

from relais.ingest.readers import PersonRecord, Point, inspect_path, read_path
from tests.fixtures_gen import google, people


def _people(path):
    return [r for r in read_path(path) if isinstance(r, PersonRecord)]


def test_current_export(tmp_path):
    folks = people(10, 6)
    found = _people(google.write_google_csv(tmp_path / "contacts.csv", folks))
    assert len(found) == 6
    for index, (record, person) in enumerate(zip(found, folks, strict=True)):
        assert record.record_number == index + 1
        assert record.fields["first_name"] == person.first
        assert record.fields["last_name"] == person.last
        assert record.fields["organisation"] == person.company
        assert record.fields["title"] == person.title
        assert record.fields["city"] == person.city
        assert record.fields.get("nickname", "") == person.nickname
        # "* Work" marks the primary address; Google's own labels are not tags.
        assert record.points[0] == Point("email", person.email, "Work", primary=True)
        assert Point("phone", person.mobile, "Mobile") in record.points
        assert Point("linkedin", person.linkedin, "LinkedIn") in record.points
        assert record.tags == person.tags
    assert (
        Point("email", f"{folks[1].first.lower()}@gmail.com", "Home") in found[1].points
    )


def test_several_values_in_one_cell_are_split(tmp_path):
    folks = people(10, 3)
    record = _people(google.write_google_csv(tmp_path / "contacts.csv", folks))[1]
    work = [p for p in record.points if p.kind == "phone" and p.label == "Work"]
    assert [p.value for p in work] == [folks[1].phone, "01 99 99 99 91"]


def test_older_export(tmp_path):
    folks = people(11, 4)
    found = _people(google.write_google_csv(tmp_path / "google.csv", folks, old=True))
    for record, person in zip(found, folks, strict=True):
        assert (record.fields["first_name"], record.fields["last_name"]) == (
            person.first,
            person.last,
        )
        assert "display_name" not in record.fields  # it only repeated the names
        assert record.points[0] == Point("email", person.email, "Work", primary=True)
        assert record.tags == person.tags


def test_system_labels_and_multi_value_fields(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(
        "First Name,Last Name,Organization Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
        "Zoé,Martin,ACME ::: Globex,* myContacts ::: * starred ::: Clients ::: VIP,"
        "* Home,zoe@x.fr ::: zoe@y.fr\n",
        encoding="utf-8",
    )
    (record,) = _people(path)
    assert record.tags == ["Clients", "VIP"]
    assert record.fields["organisation"] == "ACME"
    assert record.extra["organisation"] == "Globex"
    assert record.points == [
        Point("email", "zoe@x.fr", "Home", True),
        Point("email", "zoe@y.fr", "Home", True),
    ]


def test_the_mapping_is_fixed_and_complete(tmp_path):
    (preview,) = inspect_path(
        google.write_google_csv(tmp_path / "g.csv", people(12, 1))
    )
    assert preview.format == "google"
    by_column = {c.column: str(c.target) for c in preview.mapping.columns}
    assert by_column["E-mail 1 - Value"] == "email"
    assert by_column["E-mail 1 - Label"] == "ignore"
    assert by_column["Labels"] == "tags"
    assert by_column["File As"] == "extra"
