"""Merge then undo gives back both contacts exactly, even after later edits elsewhere."""

from __future__ import annotations

import pytest

from relais.contacts import services as contact_services
from relais.contacts.models import Contact
from relais.contacts.services import Source
from relais.core.errors import Forbidden, InvalidInput
from relais.matching.models import Merge
from relais.matching.services import merge_contacts, undo_merge
from relais.timeline import services as timeline

from .merge_fixtures import dump, frederic_pair

pytestmark = pytest.mark.django_db


def test_merge_then_undo_restores_both_contacts_identically(member):
    fred, other = frederic_pair(member)
    before = (dump(fred.pk), dump(other.pk))
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    assert dump(other.pk)["points"] == []  # everything moved
    result = undo_merge(actor=member, merge_id=merge.pk)
    assert result.skipped == 0
    audit_after = (dump(fred.pk), dump(other.pk))
    # The undo adds its own audit entries to both contacts; everything else is identical.
    for snapshot in audit_after:
        snapshot["audit"] = snapshot["audit"][:-2]
    before_cmp = tuple({**d, "audit": d["audit"]} for d in before)
    for after, expected in zip(audit_after, before_cmp, strict=True):
        for part in expected:
            assert after[part] == expected[part], part
    assert Merge.objects.get(pk=merge.pk).undone_at is not None


def test_undo_keeps_what_was_added_to_the_survivor_after_the_merge(member):
    fred, other = frederic_pair(member)
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    fred.refresh_from_db()
    note = contact_services.add_note(actor=member, contact=fred, body="Après la fusion")
    task = timeline.create_task(actor=member, title="Call back", contact=fred)
    contact_services.update_contact(
        actor=member, contact=fred, changes={"city": "Nantes"}, source=Source.manual()
    )
    undo_merge(actor=member, merge_id=merge.pk)
    fred.refresh_from_db()
    assert fred.notes.filter(pk=note.pk).exists()
    assert fred.tasks.filter(pk=task.pk).exists()
    assert (
        fred.city == "Nantes"
    )  # the merge did not change the city: the later edit stays
    other.refresh_from_db()
    assert other.merged_into_id is None
    assert other.status == Contact.Status.LEAD
    assert other.notes.count() == 1 and other.points.count() == 3


def test_undo_restores_a_field_the_merge_changed_and_reports_the_later_edit(member):
    fred, other = frederic_pair(member)
    # Fred's newer job comes from a typed source: it wins the title.
    contact_services.update_contact(
        actor=member,
        contact=other,
        changes={"title": "Directeur croissance"},
        source=Source.manual(),
    )
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    fred.refresh_from_db()
    assert fred.title == "Directeur croissance"
    contact_services.update_contact(
        actor=member,
        contact=fred,
        changes={"title": "VP Growth"},
        source=Source.manual(),
    )
    result = undo_merge(actor=member, merge_id=merge.pk)
    fred.refresh_from_db()
    assert fred.title == "Responsable marketing"
    assert result.overwritten["title"] == ["VP Growth", "Responsable marketing"]


def test_undo_after_a_moved_note_was_deleted_restores_the_rest(member):
    fred, other = frederic_pair(member)
    imported_note = other.notes.get()
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    contact_services.delete_note(actor=None, note=imported_note)
    result = undo_merge(actor=member, merge_id=merge.pk)
    assert result.skipped == 1
    other.refresh_from_db()
    assert other.notes.count() == 0 and other.points.count() == 3


def test_a_merge_is_undone_once_and_merges_of_merges_are_undone_newest_first(
    member, make_contact
):
    fred, other = frederic_pair(member)
    third = make_contact(first_name="Frederic", last_name="Canevet")
    first = merge_contacts(actor=member, survivor=fred, merged=other)
    fred.refresh_from_db()
    second = merge_contacts(actor=member, survivor=third, merged=fred)
    with pytest.raises(InvalidInput, match="undo that merge first"):
        undo_merge(actor=member, merge_id=first.pk)
    undo_merge(actor=member, merge_id=second.pk)
    undo_merge(actor=member, merge_id=first.pk)
    with pytest.raises(InvalidInput, match="already undone"):
        undo_merge(actor=member, merge_id=first.pk)


def test_readonly_users_can_neither_merge_nor_undo(member, reader):
    fred, other = frederic_pair(member)
    with pytest.raises(Forbidden):
        merge_contacts(actor=reader, survivor=fred, merged=other)
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    with pytest.raises(Forbidden):
        undo_merge(actor=reader, merge_id=merge.pk)


def test_a_typo_corrected_by_the_merge_comes_back_with_the_undo(member):
    def person(first: str, last: str) -> Contact:
        return contact_services.create_contact(
            actor=member, source=Source.manual("web"), first_name=first, last_name=last
        )

    typo, right = person("Francois", "Tinchl"), person("François", "TINCHAL")
    before = (dump(typo.pk), dump(right.pk))
    merge = merge_contacts(actor=member, survivor=typo, merged=right)
    typo.refresh_from_db()
    assert (typo.first_name, typo.last_name, typo.display_name) == (
        "François",
        "Tinchal",
        "François Tinchal",
    )
    undo_merge(actor=member, merge_id=merge.pk)
    for after, expected in zip((dump(typo.pk), dump(right.pk)), before, strict=True):
        assert after["contact"] == expected["contact"]
        assert after["points"] == expected["points"]
