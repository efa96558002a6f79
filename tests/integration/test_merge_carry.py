"""A merge carries everything to the survivor, chooses each field well, and archives the other."""

from __future__ import annotations

import pytest
from django.db import connection, models

from relais.audit.models import AuditEntry
from relais.contacts import services as contact_services
from relais.contacts.models import Contact, ContactPoint, Provenance
from relais.contacts.selectors import ContactFilter, list_contacts
from relais.contacts.services import Source
from relais.matching.services import default_survivor, merge_contacts, undo_merge
from relais.matching.services.carry import contact_relations
from relais.timeline.models import Interaction, Participant

from .merge_fixtures import frederic_pair

pytestmark = pytest.mark.django_db


def test_everything_moves_to_the_survivor_and_the_other_is_archived(member):
    fred, other = frederic_pair(member)
    other_audit = set(
        AuditEntry.objects.filter(contact_id=other.pk).values_list("pk", flat=True)
    )
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    fred.refresh_from_db()
    other.refresh_from_db()

    assert other.status == Contact.Status.ARCHIVED and other.merged_into == fred
    emails = {p.normalized_value: p for p in fred.points.filter(kind="email")}
    # The same Gmail address written twice is one point; the Axonaut one is kept.
    assert set(emails) == {
        "frederic.canevet@sellsy.example",
        "fcanevet@gmail.example",
        "fred@axonaut.example",
    }
    assert fred.points.filter(kind="phone").count() == 1  # one number, two spellings
    assert fred.notes.count() == 2
    assert set(fred.tasks.values_list("title", flat=True)) == {
        "Relancer Frédéric",
        "Send the deck",
    }
    assert sorted(t.name for t in fred.tags.all()) == [
        "Newsletter",
        "Salon 2024",
        "VIP",
    ]
    # The meeting with both is on the timeline once; the email from "Fred" is there too.
    assert Participant.objects.filter(contact=fred).count() == 2
    assert not Participant.objects.filter(contact=other).exists()
    assert Interaction.objects.filter(contacts=fred).count() == 2
    # Every source record of both contacts is on the survivor; point provenance follows.
    sources = set(fred.provenance.values_list("source_name", flat=True))
    assert {
        "web form",
        "contacts-2025.csv",
        f"merge {merge.pk}: Fred CANEVET",
    } <= sources
    gmail = emails["fcanevet@gmail.example"]
    # Both records that supplied the address now name the point that was kept.
    assert (
        sum(gmail.pk in row.points for row in Provenance.objects.filter(contact=fred))
        == 2
    )
    assert not Provenance.objects.filter(contact=other).exists()
    # The audit history of the merged contact is now the survivor's.
    assert other_audit <= set(
        AuditEntry.objects.filter(contact_id=fred.pk).values_list("pk", flat=True)
    )
    assert AuditEntry.objects.filter(
        action="contact.merge", contact_id=fred.pk
    ).exists()
    assert AuditEntry.objects.filter(
        action="contact.merged_into", contact_id=other.pk
    ).exists()
    assert merge.why == "manual"
    # Hidden from lists and searches by default, found with the archived ones.
    assert other not in list_contacts()
    assert other not in list_contacts(ContactFilter(q="canevet"))
    assert other in list_contacts(ContactFilter(include_archived=True))


def test_names_keep_the_most_complete_form_and_the_trusted_newest_job_wins(member):
    fred, other = frederic_pair(member)
    # The import said Axonaut; Fred then confirmed it himself through the self-update form.
    contact_services.update_contact(
        actor=None,
        contact=other,
        changes={"title": "Directeur croissance", "organisation": "Axonaut SAS"},
        source=Source("self-update", "self-update link"),
    )
    merge_contacts(actor=member, survivor=fred, merged=other)
    fred.refresh_from_db()
    assert (fred.first_name, fred.last_name) == ("Frédéric", "Canevet")
    assert fred.title == "Directeur croissance"
    assert fred.organisation is not None and fred.organisation.name == "Axonaut"
    assert fred.display_name == "Frédéric Canevet"
    assert fred.country == "FR"  # filled from the other
    former = fred.points.get(normalized_value="frederic.canevet@sellsy.example")
    assert former.label == "former" and not former.is_primary
    assert fred.points.get(normalized_value="fcanevet@gmail.example").label == "home"
    assert fred.points.get(normalized_value="fred@axonaut.example").is_primary


def test_an_import_does_not_override_what_a_person_typed(member):
    fred, other = frederic_pair(member)
    merge_contacts(actor=member, survivor=other, merged=fred)
    other.refresh_from_db()
    # Fred's record was typed in the web form; the newer CSV import ranks below it.
    assert other.title == "Responsable marketing"
    assert other.organisation.name == "Sellsy"
    assert (other.first_name, other.last_name) == ("Frédéric", "Canevet")
    assert other.points.get(normalized_value="fred@axonaut.example").label == "former"


def test_a_mail_signature_ranks_below_an_import(make_contact):
    imported = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        title="Acheteuse",
        organisation="Biocoop",
        source=Source("import", "crm.csv", record=3),
    )
    signed = make_contact(
        first_name="Helene",
        last_name="Lefevre",
        title="Responsable achats",
        organisation="Biocoop SA",
        source=Source("import", "inbox.mbox", record=40),
    )
    merge_contacts(actor=None, survivor=signed, merged=imported)
    signed.refresh_from_db()
    assert signed.title == "Acheteuse"
    assert (signed.first_name, signed.last_name) == ("Hélène", "Lefèvre")


def test_the_default_survivor_is_the_richer_then_the_older(make_contact):
    old = make_contact(first_name="Nico", last_name="Martin")
    rich = make_contact(
        first_name="Nicolas", last_name="Martin", emails=["n@m.example"]
    )
    assert default_survivor(old, rich) == (rich, old)
    twin = make_contact(first_name="Nicolas", last_name="Martin")
    assert default_survivor(twin, old) == (old, twin)


def test_every_foreign_key_to_a_contact_is_carried():
    """The carried relations are exactly every foreign key to Contact outside matching."""
    from django.apps import apps

    expected = {
        (f.model._meta.label_lower, f.name)
        for model in apps.get_models(include_auto_created=True)
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
        and f.related_model is Contact
        and model._meta.app_label != "matching"
        and not (model is Contact and f.name == "merged_into")
    }
    found = {(f.model._meta.label_lower, f.name) for f in contact_relations()}
    assert found == expected
    assert {
        ("contacts.contactpoint", "contact"),
        ("contacts.provenance", "contact"),
        ("contacts.note", "contact"),
        ("contacts.contact_tags", "contact"),
        ("timeline.participant", "contact"),
        ("timeline.task", "contact"),
    } <= found


@pytest.mark.django_db(transaction=True)
def test_a_model_added_later_with_a_contact_key_is_carried_and_restored(make_contact):
    """A future model (here a consent record, created on the fly) needs no change to merges."""
    from django.apps import apps

    class ConsentRecord(models.Model):
        contact = models.ForeignKey(Contact, on_delete=models.CASCADE)
        purpose = models.CharField(max_length=50)

        class Meta:
            app_label = "contacts"
            unique_together = [("contact", "purpose")]

        def __str__(self) -> str:
            return self.purpose

    with connection.schema_editor() as editor:
        editor.create_model(ConsentRecord)
    try:
        a = make_contact(first_name="Sébastien", last_name="Roux")
        b = make_contact(first_name="Seb", last_name="Roux")
        ConsentRecord.objects.create(contact=a, purpose="newsletter")
        ConsentRecord.objects.create(contact=b, purpose="newsletter")
        events = ConsentRecord.objects.create(contact=b, purpose="events")
        merge = merge_contacts(actor=None, survivor=a, merged=b)
        assert set(
            ConsentRecord.objects.filter(contact=a).values_list("purpose", flat=True)
        ) == {"newsletter", "events"}
        assert ConsentRecord.objects.filter(contact=a).count() == 2
        undo_merge(actor=None, merge_id=merge.pk)
        assert ConsentRecord.objects.get(pk=events.pk).contact_id == b.pk
        assert ConsentRecord.objects.filter(contact=b).count() == 2
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(ConsentRecord)
        del apps.all_models["contacts"]["consentrecord"]
        apps.clear_cache()


def test_the_engine_is_told_both_contacts_changed(
    member, fake_engine, django_capture_on_commit_callbacks
):
    fred, other = frederic_pair(member)
    fake_engine.refresh_keys = lambda ids: None
    both = sorted([fred.pk, other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        merge = merge_contacts(actor=member, survivor=fred, merged=other)
    # Last, once the merge has committed: both contacts at once.
    assert fake_engine.refreshed[-1] == both
    fake_engine.refreshed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        undo_merge(actor=member, merge_id=merge.pk)
    assert fake_engine.refreshed[-1] == both


def test_a_contact_cannot_be_merged_twice_or_with_itself(member, make_contact):
    from relais.core.errors import InvalidInput

    fred, other = frederic_pair(member)
    third = make_contact(first_name="F", last_name="Canevet")
    with pytest.raises(InvalidInput, match="itself"):
        merge_contacts(actor=member, survivor=fred, merged=fred)
    merge_contacts(actor=member, survivor=fred, merged=other)
    with pytest.raises(InvalidInput, match="already merged"):
        merge_contacts(actor=member, survivor=third, merged=other)
    assert ContactPoint.objects.filter(contact=other).count() == 0


def test_exports_leave_merged_contacts_out_unless_asked(member):
    import io
    import json

    from relais.contacts.export import export_contacts

    fred, other = frederic_pair(member)
    merge_contacts(actor=member, survivor=fred, merged=other)
    out = io.StringIO()
    assert export_contacts(fmt="jsonl", out=out) == 1
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [fred.pk]
    assert export_contacts(fmt="jsonl", out=io.StringIO(), include_merged=True) == 2
