"""Authors and contributions from a recorded Atom "planet" feed served locally; influence ranks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from relais.cli.commands import cli
from relais.community import selectors, services
from relais.community.models import Author, Contribution
from relais.contacts.models import Contact
from relais.listening.models import Mention
from relais.listening.services.poll import poll_all
from relais.listening.services.sources import add_source
from tests.integration import listening_fixtures

feeds = listening_fixtures.feeds  # the fixture, by name

pytestmark = pytest.mark.django_db

ATOM = "application/atom+xml"
NOW = dt.datetime(2026, 12, 8, tzinfo=dt.UTC)


def _planet(feeds, name: str) -> None:
    feeds.serve_file("/planet.atom", name, ATOM)


@pytest.fixture
def planet(feeds):
    _planet(feeds, "community_planet.atom")
    add_source(actor=None, url=feeds.url("/planet.atom"))
    assert poll_all().new == 5
    return feeds


def _rows() -> dict[str, selectors.AuthorRow]:
    return {r.name: r for r in selectors.author_rows(now=NOW)}


def test_each_author_is_a_profile_with_contributions_by_kind(planet):
    rows = _rows()
    assert set(rows) == {"Léa Marchetti", "Marc Petit", "Claire Dupont", "Star Musique"}
    assert rows["Léa Marchetti"].contributions == {"post": 1, "review": 1}
    assert rows["Léa Marchetti"].handle == "https://carnet-de-lea.fr/"
    dates = Contribution.objects.filter(author__name="Léa Marchetti").values_list(
        "date", flat=True
    )
    assert sorted(d.date() for d in dates) == [
        dt.date(2026, 10, 5),
        dt.date(2026, 11, 10),
    ]


def test_feed_updates_follow_the_author_without_double_counting(planet):
    _planet(planet, "community_planet_updated.atom")
    report = poll_all()
    assert (report.new, report.updated) == (1, 1)
    services.sync()  # a full re-sync on top of the hook must not add anything either
    assert Contribution.objects.count() == Mention.objects.count() == 6
    assert _rows()["Léa Marchetti"].contributions == {"post": 2, "review": 1}


def test_journalist_is_not_a_blogger_and_links_make_reach(planet):
    rows = _rows()
    assert rows["Claire Dupont"].kind == "journalist"
    # Counted even if the classifier took the article for spam.
    assert rows["Claire Dupont"].contributions == {"post": 1}
    assert rows["Léa Marchetti"].kind == rows["Marc Petit"].kind == "blogger"
    # Léa's posts are linked from Marc and Claire: she has all the link share, they none.
    assert rows["Léa Marchetti"].components["reach"] == 1.0
    assert rows["Marc Petit"].components["reach"] == 0.0
    assert rows["Léa Marchetti"].components["engagement"] > 0
    assert rows["Claire Dupont"].components["relevance"] > 0.5


def test_on_topic_regular_ranks_above_the_off_topic_celebrity(planet):
    Author.objects.filter(name="Star Musique").update(followers=5_000_000)
    ranked = [r.name for r in selectors.author_rows(now=NOW)]
    assert ranked[0] == "Léa Marchetti"
    assert ranked.index("Léa Marchetti") < ranked.index("Star Musique")
    star = _rows()["Star Musique"]
    assert star.components["reach"] == 1.0 and star.components["relevance"] < 0.3


def test_author_follows_the_contact_the_mention_is_linked_to(planet):
    lea = Contact.objects.create(
        first_name="Léa", last_name="Marchetti", display_name="Léa Marchetti"
    )
    Mention.objects.filter(author_name="Léa Marchetti").update(contact=lea)
    services.sync()
    assert Author.objects.get(name="Léa Marchetti").contact == lea


def test_cli_lists_authors_as_jsonl_with_components(planet):
    result = CliRunner().invoke(cli, ["authors", "list", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 4
    first = records[0]
    assert set(first) >= {
        "id",
        "source",
        "handle",
        "name",
        "contact_id",
        "kind",
        "contributions",
        "influence",
        "components",
    }
    assert set(first["components"]) == {"reach", "engagement", "relevance", "activity"}
    assert [r["influence"] for r in records] == sorted(
        (r["influence"] for r in records), reverse=True
    )


def _link_everyone() -> dict[str, Contact]:
    people = {}
    for name in ("Léa Marchetti", "Marc Petit", "Claire Dupont", "Star Musique"):
        first, last = name.split()
        people[name] = Contact.objects.create(
            first_name=first, last_name=last, display_name=name
        )
        Mention.objects.filter(author_name=name).update(contact=people[name])
    services.sync()
    return people


def test_contributor_segments_at_a_given_day(planet):
    from relais.community.segments import contact_ids

    people = _link_everyone()
    ids = {c.pk: name for name, c in people.items()}
    # Quarter Q4 2026: Léa 2 contributions, the others 1 each -> all in the top ten.
    assert {ids[i] for i in contact_ids("top_quarter", NOW)} == set(people)
    # First posts since 8 November: Marc (20th), Claire (25th), Star (1 December); not Léa.
    assert {ids[i] for i in contact_ids("new_voice", NOW)} == {
        "Marc Petit",
        "Claire Dupont",
        "Star Musique",
    }
    # In June 2027 Léa (2 posts, last in November) went quiet; one-post authors do not count.
    june = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    assert {ids[i] for i in contact_ids("went_quiet", june)} == {"Léa Marchetti"}
    assert contact_ids("top_quarter", june) == set()


def test_contributor_segment_works_like_any_segment(planet):
    from django.utils import timezone

    from relais.contacts.segments.selectors import contacts_matching

    people = _link_everyone()
    now = timezone.now()
    Contribution.objects.update(date=now - dt.timedelta(days=200))
    Contribution.objects.filter(author__name="Marc Petit").update(date=now)
    new = {"criteria": [{"field": "contributor", "op": "in", "value": ["new_voice"]}]}
    assert list(contacts_matching(new)) == [people["Marc Petit"]]
    quiet = {
        "criteria": [{"field": "contributor", "op": "in", "value": ["went_quiet"]}]
    }
    assert list(contacts_matching(quiet)) == [people["Léa Marchetti"]]
