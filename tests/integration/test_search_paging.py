"""Pages of search results are the ranked order cut into slices: on SQLite a page is filled
tier by tier (``relais.contacts.search.paging``), and it must give exactly what the single
ranked query gives, page after page, whichever way each tier is read."""

from __future__ import annotations

import pytest
from django.db import connection

from relais.contacts import selectors, services
from relais.contacts.selectors import ContactFilter

pytestmark = pytest.mark.django_db

QUERIES = [
    "martin",
    "mar",
    "lyon",
    "acme",
    "bob martin",
    "smartin",
    "06 12",
    "zzz",
    # A first name of several and a last name of others: read along the name index.
    "paul",
    "anne",
    "yann",  # ... whose bearers all come late in that order
]


@pytest.fixture
def crowd(make_contact, admin):
    made = []
    firsts = ["Robert", "Bob", "Élodie", "Éric", "Anne", "Zoé", "Paul", "Hélène"]
    lasts = ["Martin", "Martineau", "Desmartins", "Lefèvre", "Martin-Roux", "Dubois"]
    for i in range(48):
        made.append(
            make_contact(
                first_name=firsts[i % len(firsts)],
                last_name=lasts[i % len(lasts)],
                emails=[f"p{i}@{'martin' if i % 5 == 0 else 'acme'}.example"],
                phones=[f"06 12 {i:02d} 56 78"] if i % 3 == 0 else [],
                organisation="Martin Conseil" if i % 4 == 0 else "ACME",
                city="Lyon" if i % 2 else "Brest",
            )
        )
    for first in ("Inès", "Yann", "Anne"):
        made.append(make_contact(first_name=first, last_name="Paul", city="Lyon"))
    for last in ("Zeller", "Zimmer"):
        made.append(make_contact(first_name="Yann", last_name=last))
    for contact in made[:6]:
        services.update_contact(
            actor=admin, contact=contact, changes={"status": "archived"}
        )
    return made


def _everything(q: str, **filters) -> list[tuple[int, int]]:
    """The single ranked query (an unsliced iteration takes it)."""
    qs = selectors.list_contacts(ContactFilter(q=q, **filters))
    return [(c.pk, c.search_rank) for c in qs]


def _paged(q: str, size: int, **filters) -> list[tuple[int, int]]:
    qs = selectors.list_contacts(ContactFilter(q=q, **filters))
    seen: list[tuple[int, int]] = []
    start = 0
    while True:
        page = [(c.pk, c.search_rank) for c in qs[start : start + size]]
        seen += page
        if len(page) < size:
            return seen
        start += size


@pytest.mark.parametrize("plan", ["sorted", "index order", "chosen"])
def test_pages_continue_each_other_in_the_ranked_order(crowd, monkeypatch, plan):
    from relais.contacts.search import paging

    if plan != "chosen":
        monkeypatch.setattr(paging, "_large", lambda *a: plan == "index order")
    for q in QUERIES:
        everything = _everything(q)
        for size in (1, 7, 50):
            assert _paged(q, size) == everything, (q, size)
    assert len(_everything("martin")) > 20  # the pages above did cross tiers
    assert {rank for _, rank in _everything("martin")} >= {1, 2, 4}
    # Filters and archived contacts apply to every tier.
    assert _paged("martin", 5, include_archived=True) == _everything(
        "martin", include_archived=True
    )
    assert _paged("lyon", 4, status="customer") == _everything(
        "lyon", status="customer"
    )


def test_a_page_is_found_without_ranking_every_match(crowd):
    """Only the tiers needed for the page are read: the first page of a query whose best
    tier is full never touches the rest (counted through the statements sent)."""
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("the tiered page is SQLite's (PostgreSQL ranks in one query)")
    qs = selectors.list_contacts(ContactFilter(q="martin"))
    with CaptureQueriesContext(connection) as captured:
        first = list(qs[:3])
    assert [c.search_rank for c in first] == [1, 1, 1]
    assert not any("CASE" in q["sql"] for q in captured.captured_queries)


def test_details_are_prefetched_on_a_page(crowd, django_assert_max_num_queries):
    page = selectors.with_details(selectors.list_contacts(ContactFilter(q="acme")))[:10]
    contacts = list(page)
    assert len(contacts) == 10
    with django_assert_max_num_queries(0):
        assert all(c.organisation.name for c in contacts)
        assert all(len(c.points.all()) >= 1 for c in contacts)


def test_filtering_after_the_search_still_gives_the_ranked_order(crowd):
    qs = selectors.list_contacts(ContactFilter(q="martin")).filter(city="Lyon")
    everything = [c.pk for c in qs]
    assert [c.pk for c in qs[:5]] + [c.pk for c in qs[5:50]] == everything
    assert qs.count() == len(everything)
