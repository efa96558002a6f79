"""The duplicates pages: the review queue, decisions with and without HTMX, the merge
history and its undo, merged contacts' pages, "Find duplicates" and the form's hint."""

from __future__ import annotations

import pytest
from django.test import Client

from relais.contacts.models import Contact
from relais.matching.engine import ScoredPair
from relais.matching.models import MatchCandidate, Merge
from relais.matching.services import merge_contacts, run_dedupe

from .merge_fixtures import frederic_pair, pair

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def queued(scored, make_contact):
    a = make_contact(
        first_name="Frédéric",
        last_name="Canevet",
        organisation="Sellsy",
        emails=["f@sellsy.example"],
    )
    b = make_contact(first_name="Fred", last_name="CANEVET", organisation="Sellsy")
    c = make_contact(first_name="Jean", last_name="Martin", organisation="Total")
    d = make_contact(first_name="Jean", last_name="Martin", organisation="Engie")
    scored += [pair(a, b, 0.93), pair(c, d, 0.81)]
    run_dedupe(actor=None, auto=False)
    return a, b, c, d


def test_the_queue_shows_the_best_pair_side_by_side_with_the_evidence(
    signed_in, queued
):
    a, b, *_ = queued
    body = signed_in.get("/duplicates/").content.decode()
    assert "Pair 1 of 2" in body and "93%" in body
    assert "Frédéric Canevet" in body and "Fred CANEVET" in body
    assert "“Fred” is a nickname of “Frédéric”" in body
    assert "clearly for the same person" in body
    # The richer contact (it has an email) is the default survivor.
    assert f'name="survivor" value="{a.pk}" checked' in body
    assert 'data-shortcut="m"' in body and 'data-shortcut="j"' in body
    # The nav shows the number of pairs to review.
    assert (
        'id="nav-duplicates-count" class="count" title="Pairs to review">2</span>'
        in body
    )


def test_the_queue_in_french(signed_in, queued):
    body = signed_in.get("/duplicates/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Doublons" in body and "Pas la même personne" in body
    assert "nettement en faveur de la même personne" in body


def test_a_plain_form_post_decides_and_moves_to_the_next_pair(signed_in, queued):
    a, b, c, d = queued
    first = MatchCandidate.objects.get(left=a)
    second = MatchCandidate.objects.get(left=c)
    response = signed_in.post(
        f"/duplicates/{first.pk}/decide/",
        {"decision": "merge", "survivor": str(b.pk), "next": str(second.pk)},
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"/duplicates/?pair={second.pk}"
    )
    assert Contact.objects.get(pk=a.pk).merged_into_id == b.pk
    page = signed_in.get(response["Location"]).content.decode()
    assert "Pair 1 of 1" in page and "was merged into" in page


def test_htmx_decisions_swap_in_the_next_pair_and_the_count(signed_in, queued):
    a, b, c, d = queued
    first = MatchCandidate.objects.get(left=a)
    second = MatchCandidate.objects.get(left=c)
    response = signed_in.post(
        f"/duplicates/{first.pk}/decide/",
        {"decision": "not_same", "next": str(second.pk)},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<section id="review"')
    assert "will not be proposed again" in body and "Pair 1 of 1" in body
    assert 'hx-swap-oob="true"' in body and ">1</span>" in body
    last = signed_in.post(
        f"/duplicates/{second.pk}/decide/", {"decision": "skip"}, **HTMX
    )
    assert "No duplicates to review" in last.content.decode()
    # Deciding a decided pair again says so, in the panel.
    again = signed_in.post(
        f"/duplicates/{first.pk}/decide/", {"decision": "merge"}, **HTMX
    )
    assert "already decided" in again.content.decode()


def test_readonly_users_see_the_queue_but_cannot_decide_or_undo(
    client, reader, member, queued
):
    client.force_login(reader)
    body = client.get("/duplicates/").content.decode()
    assert "Pair 1 of 2" in body and 'data-shortcut="m"' not in body
    assert "Find duplicates" not in body
    a, b, c, d = queued
    candidate = MatchCandidate.objects.get(left=c)
    assert (
        client.post(
            f"/duplicates/{candidate.pk}/decide/", {"decision": "skip"}
        ).status_code
        == 403
    )
    assert client.post("/duplicates/find/").status_code == 403
    merge = merge_contacts(actor=member, survivor=a, merged=b)
    assert client.post(f"/duplicates/merges/{merge.pk}/undo/").status_code == 403
    assert MatchCandidate.objects.get(pk=candidate.pk).status == "pending"


def test_merge_history_and_undo_button(signed_in, member):
    fred, other = frederic_pair(member)
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    body = signed_in.get("/duplicates/merges/").content.decode()
    assert "Fred CANEVET" in body and f"/duplicates/merges/{merge.pk}/undo/" in body
    response = signed_in.post(f"/duplicates/merges/{merge.pk}/undo/")
    assert response.status_code == 302
    assert Merge.objects.get(pk=merge.pk).undone_at is not None
    body = signed_in.get("/duplicates/merges/").content.decode()
    assert "Undone" in body and "are two contacts again" in body


def test_a_merged_contacts_page_leads_to_the_survivor_which_offers_undo(
    signed_in, member
):
    fred, other = frederic_pair(member)
    merge = merge_contacts(actor=member, survivor=fred, merged=other)
    response = signed_in.get(f"/contacts/{other.pk}/")
    assert (
        response.status_code == 302 and response["Location"] == f"/contacts/{fred.pk}/"
    )
    body = signed_in.get(response["Location"]).content.decode()
    assert "Fred CANEVET was merged into Frédéric Canevet" in body
    assert "was merged into this contact" in body
    assert f"/duplicates/merges/{merge.pk}/undo/" in body
    # Undo from there opens the contact that came back.
    back = signed_in.post(f"/duplicates/merges/{merge.pk}/undo/", {"next": "contact"})
    assert back["Location"] == f"/contacts/{other.pk}/"
    # The contact list no longer hides it.
    assert "Fred CANEVET" in signed_in.get("/contacts/").content.decode()


def test_find_duplicates_runs_the_job(signed_in, queued, settings):
    from relais.matching.tasks import find_duplicates

    before = find_duplicates.huey.immediate
    find_duplicates.huey.immediate = True
    try:
        MatchCandidate.objects.all().delete()
        response = signed_in.post("/duplicates/find/")
    finally:
        find_duplicates.huey.immediate = before
    assert response.status_code == 302
    # With the default settings the 0.93 pair is merged (automatic merging from 0.9), the
    # 0.81 one waits for review.
    assert Merge.objects.count() == 1
    assert MatchCandidate.objects.filter(status="pending").count() == 1


@pytest.fixture
def look_alike(fake_engine, make_contact):
    """An engine that finds Frédéric for anything named Fred/Frédéric Canevet."""
    fred = make_contact(
        first_name="Frédéric", last_name="Canevet", organisation="Sellsy"
    )

    def find_matches_for(record, min_probability=0.5, limit=5):
        if "canevet" not in record.last_name.lower() or record.id == fred.pk:
            return []
        left, right = sorted((record.id, fred.pk))
        return [ScoredPair(left, right, 0.9, "model")]

    fake_engine.find_matches_for = find_matches_for
    return fred


def test_the_form_says_who_the_new_contact_looks_like_as_it_is_typed(
    signed_in, look_alike
):
    body = signed_in.get(
        "/contacts/similar/",
        {
            "first_name": "Fred",
            "last_name": "Canevet",
            "email-value": ["fred@x.example", "bad"],
        },
        **HTMX,
    ).content.decode()
    assert "This looks like" in body and f'href="/contacts/{look_alike.pk}/"' in body
    assert "at Sellsy" in body and "90% likely" in body
    assert (
        signed_in.get(
            "/contacts/similar/", {"first_name": "Zoé"}, **HTMX
        ).content.strip()
        == b""
    )
    assert (
        'hx-get="/contacts/similar/"'
        in signed_in.get("/contacts/new/").content.decode()
    )


def test_after_saving_the_new_contact_page_offers_to_merge(
    signed_in, look_alike, fake_engine
):
    from relais.matching.engine import MatchRecord

    fake_engine.load_records = lambda ids=None: iter(
        [
            MatchRecord(id=c.pk, last_name=c.last_name)
            for c in Contact.objects.filter(pk__in=list(ids or []))
        ]
    )
    fake_engine.refresh_keys = lambda ids: None
    response = signed_in.post(
        "/contacts/new/",
        {"first_name": "Fred", "last_name": "Canevet", "status": "lead"},
    )
    new = Contact.objects.get(first_name="Fred")
    assert response["Location"] == f"/contacts/{new.pk}/?new=1"
    body = signed_in.get(response["Location"]).content.decode()
    assert "This looks like" in body and "Merge into Frédéric Canevet" in body
    merged = signed_in.post(
        "/duplicates/merge/", {"survivor": look_alike.pk, "merged": new.pk}
    )
    assert merged["Location"] == f"/contacts/{look_alike.pk}/"
    assert Contact.objects.get(pk=new.pk).merged_into_id == look_alike.pk


def test_merging_a_contact_with_itself_is_a_message_not_an_error(
    signed_in, make_contact
):
    zoe = make_contact(first_name="Zoé", last_name="Arnaud")
    response = signed_in.post(
        "/duplicates/merge/", {"survivor": zoe.pk, "merged": zoe.pk}
    )
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    assert "cannot be merged with itself" in page
    assert signed_in.post("/duplicates/merge/", {"survivor": "x"}).status_code == 302
    assert (
        signed_in.post(
            "/duplicates/merge/", {"survivor": zoe.pk, "merged": 999999}
        ).status_code
        == 404
    )


def test_names_are_escaped_in_the_hint_and_the_queue(
    signed_in, scored, make_contact, fake_engine
):
    evil = make_contact(
        first_name="<script>x</script>", last_name="Canevet", organisation="<b>Org</b>"
    )
    other = make_contact(first_name="Fred", last_name="Canevet")
    scored += [pair(evil, other, 0.9)]
    run_dedupe(actor=None, auto=False)
    body = signed_in.get("/duplicates/").content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body

    def find_matches_for(record, min_probability=0.5, limit=5):
        return [ScoredPair(0, evil.pk, 0.9, "model")]

    fake_engine.find_matches_for = find_matches_for
    hint = signed_in.get(
        "/contacts/similar/", {"last_name": "Canevet"}, **HTMX
    ).content.decode()
    assert "<script>" not in hint and "&lt;b&gt;Org&lt;/b&gt;" in hint


def test_a_pair_held_because_it_fits_two_people_says_so_first(
    signed_in, scored, make_contact, member
):
    from relais.matching.services import mark_not_same

    bare = make_contact(first_name="Sarah", last_name="Montros")
    one = make_contact(first_name="Sarah", last_name="Montros", organisation="Habitat")
    two = make_contact(first_name="Sarah", last_name="Montros", organisation="Nexora")
    mark_not_same(actor=member, first=one, second=two)
    scored += [pair(bare, one, 0.995), pair(bare, two, 0.99)]
    run_dedupe(actor=None, auto=True)
    body = signed_in.get("/duplicates/").content.decode()
    reason = body.index("Fits two different people: Sarah Montros also looks")
    assert reason < body.index("is a nickname of")  # the reason comes first
    assert "not merged automatically" in body
    body = signed_in.get("/duplicates/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Correspond à deux personnes différentes" in body
    assert "pas fusionné automatiquement" in body
