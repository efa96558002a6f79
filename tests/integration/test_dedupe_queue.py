"""``run_dedupe`` and the review decisions, on pairs given directly (the engine's contract).

What the engine scores is its own test; here the pairs are ``ScoredPair`` values built by
hand, so that what becomes of them — merged, queued, left out — is checked exactly.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from relais.contacts.models import Contact
from relais.core.errors import Forbidden, InvalidInput
from relais.matching.compare import evidence_text
from relais.matching.models import MatchCandidate, Merge, NotSameDecision
from relais.matching.selectors import pending_count, review_queue
from relais.matching.services import decide, run_dedupe, undo_merge

from .merge_fixtures import pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_contact):
    return {
        "fred": make_contact(
            first_name="Frédéric", last_name="Canevet", emails=["f@sellsy.example"]
        ),
        "fred2": make_contact(first_name="Fred", last_name="CANEVET"),
        "fred3": make_contact(first_name="Frederic", last_name="Canevet"),
        "jean1": make_contact(
            first_name="Jean", last_name="Martin", organisation="Total"
        ),
        "jean2": make_contact(
            first_name="Jean", last_name="Martin", organisation="Engie"
        ),
    }


def test_pairs_above_the_auto_threshold_merge_the_middle_band_is_queued(
    scored, people, settings
):
    settings.RELAIS_MATCHING_AUTO_THRESHOLD = 0.98
    settings.RELAIS_MATCHING_REVIEW_THRESHOLD = 0.75
    scored += [
        pair(people["fred"], people["fred2"], 0.99, "identifier"),
        pair(people["jean1"], people["jean2"], 0.80),
        pair(people["fred"], people["jean1"], 0.40),
    ]
    summary = run_dedupe(actor=None, auto=True)
    assert (
        summary.outcome.pairs_found,
        summary.outcome.merged,
        summary.outcome.queued,
    ) == (2, 1, 1)
    merged = Contact.objects.get(pk=people["fred2"].pk)
    assert merged.merged_into_id == people["fred"].pk
    merge = Merge.objects.get()
    assert merge.why == "automatic, probability 0.99"
    assert merge.reason == Merge.Reason.AUTOMATIC
    queue = list(review_queue())
    assert [(c.left_id, c.right_id) for c in queue] == [
        (people["jean1"].pk, people["jean2"].pk)
    ]
    assert queue[0].evidence[0]["params"] == {"a": "Fred", "b": "Frédéric"}
    assert "merged" in summary.line() and "queued" in summary.line()


def test_without_auto_everything_goes_to_the_queue_best_first(scored, people):
    scored += [
        pair(people["jean1"], people["jean2"], 0.80),
        pair(people["fred"], people["fred2"], 0.995),
    ]
    summary = run_dedupe(actor=None, auto=False)
    assert summary.outcome.merged == 0 and summary.outcome.queued == 2
    assert [c.probability for c in review_queue()] == [0.995, 0.80]
    assert pending_count() == 2
    # Running again adds nothing.
    assert run_dedupe(actor=None, auto=False).outcome.queued == 2
    assert MatchCandidate.objects.count() == 2


def test_the_threshold_option_narrows_the_queue(scored, people):
    scored += [pair(people["jean1"], people["jean2"], 0.80)]
    assert run_dedupe(actor=None, auto=False, threshold=0.9).outcome.queued == 0
    with pytest.raises(InvalidInput, match="threshold"):
        run_dedupe(actor=None, threshold=1.5)


def test_not_the_same_person_is_remembered_across_runs_and_edits(
    scored, people, member
):
    from relais.contacts import services as contact_services

    scored += [pair(people["jean1"], people["jean2"], 0.99)]
    run_dedupe(actor=None, auto=False)
    candidate = review_queue().get()
    decide(actor=member, candidate_id=candidate.pk, decision="not_same")
    assert NotSameDecision.objects.filter(
        left=people["jean1"], right=people["jean2"], decided_by=member
    ).exists()
    contact_services.update_contact(
        actor=member, contact=people["jean2"], changes={"title": "Ingénieur"}
    )
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 0 and summary.outcome.queued == 0
    assert summary.outcome.not_same == 1
    assert pending_count() == 0
    assert Contact.objects.get(pk=people["jean2"].pk).merged_into_id is None


def test_a_cluster_holding_a_not_same_pair_is_never_merged_automatically(
    scored, people, member
):
    from relais.matching.services import mark_not_same

    mark_not_same(actor=member, first=people["fred"], second=people["fred3"])
    scored += [
        pair(people["fred"], people["fred2"], 0.99),
        pair(people["fred2"], people["fred3"], 0.99),
    ]
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 0
    assert summary.outcome.held == 2 and summary.outcome.queued == 2
    assert not Contact.objects.filter(merged_into__isnull=False).exists()


def test_a_safe_cluster_merges_transitively_into_one_survivor(scored, people):
    scored += [
        pair(people["fred"], people["fred2"], 0.99),
        pair(people["fred2"], people["fred3"], 0.99),
    ]
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 2
    survivor = people["fred"]  # the richer one: it has an email
    assert set(
        Contact.objects.filter(merged_into=survivor).values_list("pk", flat=True)
    ) == {people["fred2"].pk, people["fred3"].pk}


def test_an_undone_automatic_merge_is_not_redone_but_queued(scored, people):
    scored += [pair(people["fred"], people["fred2"], 0.99)]
    run_dedupe(actor=None, auto=True)
    undo_merge(actor=None, merge_id=Merge.objects.get().pk)
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 0 and summary.outcome.queued == 1


def test_review_decisions_merge_skip_and_choose_the_survivor(scored, people, member):
    scored += [
        pair(people["fred"], people["fred2"], 0.9),
        pair(people["jean1"], people["jean2"], 0.8),
    ]
    run_dedupe(actor=None, auto=False)
    first, second = list(review_queue())
    decide(actor=member, candidate_id=second.pk, decision="skip")
    assert list(review_queue()) == [first]
    done = decide(
        actor=member,
        candidate_id=first.pk,
        decision="merge",
        survivor_id=people["fred2"].pk,
    )
    assert done.status == MatchCandidate.Status.MERGED and done.reviewer == member
    assert done.merge is not None and done.merge.why == "review, probability 0.90"
    assert (
        Contact.objects.get(pk=people["fred"].pk).merged_into_id == people["fred2"].pk
    )
    with pytest.raises(InvalidInput, match="already decided"):
        decide(actor=member, candidate_id=first.pk, decision="skip")
    # A skipped pair comes back on the next run.
    run_dedupe(actor=None, auto=False)
    assert [c.pk for c in review_queue()] == [second.pk]
    # Undoing the merge puts its pair back in the queue.
    undo_merge(actor=member, merge_id=done.merge.pk)
    assert first.pk in {c.pk for c in review_queue()}


def test_a_survivor_outside_the_pair_is_refused(scored, people, member):
    scored += [pair(people["fred"], people["fred2"], 0.9)]
    run_dedupe(actor=None, auto=False)
    candidate = review_queue().get()
    with pytest.raises(InvalidInput, match="survivor"):
        decide(
            actor=member,
            candidate_id=candidate.pk,
            decision="merge",
            survivor_id=people["jean1"].pk,
        )
    with pytest.raises(InvalidInput, match="decision"):
        decide(actor=member, candidate_id=candidate.pk, decision="maybe")


def test_readonly_users_cannot_run_dedupe_or_decide(scored, people, reader):
    scored += [pair(people["fred"], people["fred2"], 0.9)]
    with pytest.raises(Forbidden):
        run_dedupe(actor=reader)
    run_dedupe(actor=None, auto=False)
    with pytest.raises(Forbidden):
        decide(actor=reader, candidate_id=review_queue().get().pk, decision="not_same")


def test_pending_pairs_follow_a_merged_contact_to_its_survivor(scored, people, member):
    scored += [
        pair(people["fred"], people["fred2"], 0.9),
        pair(people["fred2"], people["fred3"], 0.85),
    ]
    run_dedupe(actor=None, auto=False)
    first = review_queue().first()
    decide(
        actor=member,
        candidate_id=first.pk,
        decision="merge",
        survivor_id=people["fred"].pk,
    )
    remaining = review_queue().get()
    assert {remaining.left_id, remaining.right_id} == {
        people["fred"].pk,
        people["fred3"].pk,
    }


def test_a_large_arrival_is_checked_by_one_batch_run(scored, people, monkeypatch):
    from relais.matching.services import check_new_contacts, incremental

    monkeypatch.setattr(incremental, "BATCH_CHECK_ABOVE", 1)
    scored += [pair(people["fred"], people["fred2"], 0.99)]
    outcome = check_new_contacts(
        actor=None, contact_ids=[people["fred2"].pk, people["fred3"].pk], auto=True
    )
    assert outcome.merged == 1
    assert (
        Contact.objects.get(pk=people["fred2"].pk).merged_into_id == people["fred"].pk
    )


@pytest.fixture
def two_sarahs(make_contact):
    """A LinkedIn-like "Sarah Montros" (no detail) and two different Sarah Montros."""
    return {
        "bare": make_contact(first_name="Sarah", last_name="Montros"),
        "habitat": make_contact(
            first_name="Sarah",
            last_name="Montros",
            organisation="Habitat RM",
            emails=["sarah.montros@habitat-rm.example"],
            phones=["+33 6 12 34 56 78"],
            city="Lille",
        ),
        "nexora": make_contact(
            first_name="Sarah",
            last_name="Montros",
            organisation="Nexora Data",
            emails=["smontros@nexora.example"],
            phones=["+33 7 98 76 54 32"],
            city="Paris",
        ),
    }


def test_a_contact_fitting_two_different_people_is_not_merged_but_queued_with_why(
    scored, two_sarahs
):
    bare, habitat, nexora = (two_sarahs[k] for k in ("bare", "habitat", "nexora"))
    scored += [
        pair(bare, habitat, 0.99),
        pair(bare, nexora, 0.99),
        pair(habitat, nexora, 0.30),  # the two full records: different people
    ]
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 0
    assert summary.outcome.held == 2 and summary.outcome.queued == 2
    assert "2 kept for review rather than merged automatically" in summary.line()
    assert not Contact.objects.filter(merged_into__isnull=False).exists()
    for candidate in MatchCandidate.objects.all():
        reason = candidate.evidence[0]
        assert reason["field"] == "ambiguous"
        assert reason["params"]["name"] == "Sarah Montros"
        with translation.override("en"):
            text = evidence_text(reason)
        assert text.startswith("Fits two different people: Sarah Montros also looks")
        with translation.override("fr"):
            assert evidence_text(reason).startswith("Correspond à deux personnes")


def test_two_candidates_never_scored_together_are_scored_to_decide(scored, two_sarahs):
    bare, habitat, nexora = (two_sarahs[k] for k in ("bare", "habitat", "nexora"))
    # Only the bare record's pairs come from the run: the engine scores the full records'
    # pair itself (different organisations, addresses and mobiles: two people).
    scored += [pair(bare, habitat, 0.99), pair(bare, nexora, 0.99)]
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 0 and summary.outcome.held == 2


def test_candidates_that_may_be_one_person_merge_as_one_cluster(scored, two_sarahs):
    bare, habitat, nexora = (two_sarahs[k] for k in ("bare", "habitat", "nexora"))
    scored += [
        pair(bare, habitat, 0.99),
        pair(bare, nexora, 0.99),
        pair(habitat, nexora, 0.80),  # in the review band: perhaps one person
    ]
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 2 and summary.outcome.held == 0


def test_a_known_not_same_pair_among_the_candidates_holds_the_contact(
    scored, two_sarahs, member
):
    from relais.matching.services import mark_not_same

    bare, habitat, nexora = (two_sarahs[k] for k in ("bare", "habitat", "nexora"))
    mark_not_same(actor=member, first=habitat, second=nexora)
    scored += [pair(bare, habitat, 0.99), pair(bare, nexora, 0.99)]
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 0 and summary.outcome.held == 2
    assert {c.evidence[0]["field"] for c in MatchCandidate.objects.all()} == {
        "ambiguous"
    }


def test_a_contact_merged_with_one_person_only_is_not_held(scored, two_sarahs):
    bare, habitat, nexora = (two_sarahs[k] for k in ("bare", "habitat", "nexora"))
    # The second Sarah is only a possible match (review band): the bare record merges
    # with the first, and its pair with the second waits in the queue.
    scored += [pair(bare, habitat, 0.99), pair(bare, nexora, 0.85)]
    summary = run_dedupe(actor=None, auto=True)
    assert summary.outcome.merged == 1 and summary.outcome.held == 0
