"""/api/v1/duplicates and /api/v1/merges: what the API adds to the services (auth, roles,
status codes, shapes)."""

from __future__ import annotations

import pytest

from relais.contacts.models import Contact
from relais.matching.models import MatchCandidate, Merge

from .merge_fixtures import frederic_pair, pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(scored, make_contact):
    from relais.matching.services import run_dedupe

    a = make_contact(
        first_name="Sébastien", last_name="Roux", emails=["seb@roux.example"]
    )
    b = make_contact(first_name="Seb", last_name="ROUX")
    c = make_contact(first_name="Jean", last_name="Martin", organisation="Total")
    d = make_contact(first_name="Jean", last_name="Martin", organisation="Engie")
    scored += [pair(a, b, 0.93), pair(c, d, 0.81)]
    run_dedupe(actor=None, auto=False)
    return a, b, c, d


def test_the_queue_lists_pairs_best_first_with_evidence_in_words(api, queued):
    a, b, *_ = queued
    response = api.get("/duplicates")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["left"]["id"], first["right"]["id"]) == (a.pk, b.pk)
    assert first["left"]["display_name"] == "Sébastien Roux"
    assert first["evidence"][0]["detail"] == "“Fred” is a nickname of “Frédéric”"
    assert first["status"] == "pending"


def test_deciding_merge_then_undo_through_the_api(api, queued):
    a, b, *_ = queued
    candidate = MatchCandidate.objects.get(left=a)
    response = api.post(
        f"/duplicates/{candidate.pk}/decision", {"decision": "merge", "survivor": b.pk}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "merged"
    merge_id = response.json()["merge_id"]
    assert Contact.objects.get(pk=a.pk).merged_into_id == b.pk
    # The merged contact is gone from the listing, still readable by id.
    ids = [c["id"] for c in api.get("/contacts").json()["items"]]
    assert a.pk not in ids and b.pk in ids
    assert api.get(f"/contacts/{a.pk}").json()["merged_into_id"] == b.pk
    merges = api.get("/merges").json()
    assert merges["items"][0]["why"] == "review, probability 0.93"
    undone = api.post(f"/merges/{merge_id}/undo")
    assert undone.status_code == 200
    assert undone.json()["skipped"] == 0 and undone.json()["merge"]["undone_at"]
    assert api.post(f"/merges/{merge_id}/undo").status_code == 422


def test_not_same_and_skip(api, queued):
    _, _, c, d = queued
    candidate = MatchCandidate.objects.get(left=c)
    assert (
        api.post(
            f"/duplicates/{candidate.pk}/decision", {"decision": "not_same"}
        ).json()["status"]
        == "not_same"
    )
    assert api.get("/duplicates", status="not_same").json()["count"] == 1
    other = MatchCandidate.objects.exclude(pk=candidate.pk).get()
    assert (
        api.post(f"/duplicates/{other.pk}/decision", {"decision": "skip"}).status_code
        == 200
    )
    assert api.get("/duplicates").json()["count"] == 0


def test_bad_decisions_are_422_naming_the_field(api, queued):
    candidate = MatchCandidate.objects.first()
    bad = api.post(f"/duplicates/{candidate.pk}/decision", {"decision": "maybe"})
    assert bad.status_code == 422 and "decision" in bad.json()["errors"]
    outsider = api.post(
        f"/duplicates/{candidate.pk}/decision",
        {"decision": "merge", "survivor": 999999},
    )
    assert outsider.status_code == 422 and "survivor" in outsider.json()["errors"]
    assert (
        api.post("/duplicates/999999/decision", {"decision": "skip"}).status_code == 404
    )


def test_merge_by_hand(api, member):
    fred, other = frederic_pair(member)
    response = api.post("/merges", {"survivor": fred.pk, "merged": other.pk})
    assert response.status_code == 201
    assert (
        response.json()["survivor"]["id"] == fred.pk
        and response.json()["why"] == "manual"
    )
    missing = api.post("/merges", {"survivor": fred.pk, "merged": 999999})
    assert missing.status_code == 422 and "merged" in missing.json()["errors"]
    assert api.get(f"/merges?contact={other.pk}").json()["count"] == 1


def test_readonly_users_read_but_cannot_decide_merge_or_undo(
    reader_api, api, queued, member
):
    candidate = MatchCandidate.objects.first()
    assert reader_api.get("/duplicates").status_code == 200
    assert (
        reader_api.post(
            f"/duplicates/{candidate.pk}/decision", {"decision": "skip"}
        ).status_code
        == 403
    )
    a, b, *_ = queued
    assert (
        reader_api.post("/merges", {"survivor": a.pk, "merged": b.pk}).status_code
        == 403
    )
    merge_id = api.post("/merges", {"survivor": a.pk, "merged": b.pk}).json()["id"]
    assert reader_api.post(f"/merges/{merge_id}/undo").status_code == 403
    assert Merge.objects.get(pk=merge_id).undone_at is None


def test_anonymous_requests_are_refused(anonymous):
    assert anonymous.get("/duplicates").status_code == 401
    assert anonymous.get("/merges").status_code == 401
