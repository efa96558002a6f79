"""Warm introductions on a generated organisation with known tie strengths: the ranking
follows them (Spearman reported), unanswered mail never makes a strong tie, paths go through
the right connector with reasons, and the CLI prints them as JSON."""

from __future__ import annotations

import datetime as dt
import json
import random

from click.testing import CliRunner
from django.utils import timezone

from relais.accounts.models import Role, User
from relais.automation.models import KnowsOverride
from relais.automation.services.graph import build_graph, user_node
from relais.automation.services.intros import (
    draft_request,
    intros_for_contact,
    intros_for_organisation,
)
from relais.cli.commands import cli
from relais.timeline.models import Interaction, Participant


def _exchanges(user, contact, *, meetings=0, both_ways=0, one_way=0, days_ago=20):
    """Interactions written in bulk (fixtures, not under test)."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    rows = (
        [("meeting", "out")] * meetings
        + [("email", "out"), ("email", "in")] * both_ways
        + [("email", "out")] * one_way
    )
    made = Interaction.objects.bulk_create(
        [
            Interaction(channel=c, direction=d, occurred_at=when, author=user)
            for c, d in rows
        ]
    )
    Participant.objects.bulk_create(
        [Participant(interaction=i, contact=contact) for i in made]
    )


def _spearman(xs, ys):
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var


def test_the_ranking_follows_known_tie_strengths(db, make_contact, capsys):
    rng = random.Random(19)
    users = [
        User.objects.create_user(
            f"u{i}@team.test", None, role=Role.MEMBER, first_name=f"U{i}"
        )
        for i in range(6)
    ]
    target = make_contact(first_name="Inès", last_name="Cible", organisation="Cible SA")
    truth, computed = [], []
    for user in users:
        level = rng.randint(0, 8)  # the known strength of this user's tie to the target
        noise = rng.randint(0, 40)  # unanswered mail: must not count
        _exchanges(user, target, meetings=level // 2, both_ways=level, one_way=noise)
        truth.append(level)
    graph = build_graph()
    for user in users:
        data = graph.get_edge_data(user_node(user.pk), f"c:{target.pk}")
        computed.append(data["strength"] if data else 0.0)
    rho = _spearman(truth, computed)
    print(f"Spearman between known and computed tie strength: {rho:.3f}")
    assert rho > 0.95
    paths = intros_for_contact(target, graph=graph)
    assert [p.user_id for p in paths] == [
        u.pk
        for _, u in sorted(
            ((-c, u.pk), u) for c, u in zip(computed, users, strict=True) if c > 0
        )
    ][: len(paths)]


def test_one_way_mail_never_makes_a_strong_tie(db, make_contact, member):
    prospect = make_contact(first_name="Paul", last_name="Muet")
    _exchanges(member, prospect, one_way=300, days_ago=1)
    assert intros_for_contact(prospect, graph=build_graph()) == []


def test_a_path_through_a_customer_names_each_link_and_drafts_a_request(
    db, make_contact, member
):
    customer = make_contact(first_name="Clara", last_name="Cliente", status="customer")
    target = make_contact(
        first_name="Théo", last_name="Prospect", organisation="Vigie SAS"
    )
    colleague = make_contact(
        first_name="Noé", last_name="Collègue", organisation="Vigie SAS"
    )
    _exchanges(member, customer, meetings=4, both_ways=6)
    meeting = Interaction.objects.create(
        channel="meeting", direction="out", occurred_at=timezone.now(), author=None
    )
    Participant.objects.bulk_create(
        [Participant(interaction=meeting, contact=c) for c in (customer, target)]
    )
    graph = build_graph()
    (best,) = intros_for_contact(target, graph=graph, limit=1)
    assert best.nodes == [user_node(member.pk), f"c:{customer.pk}", f"c:{target.pk}"]
    assert (
        "meeting(s)" in best.links[0].reason
        and best.links[1].reason == "in the same exchange"
    )
    draft = draft_request(best, lang="fr")
    assert draft.startswith("Bonjour Clara") and "Théo Prospect" in draft
    # Nobody knows the colleague directly: the way in is through the organisation.
    (via_org,) = intros_for_organisation(colleague.organisation, graph=graph, limit=1)
    assert via_org.nodes[-1] == f"o:{colleague.organisation_id}"


def test_an_override_says_i_know_her_well(db, make_contact, member):
    target = make_contact(first_name="Léa", last_name="Amie")
    KnowsOverride.objects.create(user=member, contact=target, strength=0.9)
    (path,) = intros_for_contact(target, graph=build_graph())
    assert path.strength == 0.9 and path.links[0].reason == "in your own words"


def test_the_cli_prints_paths_as_json(db, make_contact, member):
    target = make_contact(first_name="Léa", last_name="Amie")
    _exchanges(member, target, meetings=2, both_ways=3)
    result = CliRunner().invoke(cli, ["intros", str(target.pk), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["paths"][0]["user"] == member.pk
    assert data["paths"][0]["links"][0]["reason"].startswith("2 meeting(s)")
    missing = CliRunner().invoke(cli, ["intros", "999999"])
    assert missing.exit_code == 1 and "No contact" in missing.output
