"""Duplicates end to end, with the real matching engine: nicknames, accents, swapped names,
homonyms and shared addresses, remembered decisions, the import hook and the API hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from relais.contacts import services
from relais.contacts.models import Contact
from relais.contacts.services import PointInput as P
from relais.contacts.services import Source
from relais.ingest.services import run_import
from relais.matching.models import MatchCandidate, Merge
from relais.matching.selectors import review_queue
from relais.matching.services import decide, run_dedupe, undo_merge

pytestmark = pytest.mark.django_db


def mk(**fields) -> Contact:
    points = fields.pop("points", [])
    return services.create_contact(
        actor=None, source=Source.manual("api"), points=points, **fields
    )


@pytest.fixture
def base(db):
    return {
        "frederic": mk(
            first_name="Frédéric",
            last_name="Canevet",
            organisation="Sellsy",
            points=[
                P("email", "f.canevet@sellsy.com", "work"),
                P("phone", "06 39 98 47 12", "mobile"),
            ],
        ),
        "fred": mk(
            first_name="Fred",
            last_name="CANEVET",
            organisation="SELLSY SAS",
            points=[P("email", "fred.canevet@gmail.com")],
        ),
        "swapped": mk(
            first_name="CANEVET", last_name="Frédéric", organisation="Sellsy"
        ),
        "helene": mk(first_name="Hélène", last_name="Lefèvre", organisation="Biocoop"),
        "helene2": mk(
            first_name="Helene", last_name="LEFEVRE", organisation="Biocoop SA"
        ),
        "jean_total": mk(
            first_name="Jean",
            last_name="Martin",
            organisation="Total",
            city="Paris",
            points=[
                P("email", "jean.martin@total.example"),
                P("phone", "06 11 22 33 44"),
            ],
        ),
        "jean_engie": mk(
            first_name="Jean",
            last_name="Martin",
            organisation="Engie",
            city="Lyon",
            points=[P("email", "jmartin@engie.example"), P("phone", "06 55 66 77 88")],
        ),
        "marc": mk(
            first_name="Marc",
            last_name="Durand",
            organisation="Biocoop",
            points=[P("email", "contact@biocoop.example")],
        ),
        "sophie": mk(
            first_name="Sophie",
            last_name="Bernard",
            organisation="Biocoop",
            points=[P("email", "contact@biocoop.example")],
        ),
    }


def merged_into(contact: Contact) -> int | None:
    return Contact.objects.get(pk=contact.pk).merged_into_id


def test_nicknames_accents_and_swapped_names_merge_homonyms_and_shared_addresses_do_not(
    base,
):
    summary = run_dedupe(actor=None, auto=True)
    survivor = base["frederic"]  # the richest of the Canevets
    assert merged_into(base["fred"]) == survivor.pk
    assert merged_into(base["swapped"]) == survivor.pk
    assert {merged_into(base["helene"]), merged_into(base["helene2"])} - {None} in (
        {base["helene"].pk},
        {base["helene2"].pk},
    )
    # Two Jean Martin at different organisations, emails and phones stay two, unqueued.
    assert (
        merged_into(base["jean_total"]) is None
        and merged_into(base["jean_engie"]) is None
    )
    # Sharing contact@ is evidence, not proof: two different people stay two.
    assert merged_into(base["marc"]) is None and merged_into(base["sophie"]) is None
    homonyms = {base["jean_total"].pk, base["jean_engie"].pk}
    shared = {base["marc"].pk, base["sophie"].pk}
    for candidate in MatchCandidate.objects.all():
        assert {candidate.left_id, candidate.right_id} not in (homonyms, shared)
    assert summary.outcome.merged == 3
    survivor.refresh_from_db()
    assert (survivor.first_name, survivor.last_name) == ("Frédéric", "Canevet")
    emails = set(
        survivor.points.filter(kind="email").values_list("normalized_value", flat=True)
    )
    assert emails == {"f.canevet@sellsy.com", "fred.canevet@gmail.com"}
    merge = Merge.objects.filter(merged=base["fred"]).get()
    assert merge.reason == "automatic" and merge.probability > 0.98


def test_without_auto_the_pairs_wait_with_evidence_in_words(base):
    run_dedupe(actor=None, auto=False)
    queue = list(review_queue())
    pairs = {frozenset((c.left_id, c.right_id)): c for c in queue}
    nickname = pairs[frozenset((base["frederic"].pk, base["fred"].pk))]
    details = [e["detail"] % e["params"] for e in nickname.evidence]
    assert "Fred is a nickname of Frédéric." in details
    assert queue == sorted(queue, key=lambda c: -c.probability)
    assert not Contact.objects.filter(merged_into__isnull=False).exists()


def test_not_the_same_person_is_never_proposed_again_even_after_edits(base, member):
    run_dedupe(actor=None, auto=False)
    pair = MatchCandidate.objects.get(
        left_id=min(base["helene"].pk, base["helene2"].pk),
        right_id=max(base["helene"].pk, base["helene2"].pk),
    )
    decide(actor=member, candidate_id=pair.pk, decision="not_same")
    services.update_contact(
        actor=member, contact=base["helene2"], changes={"city": "Rennes"}
    )
    summary = run_dedupe(actor=None, auto=True)
    assert merged_into(base["helene"]) is None and merged_into(base["helene2"]) is None
    assert summary.outcome.not_same >= 1
    assert MatchCandidate.objects.get(pk=pair.pk).status == "not_same"


def test_merge_then_undo_with_the_engine_keeps_its_index_in_step(
    base, member, django_capture_on_commit_callbacks
):
    from relais.matching.models import MatchKey

    with django_capture_on_commit_callbacks(execute=True):
        run_dedupe(actor=member, auto=True)
    fred = base["fred"]
    assert not MatchKey.objects.filter(
        contact=fred
    ).exists()  # archived: out of the index
    merge = Merge.objects.get(merged=fred)
    with django_capture_on_commit_callbacks(execute=True):
        undo_merge(actor=member, merge_id=merge.pk)
    assert MatchKey.objects.filter(contact=fred).exists()
    assert merged_into(fred) is None
    # The undone pair is not merged again automatically: it waits for a person.
    run_dedupe(actor=member, auto=True)
    assert merged_into(fred) is None
    assert MatchCandidate.objects.filter(
        status="pending",
        left_id__in=[fred.pk, base["frederic"].pk],
        right_id__in=[fred.pk, base["frederic"].pk],
    ).exists()


def test_an_import_batch_is_checked_when_it_ends(base, tmp_path: Path, settings):
    settings.RELAIS_MATCHING_AUTO_MERGE = False
    seb = mk(first_name="Sébastien", last_name="Roux", organisation="Axonaut")
    csv = tmp_path / "salon.csv"
    csv.write_text(
        "Prénom,Nom,Société,Email\n"
        "Seb,ROUX,Axonaut SAS,seb.roux@gmail.example\n"
        "Nicolas,Petit,Pennylane,nicolas.petit@pennylane.example\n",
        encoding="utf-8",
    )
    run_import([csv], actor=None)
    new_seb = Contact.objects.get(first_name="Seb")
    assert new_seb.created_by_batch_id is not None
    queued = {frozenset((c.left_id, c.right_id)) for c in review_queue()}
    assert queued == {frozenset((seb.pk, new_seb.pk))}
    # With automatic merging on, a sure pair arriving in an import is merged.
    settings.RELAIS_MATCHING_AUTO_MERGE = True
    again = tmp_path / "again.csv"
    again.write_text(
        "Prénom,Nom,Société,Ville\nFréd,Canevet,Sellsy,Nice\n",
        encoding="utf-8",
    )
    run_import([again], actor=None)
    newcomer = Contact.objects.get(first_name="Fréd", created_by_batch__isnull=False)
    assert newcomer.merged_into_id == base["frederic"].pk


def test_the_api_create_response_lists_possible_duplicates(base, api):
    response = api.post(
        "/contacts",
        {"first_name": "Fred", "last_name": "Canevet", "organization": "Sellsy"},
    )
    assert response.status_code == 201
    found = response.json()["possible_duplicates"]
    canevets = {base[k].pk for k in ("frederic", "fred", "swapped")}
    assert found and {d["id"] for d in found} <= canevets
    assert found[0]["organization"] == "Sellsy" and found[0]["probability"] >= 0.75
    assert all(d["id"] != response.json()["id"] for d in found)


def test_the_queue_page_words_the_engines_evidence_in_french(base, client, member):
    run_dedupe(actor=None, auto=False)
    client.force_login(member)
    body = client.get("/duplicates/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Paire 1 sur" in body
    assert "Même nom (Canevet)." in body or "Même nom (Lefèvre)." in body
    nickname = MatchCandidate.objects.get(
        left_id=base["frederic"].pk, right_id=base["fred"].pk
    )
    page = client.get(f"/duplicates/?pair={nickname.pk}", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Fred est un diminutif de Frédéric." in page.content.decode()
