"""``relais dedupe`` and ``relais merge`` in-process, on pairs given to the engine's contract."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from relais.cli.commands import cli
from relais.contacts.models import Contact
from relais.matching.models import MatchCandidate, Merge, NotSameDecision

from .merge_fixtures import dump, frederic_pair, pair

pytestmark = pytest.mark.django_db


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_dedupe_merges_queues_and_prints_a_summary(scored, make_contact):
    a = make_contact(
        first_name="Sébastien", last_name="Roux", emails=["seb@roux.example"]
    )
    b = make_contact(first_name="Seb", last_name="ROUX")
    c = make_contact(first_name="Nicolas", last_name="Petit")
    d = make_contact(first_name="Nico", last_name="Petit")
    scored += [pair(a, b, 0.99), pair(c, d, 0.8)]
    result = run("dedupe", "--auto")
    assert result.exit_code == 0, result.output
    assert "2 possible duplicate pairs: 1 merged, 1 queued for review" in result.output
    assert Contact.objects.get(pk=b.pk).merged_into_id == a.pk


def test_dedupe_review_walks_the_queue_with_keys(scored, make_contact):
    a = make_contact(
        first_name="Sébastien", last_name="Roux", emails=["seb@roux.example"]
    )
    b = make_contact(first_name="Seb", last_name="ROUX")
    c = make_contact(first_name="Jean", last_name="Martin", organisation="Total")
    d = make_contact(first_name="Jean", last_name="Martin", organisation="Engie")
    e = make_contact(first_name="Kate", last_name="Smith")
    f = make_contact(first_name="Katherine", last_name="Smith")
    scored += [pair(a, b, 0.95), pair(c, d, 0.9), pair(e, f, 0.85)]
    result = run("dedupe", "--review", input="m\nn\nq\n")
    assert result.exit_code == 0, result.output
    assert "Pair 1/3" in result.output and "Sébastien" in result.output
    assert "nickname" in result.output  # the evidence, in words
    assert "2 pairs decided, 1 still to review." in result.output
    assert Contact.objects.get(pk=b.pk).merged_into_id == a.pk
    assert NotSameDecision.objects.filter(left=c, right=d).exists()
    assert MatchCandidate.objects.filter(status="pending").count() == 1


def test_merge_by_hand_list_and_undo(member):
    fred, other = frederic_pair(member)
    before = dump(other.pk)
    result = run("merge", "contacts", str(fred.pk), str(other.pk))
    assert result.exit_code == 0, result.output
    merge = Merge.objects.get()
    assert f"undo with 'relais merge undo {merge.pk}'" in result.output
    listing = run("merge", "list")
    assert "Fred CANEVET" in listing.output and "manual" in listing.output
    undone = run("merge", "undo", str(merge.pk))
    assert undone.exit_code == 0, undone.output
    assert f"Merge {merge.pk} undone" in undone.output
    after = dump(other.pk)
    assert after["points"] == before["points"] and after["notes"] == before["notes"]
    again = run("merge", "undo", str(merge.pk))
    assert again.exit_code == 1 and "already undone" in again.output
    missing = run("merge", "undo", "999")
    assert missing.exit_code == 1 and "No merge with id 999" in missing.output


def test_dedupe_threshold_out_of_range_is_a_usage_error():
    result = run("dedupe", "--threshold", "1.5")
    assert result.exit_code == 2 and "--threshold" in result.output


def test_show_says_where_a_merged_contact_went(member):
    fred, other = frederic_pair(member)
    run("merge", "contacts", str(fred.pk), str(other.pk))
    shown = run("contacts", "show", str(other.pk))
    assert "Merged into" in shown.output
    assert f"#{fred.pk} (relais merge list --contact {other.pk})" in shown.output


def test_dedupe_without_auto_only_queues(scored, make_contact, settings):
    settings.RELAIS_MATCHING_AUTO_MERGE = True
    a = make_contact(first_name="Sébastien", last_name="Roux")
    b = make_contact(first_name="Seb", last_name="ROUX")
    scored += [pair(a, b, 0.999)]
    result = run("dedupe")
    assert "0 merged, 1 queued for review" in result.output
    assert Contact.objects.get(pk=b.pk).merged_into_id is None
