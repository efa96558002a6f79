"""Contacts through the service layer: provenance, normalisation, roles, audit."""

import pytest

from relais.audit.models import AuditEntry
from relais.contacts import services
from relais.contacts.models import Contact, ContactPoint, Organisation, Provenance, Tag
from relais.contacts.selectors import (
    ContactFilter,
    contact_record,
    get_contact,
    list_contacts,
)
from relais.core.errors import Forbidden, InvalidInput
from relais.ingest.models import ImportBatch

pytestmark = pytest.mark.django_db


def test_acceptance_contact_is_normalised_and_traced(make_contact):
    contact = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        emails=["HELENE@Example.fr"],
        phones=["06 12 34 56 78"],
    )
    rec = contact_record(get_contact(contact.pk))
    assert rec["first_name"] == "Hélène" and rec["last_name"] == "Lefèvre"
    assert rec["display_name"] == "Hélène Lefèvre"
    assert rec["emails"] == ["helene@example.fr"]
    assert rec["phones"] == ["+33612345678"]
    assert [p["value"] for p in rec["points"]] == [
        "HELENE@Example.fr",
        "06 12 34 56 78",
    ]
    assert rec["provenance"] == [
        {
            "file": "API",
            "record": None,
            "kind": "api",
            "batch": None,
            "points": [p["id"] for p in rec["points"]],
            "fields": ["display_name", "email", "first_name", "last_name", "phone"],
            "details": {},
            "at": rec["provenance"][0]["at"],
        }
    ]


def test_a_contact_built_from_five_records_lists_five_provenance_entries(db):
    batch = ImportBatch.objects.create(label="Salon 2025")
    first = services.create_contact(
        actor=None,
        first_name="Jean",
        last_name="Dupont",
        points=[services.PointInput("email", "jean@acme.fr")],
        source=services.Source(kind="import", name="salon.xlsx", record=3, batch=batch),
    )
    for n, phone in enumerate(
        ["06 11 22 33 44", "+33 6 11 22 33 44", "07 00 00 00 01", "01 44 55 66 77"],
        start=1,
    ):
        services.add_point(
            actor=None,
            contact=first,
            kind="phone",
            value=phone,
            source=services.Source(
                kind="import", name="Connections.csv", record=n, batch=batch
            ),
        )
    rec = contact_record(get_contact(first.pk))
    assert [(p["file"], p["record"]) for p in rec["provenance"]] == [
        ("salon.xlsx", 3),
        ("Connections.csv", 1),
        ("Connections.csv", 2),
        ("Connections.csv", 3),
        ("Connections.csv", 4),
    ]
    # The same number written twice is one point traced to both records.
    mobile = ContactPoint.objects.get(contact=first, normalized_value="+33611223344")
    assert [p["record"] for p in rec["provenance"] if mobile.pk in p["points"]] == [
        1,
        2,
    ]
    assert len(rec["phones"]) == 3


def test_first_point_of_a_kind_is_primary_and_primary_moves(make_contact):
    contact = make_contact(first_name="Zoé", emails=["zoe@a.fr", "zoe@b.fr"])
    a, b = ContactPoint.objects.filter(contact=contact).order_by("id")
    assert a.is_primary and not b.is_primary
    services.update_point(actor=None, point=b, primary=True)
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.is_primary and not a.is_primary
    services.remove_point(actor=None, point=b)
    a.refresh_from_db()
    assert a.is_primary


def test_invalid_points_are_reported_per_field_and_nothing_is_saved(make_contact):
    with pytest.raises(InvalidInput) as err:
        make_contact(first_name="Loïc", emails=["loic@"], phones=["12"])
    assert set(err.value.errors) == {"email", "phone"}
    assert "loic@" in err.value.errors["email"]
    assert Contact.objects.count() == 0 and ContactPoint.objects.count() == 0


def test_a_contact_needs_a_name_or_a_way_to_reach_them(make_contact):
    with pytest.raises(InvalidInput) as err:
        make_contact()
    assert "name" in err.value.errors
    only_email = make_contact(emails=["anon@example.org"])
    assert only_email.display_name == "anon@example.org"


def test_bad_fields_are_named(make_contact):
    with pytest.raises(InvalidInput) as err:
        make_contact(
            first_name="A", country="France", status="vip", language="français"
        )
    assert set(err.value.errors) == {"country", "status", "language"}


def test_organisations_are_shared_up_to_case_accents_and_legal_form(make_contact):
    a = make_contact(first_name="A", organisation="Sellsy SAS")
    b = make_contact(first_name="B", organisation="SELLSY")
    assert a.organisation_id == b.organisation_id
    assert Organisation.objects.count() == 1


def test_tags_are_case_and_accent_insensitive(make_contact):
    contact = make_contact(first_name="Bérénice", tags=["Événement", "VIP"])
    services.add_tags(
        actor=None, contact=contact, names=["evenement", "vip", "Partenaire"]
    )
    assert sorted(contact.tags.values_list("name", flat=True)) == [
        "Partenaire",
        "VIP",
        "Événement",
    ]
    assert Tag.objects.count() == 3
    services.remove_tag(actor=None, contact=contact, name="EVENEMENT")
    assert sorted(contact.tags.values_list("name", flat=True)) == ["Partenaire", "VIP"]


def test_update_records_only_real_changes_in_the_audit_log(make_contact, member):
    contact = make_contact(
        first_name="Francois", last_name="Martin", organisation="Acme"
    )
    services.update_contact(
        actor=member,
        contact=contact,
        changes={
            "first_name": "François",
            "last_name": "Martin",
            "organisation": "Globex",
            "owner": member,
        },
    )
    entry = AuditEntry.objects.filter(action="contact.update").get()
    assert entry.actor == member and entry.actor_label == "marc@relais.test"
    assert entry.contact_id == contact.pk
    assert entry.changes == {
        "first_name": ["Francois", "François"],
        "organisation": ["Acme", "Globex"],
        "owner": [None, "marc@relais.test"],
    }
    contact.refresh_from_db()
    assert contact.display_name == "François Martin"
    services.update_contact(
        actor=member, contact=contact, changes={"first_name": "François"}
    )
    assert AuditEntry.objects.filter(action="contact.update").count() == 1


def test_a_hand_chosen_display_name_survives_name_edits(make_contact):
    contact = make_contact(
        first_name="Frédéric", last_name="Canevet", display_name="Fred Canevet"
    )
    services.update_contact(
        actor=None, contact=contact, changes={"last_name": "CANEVET"}
    )
    contact.refresh_from_db()
    assert contact.display_name == "Fred Canevet"


def test_readonly_users_cannot_write_anything(make_contact, reader):
    contact = make_contact(first_name="Ségolène")
    attempts = [
        lambda: services.create_contact(
            actor=reader, source=services.Source.manual(), first_name="X"
        ),
        lambda: services.update_contact(
            actor=reader, contact=contact, changes={"title": "CEO"}
        ),
        lambda: services.add_point(
            actor=reader,
            contact=contact,
            kind="email",
            value="s@x.fr",
            source=services.Source.manual(),
        ),
        lambda: services.add_note(actor=reader, contact=contact, body="hello"),
        lambda: services.add_tags(actor=reader, contact=contact, names=["x"]),
        lambda: services.delete_contact(actor=reader, contact=contact),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            attempt()
    contact.refresh_from_db()
    assert contact.title == "" and contact.notes.count() == 0


def test_only_the_author_or_an_admin_edits_a_note(make_contact, member, admin, db):
    from relais.accounts.models import Role, User

    other = User.objects.create_user(
        "other@relais.test", "pw-123456789", role=Role.MEMBER
    )
    contact = make_contact(first_name="Anne")
    note = services.add_note(actor=member, contact=contact, body="  Rappeler en mars  ")
    assert note.body == "Rappeler en mars" and note.author == member
    with pytest.raises(Forbidden):
        services.update_note(actor=other, note=note, body="changed")
    services.update_note(actor=admin, note=note, body="Rappeler en avril")
    note.refresh_from_db()
    assert note.body == "Rappeler en avril"


def test_search_is_accent_and_case_insensitive_and_finds_phone_fragments(make_contact):
    helene = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        organisation="Société Générale",
        phones=["06 12 34 56 78"],
        tags=["Salon"],
    )
    make_contact(first_name="Jean", last_name="Martin", emails=["jean@martin.fr"])

    def found(q):
        return list(list_contacts(ContactFilter(q=q)))

    assert found("helene") == [helene]
    assert found("LEFEVRE") == [helene]
    assert found("societe generale") == [helene]
    assert found("06 12 34") == [helene]
    assert found("612 34") == [helene]
    assert found("salon") == [helene]
    assert found("jean@martin") != [helene]


def test_archived_contacts_are_hidden_unless_asked(make_contact):
    kept = make_contact(first_name="Kept")
    gone = make_contact(first_name="Gone", status="archived")
    assert list(list_contacts()) == [kept]
    assert set(list_contacts(ContactFilter(include_archived=True))) == {kept, gone}
    assert list(list_contacts(ContactFilter(status="archived"))) == [gone]


def test_delete_removes_points_and_provenance_and_is_audited(make_contact, member):
    contact = make_contact(first_name="Temp", emails=["t@x.fr"])
    services.delete_contact(actor=member, contact=contact)
    assert not ContactPoint.objects.exists() and not Provenance.objects.exists()
    assert AuditEntry.objects.filter(action="contact.delete", actor=member).exists()
