"""The matching engine against a real database: reading contacts, the incremental check and
its key index kept in step by the contact services and by imports."""

from __future__ import annotations

import pytest

from relais.contacts import services
from relais.ingest.services import run_import
from relais.matching.engine import (
    MatchRecord,
    find_matches_for,
    load_records,
    refresh_keys,
    score_batch,
)
from relais.matching.models import MatchKey

pytestmark = pytest.mark.django_db


def _point(kind: str, value: str, label: str = "") -> services.PointInput:
    return services.PointInput(kind, value, label=label)


@pytest.fixture
def frederic(db):
    return services.create_contact(
        actor=None,
        source=services.Source.manual("web"),
        first_name="Frédéric",
        last_name="Canevet",
        organisation="Sellsy",
        title="Directeur marketing",
        city="Nice",
        country="FR",
        points=[
            _point("email", "f.canevet@sellsy.com"),
            _point("phone", "06 39 98 47 12", "mobile"),
            _point("linkedin", "fr.linkedin.com/in/Frederic-Canevet/"),
        ],
    )


def test_load_records_reads_names_points_and_mobiles(frederic):
    (record,) = list(load_records([frederic.pk]))
    assert record.id == frederic.pk
    assert (record.first_name, record.last_name) == ("Frédéric", "Canevet")
    assert record.organisation == "Sellsy" and record.city == "Nice"
    assert record.emails == ("f.canevet@sellsy.com",)
    assert record.phones == ("+33639984712",) and record.mobiles == ("+33639984712",)
    assert record.linkedin == "https://www.linkedin.com/in/frederic-canevet"


def test_load_records_without_ids_skips_archived_contacts(frederic, make_contact):
    other = make_contact(first_name="Zoé", last_name="Archivée", status="archived")
    ids = {r.id for r in load_records()}
    assert frederic.pk in ids and other.pk not in ids


def test_a_new_contact_with_a_nickname_finds_the_existing_one(frederic):
    typed = MatchRecord(
        id=0,
        first_name="Fred",
        last_name="CANEVET",
        organisation="SELLSY SAS",
        emails=("fred.canevet@gmail.com",),
    )
    (match,) = find_matches_for(typed)
    assert (match.left_id, match.right_id) == (0, frederic.pk)
    assert match.decided_by == "model" and match.probability > 0.9
    nickname = next(e for e in match.evidence if e.field == "first_name")
    assert nickname.detail % nickname.params == "Fred is a nickname of Frédéric."


def test_the_same_mobile_decides_alone(frederic):
    typed = MatchRecord(
        id=0, first_name="F.", last_name="Canevet", mobiles=("+33639984712",)
    )
    (match,) = find_matches_for(typed)
    assert match.decided_by == "identifier" and match.probability == 1.0


def test_a_mobile_on_someone_with_another_name_is_not_proof(frederic):
    typed = MatchRecord(
        id=0,
        first_name="Nathalie",
        last_name="Bonnet",
        phones=("+33639984712",),
        mobiles=("+33639984712",),
    )
    # The shared mobile finds Frédéric as a candidate, but only the model scores it (the mobile
    # is not taken as proof), and the different name keeps it under the threshold.
    (candidate,) = find_matches_for(typed, min_probability=0.0)
    assert frederic.pk in (candidate.left_id, candidate.right_id)
    assert candidate.decided_by == "model" and candidate.probability < 0.5
    assert find_matches_for(typed, min_probability=0.5) == []


def test_a_homonym_elsewhere_is_not_proposed(make_contact):
    make_contact(
        first_name="Jean",
        last_name="Martin",
        organisation="Acme",
        city="Paris",
        emails=["jean.martin@acme.fr"],
        phones=["06 39 98 11 11"],
    )
    typed = MatchRecord(
        id=0,
        first_name="Jean",
        last_name="Martin",
        organisation="Globex",
        city="Lyon",
        emails=("jmartin@globex.com",),
        phones=("+33639982222",),
        mobiles=("+33639982222",),
    )
    assert find_matches_for(typed) == []
    assert find_matches_for(typed, min_probability=0.0)[0].probability < 0.1


def test_keys_follow_updates_and_deletion(frederic):
    before = set(
        MatchKey.objects.filter(contact=frederic).values_list("key", flat=True)
    )
    assert any(k.startswith("n:") and k.endswith("|canevet") for k in before)
    services.update_contact(
        actor=None, contact=frederic, changes={"last_name": "Canevet-Durand"}
    )
    after = set(MatchKey.objects.filter(contact=frederic).values_list("key", flat=True))
    assert after != before and any(k.endswith("|canevetdurand") for k in after)
    typed = MatchRecord(id=0, first_name="Frédéric", last_name="Canevet-Durand")
    assert [m.right_id for m in find_matches_for(typed)] == [frederic.pk]
    pk = frederic.pk
    services.delete_contact(actor=None, contact=frederic)
    assert not MatchKey.objects.filter(contact_id=pk).exists()
    assert find_matches_for(typed) == []


def test_refresh_keys_rebuilds_a_missing_index(frederic):
    MatchKey.objects.all().delete()
    typed = MatchRecord(id=0, first_name="Frederic", last_name="CANEVET")
    assert find_matches_for(typed) == []
    refresh_keys([frederic.pk])
    assert [m.right_id for m in find_matches_for(typed)] == [frederic.pk]


def test_refresh_keys_writes_the_keys_of_the_whole_record(frederic):
    """The keys are written from records read without the mobile/landline parse: they
    must be the keys of the full record (phones included), no more, no less."""
    from relais.matching.engine import records
    from relais.matching.engine.incremental import keys_for
    from relais.matching.features import features_of

    (full,) = records.load_records([frederic.pk])
    (light,) = records.load_records([frederic.pk], mobiles=False)
    assert full.mobiles and not light.mobiles
    MatchKey.objects.all().delete()
    refresh_keys([frederic.pk, frederic.pk])
    written = list(
        MatchKey.objects.filter(contact=frederic).values_list("key", flat=True)
    )
    assert sorted(written) == sorted(keys_for(features_of(full)))


def test_an_imported_contact_is_indexed_at_the_end_of_the_batch(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text(
        "Prénom,Nom,Société,Email\nSébastien,Lefèvre,Voxalis,seb.lefevre@voxalis.fr\n",
        encoding="utf-8",
    )
    run_import([path])
    typed = MatchRecord(
        id=0, first_name="Seb", last_name="LEFEVRE", organisation="Voxalis"
    )
    (match,) = find_matches_for(typed)
    assert match.probability > 0.9


def test_score_batch_on_records_from_the_database(frederic, make_contact):
    twin = make_contact(
        first_name="CANEVET",
        last_name="Fred",
        organisation="SELLSY S.A.S.",
        emails=["fred.canevet@gmail.com"],
    )
    make_contact(first_name="Hélène", last_name="Lefèvre", organisation="Sellsy")
    pairs = score_batch(load_records())
    assert [(p.left_id, p.right_id) for p in pairs] == [(frederic.pk, twin.pk)]


def test_the_incremental_check_reads_the_surname_frequency_from_the_index(
    frederic, make_contact, monkeypatch
):
    from relais.matching.engine import incremental
    from relais.matching.engine.incremental import surname_frequency

    monkeypatch.setattr(incremental, "_total", (0.0, 0))  # the count is cached

    make_contact(first_name="Hélène", last_name="Canevet", organisation="Voxalis")
    make_contact(first_name="Paul", last_name="Durand")
    make_contact(first_name="Marie", last_name="")
    assert surname_frequency("canevet") == pytest.approx(2 / 3)
    assert surname_frequency("inconnu") is None
    # Keys written before the surname key existed: no adjustment rather than a wrong one.
    MatchKey.objects.filter(key__startswith="l:").delete()
    assert surname_frequency("canevet") is None
    typed = MatchRecord(
        id=0, first_name="Fred", last_name="Canevet", organisation="Sellsy"
    )
    assert [m.right_id for m in find_matches_for(typed)] == [frederic.pk]
