"""The import pipeline (issue 3) on a real database: acceptance folder, idempotence, updates,
undo, shared addresses, bad files, round trip through the vCard export, the upload job."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from relais.contacts.models import Contact, ContactPoint, Note, Provenance, Tag
from relais.contacts.selectors import contact_record, with_details
from relais.ingest.models import ImportBatch, ImportedRecord
from relais.ingest.readers import PersonRecord, read_path
from relais.ingest.services import run_import
from relais.ingest.undo import undo_batch
from relais.timeline.models import Interaction, Participant
from tests.fixtures_gen import people
from tests.fixtures_gen.google import write_google_csv
from tests.fixtures_gen.linkedin import write_export_zip
from tests.fixtures_gen.mail import WORKSPACE, write_mbox
from tests.fixtures_gen.outlook import write_outlook_csv
from tests.fixtures_gen.tabular import write_csv, write_xlsx
from tests.fixtures_gen.vcard import write_vcards

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workspace_user(db):
    from relais.accounts.models import Role, User

    return User.objects.create_user(WORKSPACE, "member-pass-123", role=Role.MEMBER)


def acceptance_folder(root: Path) -> Path:
    folder = root / "acceptance"
    folder.mkdir()
    crowd = people(11, 12)
    write_export_zip(folder / "linkedin.zip", crowd[:8])
    write_google_csv(folder / "google.csv", crowd[2:10])
    write_outlook_csv(folder / "outlook.csv", crowd[4:12])
    write_xlsx(folder / "salon.xlsx", crowd[0:6])
    write_vcards(folder / "iphone.vcf", crowd[6:12], "iphone")
    write_vcards(folder / "android.vcf", crowd[1:5], "android")
    write_mbox(folder / "mail.mbox")
    return folder


def counts() -> dict[str, int]:
    return {
        "contacts": Contact.objects.count(),
        "points": ContactPoint.objects.count(),
        "provenance": Provenance.objects.count(),
        "interactions": Interaction.objects.count(),
        "participants": Participant.objects.count(),
        "notes": Note.objects.count(),
        "tag_links": Contact.tags.through.objects.count(),
        "imported": ImportedRecord.objects.count(),
    }


def records() -> list[dict]:
    return [
        contact_record(c) for c in with_details(Contact.objects.all()).order_by("id")
    ]


def test_acceptance_folder_in_one_call(tmp_path, workspace_user):
    folder = acceptance_folder(tmp_path)
    report = run_import([folder])

    assert report.file_errors == []
    assert report.contacts_created > 0
    assert report.interactions_added >= 4  # the mbox thread, automated mail left out
    assert any("automated" in s["reason"] for s in report.skipped)
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.status == ImportBatch.Status.DONE
    # People found in several files are one contact each: 12 people, plus mail correspondents.
    crowd = people(11, 12)
    for person in crowd:
        holders = ContactPoint.objects.filter(
            kind="email", normalized_value=person.email.lower()
        ).values_list("contact_id", flat=True)
        assert len(set(holders)) == 1, person.email

    # Every provenance entry points back at the record that says so.
    source = {
        (r.source_name, r.record_number): r
        for r in read_path(folder, workspace_emails=[WORKSPACE])
        if isinstance(r, PersonRecord)
    }
    checked = 0
    for record in records():
        emails = set(record["emails"])
        for entry in record["provenance"]:
            if entry["kind"] == "merge":
                continue  # duplicates merged when the batch ended (tests/…/test_dedupe_*)
            assert entry["kind"] == "import" and entry["batch"] == batch.pk
            original = source.get((entry["file"], entry["record"]))
            if original is None:
                continue  # a message: checked below
            said = {
                p.value.strip().lower() for p in original.points if p.kind == "email"
            }
            said |= {
                p.value for p in original.points if p.kind == "linkedin"
            }  # connections without email: the profile URL
            assert said & (emails | set(record["urls"])) or not said, (entry, record)
            last = original.fields.get("last_name", "")
            if (
                last and "?" not in last
            ):  # cp1252 Outlook files lose "ễ"; names are filled once
                assert record["last_name"] == last
            checked += 1
    assert checked > 30

    fred = Contact.objects.get(points__normalized_value="f.canevet@acme-industries.fr")
    assert fred.title == "Directeur commercial"  # from the signature
    assert fred.points.filter(kind="phone", normalized_value="+33612345678").exists()
    sent = Interaction.objects.get(external_id="marc-2@relais.test")
    assert sent.direction == "out" and sent.author == workspace_user
    received = Interaction.objects.get(external_id="fred-1@acme-industries.fr")
    assert received.direction == "in"
    assert not Contact.objects.filter(points__normalized_value=WORKSPACE).exists()


def test_reimport_adds_nothing(tmp_path, workspace_user):
    folder = acceptance_folder(tmp_path)
    run_import([folder])
    before, exported = counts(), records()
    again = run_import([folder])
    assert counts() == before
    assert again.contacts_created == again.contacts_updated == 0
    assert again.interactions_added == 0
    after = records()
    for one in (exported, after):
        for r in one:
            r.pop("updated_at")
    assert after == exported


def test_updated_file_updates(tmp_path):
    crowd = people(5, 4)
    path = write_google_csv(tmp_path / "google.csv", crowd)
    run_import([path])
    kate = crowd[0]
    contact = Contact.objects.get(points__normalized_value=kate.email.lower())
    Contact.objects.filter(pk=contact.pk).update(title="")
    kate.title = "Directrice générale"
    kate.mobile = "06 99 88 77 66"
    write_google_csv(path, crowd)
    report = run_import([path])
    assert report.contacts_created == 0
    assert report.contacts_updated == 1
    contact.refresh_from_db()
    assert contact.title == "Directrice générale"
    assert contact.points.filter(normalized_value="+33699887766").exists()
    assert Contact.objects.count() == 4
    assert "directrice generale" in contact.search_text


def test_existing_fields_are_not_overwritten(tmp_path, make_contact):
    crowd = people(6, 1)
    existing = make_contact(
        first_name="Fred", last_name="Old", title="Kept", emails=[crowd[0].email]
    )
    run_import([write_google_csv(tmp_path / "g.csv", crowd)])
    existing.refresh_from_db()
    assert (existing.first_name, existing.last_name, existing.title) == (
        "Fred",
        "Old",
        "Kept",
    )
    assert existing.organisation is not None  # was empty: filled
    assert Contact.objects.count() == 1


def test_undo_removes_exactly_the_batch(tmp_path, make_contact):
    crowd = people(7, 6)
    manual = make_contact(first_name="Manual", emails=[crowd[0].email])
    first = run_import([write_google_csv(tmp_path / "a.csv", crowd[:3])])
    before, exported = counts(), records()
    tags_before = set(Tag.objects.values_list("name", flat=True))
    second = run_import([write_vcards(tmp_path / "b.vcf", crowd[1:6], "iphone")])
    assert second.contacts_created == 3 and second.contacts_updated >= 2
    removed = undo_batch(actor=None, batch_id=second.batch_id)
    assert removed["contacts"] == 3
    assert counts() == before
    assert set(Tag.objects.values_list("name", flat=True)) == tags_before
    after = records()
    for one in (exported, after):
        for r in one:
            r.pop("updated_at")
    assert after == exported
    assert ImportBatch.objects.get(pk=second.batch_id).status == "undone"
    from relais.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="import.undo").count() == 1
    # Undoing the first batch leaves the manual contact, minus what the import filled.
    undo_batch(actor=None, batch_id=first.batch_id)
    assert list(Contact.objects.values_list("id", flat=True)) == [manual.pk]
    manual.refresh_from_db()
    assert manual.last_name == "" and manual.organisation is None
    assert Provenance.objects.filter(batch__isnull=False).count() == 0


def test_shared_addresses_do_not_merge_people(tmp_path):
    path = tmp_path / "salon.csv"
    path.write_text(
        "Prénom,Nom,Email,Téléphone\n"
        "Jean,Dupont,contact@acme.fr,01 40 00 00 00\n"
        "Marie,Durand,contact@acme.fr,01 40 00 00 00\n"
        "Paul,Martin,paul@acme.fr,06 11 22 33 44\n"
        "Paul,MARTIN,paul.martin@gmail.com,06 11 22 33 44\n",
        encoding="utf-8",
    )
    report = run_import([path])
    assert report.contacts_created == 3  # the two Pauls share a mobile: one person
    assert Contact.objects.filter(first_name__in=["Jean", "Marie"]).count() == 2


def test_bad_files_are_reported_per_file(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "notes.txt").write_text("Call Jean tomorrow.\nBuy milk.\n")
    write_csv(folder / "clients.csv", people(3, 3))
    alone = tmp_path / "budget.txt"
    alone.write_text("just some words\n")
    bad_row = tmp_path / "bad.csv"
    bad_row.write_text(
        "Prénom,Nom,Email,Téléphone\nJean,Dupont,jean@@x,not a phone\n",
        encoding="utf-8",
    )
    report = run_import([folder, alone, bad_row])
    assert report.contacts_created == 4
    assert len(report.file_errors) == 1
    assert report.file_errors[0].startswith("budget.txt: not a contact file")
    assert any(
        s["file"] == "mixed/notes.txt" and s["record"] == 0 for s in report.skipped
    )
    fields = {(s["file"], s["record"], s["field"]) for s in report.skipped}
    assert ("bad.csv", 1, "email") in fields  # the value, named by its column
    assert ("bad.csv", 1, "Téléphone") in fields
    assert Contact.objects.filter(first_name="Jean", last_name="Dupont").exists()


def test_vcard_export_reimport_changes_nothing(tmp_path):
    from relais.contacts.export import export_contacts

    run_import([write_vcards(tmp_path / "phone.vcf", people(8, 6), "android")])
    exported = io.StringIO()
    export_contacts(fmt="vcf", out=exported)
    back = tmp_path / "export.vcf"
    back.write_text(exported.getvalue(), encoding="utf-8")
    before = records()
    point_count = ContactPoint.objects.count()
    report = run_import([back])
    assert report.contacts_created == 0
    assert ContactPoint.objects.count() == point_count
    after = records()
    keep = (
        "first_name",
        "last_name",
        "display_name",
        "organization",
        "title",
        "emails",
        "phones",
    )
    assert [{k: r[k] for k in keep} for r in after] == [
        {k: r[k] for k in keep} for r in before
    ]


def test_dry_run_keeps_nothing(tmp_path):
    report = run_import(
        [write_google_csv(tmp_path / "g.csv", people(9, 5))], dry_run=True
    )
    assert report.contacts_created == 5
    assert Contact.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "reader-apart"])
def test_interrupted_import_resumes_its_batch(tmp_path, monkeypatch, parallel):
    path = write_google_csv(tmp_path / "g.csv", people(10, 30))
    from relais.ingest import services

    expected = run_import([path], dry_run=True).contacts_created
    real = services._commit
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_commit", dying)
    with pytest.raises(KeyboardInterrupt):
        run_import([path], chunk_size=5, parallel=parallel)
    assert (
        ImportedRecord.objects.count() == 10
    )  # two whole chunks, nothing of the third
    assert ImportBatch.objects.get().status == "failed"
    monkeypatch.setattr(services, "_commit", real)
    report = run_import([path], chunk_size=5, parallel=parallel)
    assert report.resumed
    assert ImportBatch.objects.count() == 1
    assert report.contacts_created == expected and report.records_read == 30
    assert Contact.objects.count() == expected
    assert Provenance.objects.count() == 30  # one row per record, its points inside
    assert ImportedRecord.objects.count() == 30


def test_upload_job_runs_the_pipeline(tmp_path, member):
    from huey.contrib.djhuey import HUEY

    from relais.ingest.tasks import save_upload, start_upload_import

    HUEY.immediate = True
    try:
        data = io.BytesIO()
        write_google_csv(tmp_path / "g.csv", people(12, 7))
        data.write((tmp_path / "g.csv").read_bytes())
        data.seek(0)
        expected = run_import([tmp_path / "g.csv"], dry_run=True).contacts_created
        saved = save_upload("contacts.csv", data)
        assert saved.parent.parent.name == "uploads"
        batch = start_upload_import(actor=member, path=saved)
    finally:
        HUEY.immediate = False
    assert batch.status == "done"
    assert batch.stats["contacts_created"] == expected
    assert batch.stats["position"] == 7
    assert Provenance.objects.filter(recorded_by=member).exists()


def test_zip_and_maps(tmp_path):
    archive = tmp_path / "lists.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("x.csv", "Nom complet,Courriel,Boîte\nJean Dupont,jean@x.fr,ACME\n")
    report = run_import([archive], mapping_overrides={"Boîte": "organisation"})
    assert report.contacts_created == 1
    contact = Contact.objects.get()
    assert contact.organisation is not None and contact.organisation.name == "ACME"


def test_a_column_override_applies_to_the_tables_that_have_the_column(tmp_path):
    from relais.contacts.models import Contact, ContactPoint
    from relais.core.errors import InvalidInput
    from relais.ingest.services import run_import

    salon = tmp_path / "salon.csv"
    salon.write_text(
        "Prénom;Nom;Société;Ligne perso\nHélène;LEFÈVRE;Verdier SAS;06 12 34 56 78\n",
        encoding="utf-8",
    )
    crm = tmp_path / "crm.csv"
    crm.write_text(
        "First name,Last name,Company,Email\nKate,Smith,Globex,kate@globex.co.uk\n",
        encoding="utf-8",
    )

    with pytest.raises(InvalidInput) as err:
        run_import(
            [salon, crm],
            mapping_overrides={"Ligne perso ": "phone:mobile", "Nope": "phone"},
        )
    assert (
        "'Nope'" in err.value.errors["map"]
        and "Ligne perso" not in err.value.errors["map"]
    )
    assert not Contact.objects.exists()

    report = run_import([salon, crm], mapping_overrides={"Ligne perso": "phone:mobile"})
    assert report.file_errors == [] and report.contacts_created == 2
    helene = Contact.objects.get(last_name="Lefèvre")
    phone = ContactPoint.objects.get(contact=helene, kind="phone")
    assert (phone.normalized_value, phone.label) == ("+33612345678", "mobile")
    assert Contact.objects.filter(
        last_name="Smith", points__normalized_value="kate@globex.co.uk"
    ).exists()


def test_one_provenance_row_per_record_names_its_points(tmp_path):
    crowd = people(5, 3)
    report = run_import([write_google_csv(tmp_path / "g.csv", crowd)])
    rows = list(Provenance.objects.filter(batch_id=report.batch_id).order_by("id"))
    assert [r.record_number for r in rows] == [1, 2, 3]
    for row in rows:
        held = list(
            ContactPoint.objects.filter(contact_id=row.contact_id).values_list(
                "id", flat=True
            )
        )
        assert sorted(row.points) == sorted(held) and held
    # The export lists the points' kinds among the fields the record supplied.
    entry = contact_record(
        with_details(Contact.objects.all()).get(pk=rows[0].contact_id)
    )["provenance"][0]
    assert entry["record"] == 1 and "email" in entry["fields"]


def test_a_deleted_point_is_no_longer_claimed_by_its_source(tmp_path, make_contact):
    from relais.contacts import services

    crowd = people(6, 1)
    run_import([write_google_csv(tmp_path / "g.csv", crowd)])
    contact = Contact.objects.get()
    phones = list(ContactPoint.objects.filter(contact=contact, kind="phone"))
    assert phones
    added = services.add_point(
        actor=None,
        contact=contact,
        kind="url",
        value="https://example.org/jean",
        source=services.Source.manual("cli"),
    )
    for point in phones:
        services.remove_point(actor=None, point=point)
    services.remove_point(actor=None, point=added)
    entries = contact_record(with_details(Contact.objects.all()).get())["provenance"]
    # The command-line entry only supplied the point removed since: it is gone.
    assert [e["kind"] for e in entries] == ["import"]
    assert "phone" not in entries[0]["fields"]
    assert not {p.pk for p in phones} & set(entries[0]["points"])


def test_undo_keeps_a_point_another_source_names(tmp_path):
    from relais.contacts import services

    crowd = people(8, 1)
    report = run_import([write_google_csv(tmp_path / "g.csv", crowd)])
    contact = Contact.objects.get()
    email = ContactPoint.objects.get(contact=contact, kind="email", is_primary=True)
    services.add_point(
        actor=None,
        contact=contact,
        kind="email",
        value=email.value,
        source=services.Source.manual("cli"),
    )
    removed = undo_batch(actor=None, batch_id=report.batch_id)
    assert removed["contacts"] == 0  # the command line vouches for the contact
    assert list(ContactPoint.objects.values_list("id", flat=True)) == [email.pk]
    assert ContactPoint.objects.get().created_by_batch is None


def test_reading_apart_gives_the_same_import(tmp_path):
    """The acceptance folder read in a second process: the report of a one-process run."""
    import multiprocessing

    folder = acceptance_folder(tmp_path)
    alone = run_import([folder], chunk_size=7, dry_run=True).as_stats()
    report = run_import([folder], chunk_size=7, parallel=True)
    reading = [
        p for p in multiprocessing.active_children() if p.name != "relais-render"
    ]
    assert (
        not reading
    )  # the reading process has ended (template renderers stay, by design)
    apart = report.as_stats()
    # A dry run keeps nothing, so it checks nothing for duplicates either.
    check = ("check_status", "check_job", "duplicates_merged", "duplicates_to_review")
    for key in ("batch_id", "dry_run", "total_estimate", *check):
        alone.pop(key), apart.pop(key)
    assert apart == alone and apart["contacts_created"] > 10
    assert Contact.objects.count() == report.contacts_created
    again = run_import([folder], chunk_size=7, parallel=True)
    assert again.contacts_created == again.contacts_updated == 0


def test_a_failure_while_reading_apart_fails_the_batch(tmp_path, monkeypatch):
    from relais.ingest import prepare

    def broken(*args, **kwargs):
        raise ValueError("reader bug")

    monkeypatch.setattr(prepare, "person_facts", broken)
    path = write_google_csv(tmp_path / "g.csv", people(12, 6))
    with pytest.raises(prepare.ReaderFailed, match="reader bug"):
        run_import([path], parallel=True)
    assert ImportBatch.objects.get().status == "failed"
    assert not Contact.objects.exists()


def test_a_contact_the_batch_creates_takes_the_better_written_name(tmp_path):
    path = tmp_path / "salon.csv"
    path.write_text(
        "First name,Last name,Email\n"
        "Francois,Tinchl,ftinchal@digital.example\n"
        "François,TINCHAL,ftinchal@digital.example\n"
        "Florence,Forrdton,florence@fordton.example\n"
        "Florence,Fordton,florence@fordton.example\n"
        "Florence,FORDTON,florence@fordton.example\n",
        encoding="utf-8",
    )
    report = run_import([path])
    assert report.contacts_created == 2
    names = set(Contact.objects.values_list("first_name", "last_name", "display_name"))
    assert names == {
        ("François", "Tinchal", "François Tinchal"),
        ("Florence", "Fordton", "Florence Fordton"),
    }
    assert "tinchal" in Contact.objects.get(last_name="Tinchal").search_text
    undo_batch(actor=None, batch_id=report.batch_id)
    assert not Contact.objects.exists()


def test_a_later_batch_leaves_an_existing_name_alone(tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(
        "First name,Last name,Email\nFrancois,Tinchl,ftinchal@digital.example\n",
        encoding="utf-8",
    )
    run_import([first])
    second = tmp_path / "b.csv"
    second.write_text(
        "First name,Last name,Email\nFrançois,Tinchal,ftinchal@digital.example\n",
        encoding="utf-8",
    )
    report = run_import([second])
    assert report.contacts_created == 0
    assert list(Contact.objects.values_list("first_name", "last_name")) == [
        ("Francois", "Tinchl")
    ]
