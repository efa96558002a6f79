"""The demo plan: deterministic, French and English, messy but valid, fictional, duplicated."""

from __future__ import annotations

from collections import Counter

import pytest

from relais.contacts.normalize import normalize_point
from relais.core.text import fold
from relais.demo import DEMO_SEED, build_plan
from relais.demo.names import FR_LANDLINES, FR_MOBILE, GB_LANDLINES, GB_MOBILE


@pytest.fixture(scope="module")
def plan():
    return build_plan(DEMO_SEED)


def test_same_seed_same_plan_other_seed_other_plan(plan):
    assert build_plan(DEMO_SEED) == plan
    assert build_plan(DEMO_SEED + 1).people != plan.people


def test_several_hundred_people_with_accents_and_particles(plan):
    assert 380 <= len(plan.people) <= 450
    names = " ".join(f"{p.first_name} {p.last_name}" for p in plan.people)
    for name in (
        "Hélène",
        "François",
        "Zoé",
        "Loïc",
        "Ségolène",
        "Bérénice",
        "O'Brien",
        "de la Fontaine",
        "Le Goff",
    ):
        assert name in names, name
    assert Counter(p.language for p in plan.people).keys() == {"fr", "en"}
    assert len({p.organisation.lower() for p in plan.people if p.organisation}) > 30


def test_every_contact_point_is_valid_messy_and_fictional(plan):
    fictional = (
        ["+33" + FR_MOBILE[1:]]
        + ["+33" + prefix[1:] for prefix in FR_LANDLINES.values()]
        + ["+44" + GB_MOBILE[1:]]
        + ["+44" + prefix[1:] for prefix in GB_LANDLINES.values()]
    )
    written, kinds = set(), Counter()
    for person in plan.people:
        for point in person.points:
            region = (
                person.country if person.country in ("FR", "GB", "US", "CA") else "FR"
            )
            normalized = normalize_point(point.kind, point.value, region)
            kinds[point.kind] += 1
            written.add(point.value)
            if point.kind == "phone":
                assert (
                    normalized.startswith(tuple(fictional)) or normalized[5:9] == "5550"
                ), normalized
            if point.kind == "email":
                assert normalized.endswith(".example"), normalized
    assert set(kinds) == {"email", "phone", "linkedin", "url"}
    assert {
        "06 39 98 47 12",
        "+33 6 39 98 47 12",
    } <= written  # same mobile, two spellings
    assert any(v.startswith("mailto:") for v in written)
    assert any("(0)" in v for v in written)


def test_deliberate_duplicates_are_known(plan):
    clusters = plan.duplicate_clusters()
    assert len(clusters) >= 6
    assert any(len(members) == 3 for members in clusters.values())

    def names(key):
        return {
            f"{plan.people[i].first_name} {plan.people[i].last_name}"
            for i in clusters[key]
        }

    assert names("dup:fred") == {"Fred Kervella", "Frédéric KERVELLA"}
    assert names("dup:bob") == {"Bob Hartley", "Robert Hartley"}
    assert "Helene Lefevre" in names("dup:helene")  # the same person without accents
    sources = {plan.people[i].source for i in clusters["dup:fred"]}
    assert len(sources) == 2  # brought in by two different files
    # Two different people share a name: a trap for matching, not a duplicate.
    thomas = [
        p for p in plan.people if (p.first_name, p.last_name) == ("Thomas", "Martin")
    ]
    assert len(thomas) == 2 and thomas[0].cluster != thomas[1].cluster
    # No accidental duplicates: outside the clusters, folded names are unique.
    singles = [p for p in plan.people if not p.cluster.startswith("dup:")]
    keys = Counter(fold(p.first_name + p.last_name) for p in singles)
    assert keys.most_common(1)[0][1] == 1


def test_records_are_numbered_per_import_file(plan):
    by_source: dict[str, list[int | None]] = {}
    for person in plan.people:
        by_source.setdefault(person.source, []).append(person.record)
    assert set(by_source) == {
        "Fichier clients 2024.csv",
        "contacts.vcf",
        "Connections.csv",
        "Salon VivaTech 2025.xlsx",
        "",
    }
    for source, records in by_source.items():
        expected = list(range(1, len(records) + 1)) if source else [None] * len(records)
        assert records == expected


def test_activity_covers_every_channel_both_ways_and_every_task_state(plan):
    channels = Counter((i.channel, i.direction) for i in plan.interactions)
    for channel in ("email", "call", "meeting", "linkedin", "sms", "social"):
        assert channels[(channel, "in")] and channels[(channel, "out")], channel
    assert max(i.days_ago for i in plan.interactions) > 365
    assert all(0 <= i.days_ago <= 540 for i in plan.interactions)
    assert any(len(i.people) > 1 for i in plan.interactions)
    assert any("\n" in i.body and "é" in i.body for i in plan.interactions)
    states = Counter(
        "done"
        if t.done
        else "undated"
        if t.due_in_days is None
        else "overdue"
        if t.due_in_days < 0
        else "today"
        if t.due_in_days == 0
        else "later"
        for t in plan.tasks
    )
    assert all(states[s] for s in ("done", "overdue", "today", "later")), states
    assert plan.notes
