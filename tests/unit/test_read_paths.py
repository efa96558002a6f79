"""read_path and inspect_path over files, folders and zips; the record contract."""

import dataclasses
import zipfile

import pytest

from relais.contacts.models import ContactPoint
from relais.contacts.normalize import normalize_point
from relais.ingest.readers import (
    MessageRecord,
    PersonRecord,
    ReadError,
    Skipped,
    inspect_path,
    read_path,
    records,
)
from relais.timeline.models import Interaction, Participant
from tests.fixtures_gen import google, linkedin, mail, outlook, people, tabular, vcard


def _silo(root):
    """A folder of mixed sources, as someone gathers them before an import."""
    folks = people(60, 4)
    root.mkdir()
    (root / "salon").mkdir()
    tabular.write_xlsx(root / "salon" / "visiteurs.xlsx", folks)
    tabular.write_csv(root / "salon" / "badges.csv", folks, encoding="cp1252")
    google.write_google_csv(root / "google.csv", folks)
    outlook.write_outlook_csv(root / "outlook.csv", folks[:1])
    vcard.write_vcards(root / "iphone.vcf", folks[:2], "iphone")
    linkedin.write_export_zip(root / "linkedin.zip", folks)
    mail.write_mbox(root / "Inbox.mbox")
    mail.write_maildir(root / "Archives")
    (root / "README.txt").write_text(
        "Contacts récupérés le 3 juin.\n", encoding="utf-8"
    )
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return folks


def test_a_folder_of_mixed_sources(tmp_path):
    _silo(tmp_path / "silo")
    found = list(read_path(tmp_path / "silo", workspace_emails=[mail.WORKSPACE]))
    names = sorted({r.source_name for r in found})
    assert names == [
        "silo/Archives",
        "silo/Inbox.mbox",
        "silo/README.txt",
        "silo/google.csv",
        "silo/iphone.vcf",
        "silo/linkedin.zip/Articles/Articles/2023-01-01 Hello.html",
        "silo/linkedin.zip/Connections.csv",
        "silo/linkedin.zip/Email Addresses.csv",
        "silo/linkedin.zip/Invitations.csv",
        "silo/linkedin.zip/Positions.csv",
        "silo/linkedin.zip/Profile.csv",
        "silo/linkedin.zip/messages.csv",
        "silo/outlook.csv",
        "silo/salon/badges.csv",
        "silo/salon/visiteurs.xlsx[Exposants]",
        "silo/salon/visiteurs.xlsx[Notes]",
        "silo/salon/visiteurs.xlsx[Visiteurs]",
    ]
    readme = [r for r in found if r.source_name == "silo/README.txt"]
    assert readme == [
        Skipped(
            "silo/README.txt", 0, "", "plain text, no header row of contact columns"
        )
    ]
    kinds = {type(r).__name__ for r in found}
    assert kinds == {"PersonRecord", "MessageRecord", "Skipped"}


def test_every_record_number_is_one_based_and_unique_per_source(tmp_path):
    _silo(tmp_path / "silo")
    seen: set[tuple[str, int]] = set()
    for record in read_path(tmp_path / "silo"):
        if isinstance(record, Skipped):
            continue
        key = (record.source_name, record.record_number)
        assert record.record_number >= 1
        assert key not in seen
        seen.add(key)


def test_what_readers_give_is_what_the_models_accept(tmp_path):
    _silo(tmp_path / "silo")
    assert set(records.POINT_KINDS) == set(ContactPoint.Kind.values)
    roles = {"from", "to", "cc"}
    assert roles <= set(Participant.Role.values)
    for record in read_path(tmp_path / "silo", workspace_emails=[mail.WORKSPACE]):
        persons = [record] if isinstance(record, PersonRecord) else []
        if isinstance(record, MessageRecord):
            assert record.channel in Interaction.Channel.values
            assert {p.role for p in record.recipients} <= roles | {"bcc"}
            persons += [record.signature] if record.signature else []
        for person in persons:
            assert set(person.fields) <= set(records.PERSON_FIELDS)
            assert all(value for value in person.fields.values())
            for point in person.points:
                normalize_point(point.kind, point.value, "FR")  # never InvalidValue


def test_a_zip_of_contact_files_and_a_zip_inside_it(tmp_path):
    folks = people(61, 2)
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep.vcf", vcard.android(folks[0]))
    outer = tmp_path / "all.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, "sub/inner.zip")
        archive.writestr("contacts.csv", "Nom;Email\nDupont;d@x.fr\n")
        archive.writestr("notes.txt", "rien")
        archive.writestr("sub/", "")
    found = list(read_path(outer))
    assert [(r.source_name, type(r).__name__) for r in found] == [
        ("all.zip/contacts.csv", "PersonRecord"),
        ("all.zip/notes.txt", "Skipped"),
        ("all.zip/sub/inner.zip/deep.vcf", "PersonRecord"),
    ]


def test_a_broken_file_in_a_folder_is_reported_and_the_rest_is_read(tmp_path):
    root = tmp_path / "mixed"
    root.mkdir()
    with (root / "a.csv").open("w", encoding="utf-8") as out:
        out.write('Nom,Email\nDupont,d@x.fr\n"Martin,m@x.fr\n' + "x" * 17_000_000)
    (root / "b.csv").write_text("Nom,Email\nZoé,z@x.fr\n", encoding="utf-8")
    found = list(read_path(root))
    assert [(r.source_name, r.record_number) for r in found] == [
        ("mixed/a.csv", 1),
        ("mixed/a.csv", 0),
        ("mixed/b.csv", 1),
    ]
    assert found[1].reason.startswith("unreadable at line 3: unreadable CSV")
    with pytest.raises(ReadError):
        list(read_path(root / "a.csv"))


def test_a_missing_path_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="no such file or folder"):
        list(read_path(tmp_path / "nope.csv"))


def test_inspect_shows_formats_mappings_and_first_records(tmp_path):
    _silo(tmp_path / "silo")
    previews = {p.source_name: p for p in inspect_path(tmp_path / "silo", sample=2)}
    badges = previews["silo/salon/badges.csv"]
    assert badges.format == "csv"
    assert badges.description == "table of contacts (CSV), ';'-separated, Windows-1252"
    assert badges.mapping is not None
    assert "E-mail → email (header and content, 95%)" in badges.mapping.describe()
    assert [r.record_number for r in badges.records] == [1, 2]
    assert previews["silo/Inbox.mbox"].mapping is None
    assert len(previews["silo/Inbox.mbox"].records) == 2
    assert previews["silo/README.txt"].format == ""
    assert (
        previews["silo/linkedin.zip/Connections.csv"].format == "linkedin-connections"
    )


def test_inspect_takes_the_same_overrides(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text(
        "Nom,Email,Divers\nDupont,d@x.fr,06 12 34 56 78\n", encoding="utf-8"
    )
    (preview,) = inspect_path(path, mapping_overrides={"Divers": "phone:direct"})
    assert str(preview.mapping.columns[2].target) == "phone:direct"
    assert preview.records[0].points[-1].label == "direct"


def test_records_are_plain_dataclasses():
    for cls in (records.PersonRecord, records.MessageRecord, records.Skipped, records.Point,
                records.Participant):  # fmt: skip
        assert dataclasses.is_dataclass(cls)
