"""A page of ranked search results without ranking every match (SQLite).

Results are ordered by tier (``search_rank``: exact email or phone, whole name words, name
prefixes, inside names/nicknames/typos, the rest), then last name, first name and id. Sorting
every match that way before cutting the first page costs time in proportion to the matches:
tens of milliseconds for an organisation word shared by 50,000 contacts of a million. A page is
instead filled tier by tier, best first, and stops as soon as it is full; within a tier:

- a name tier is looked up through its ids and sorted; when it alone fills the page (a common
  last name), nothing else is read. When many of its members have the word as their first
  name (Thomas, Noël, David are first and last names), they are spread along the (last name,
  first name) index: the tier is then read in that order up to a bounded point, and sorted
  only when the page is not full by then (see ``_spread_read``);
- the rest (organisation, city, notes…), when large, is read in the order of the (last name,
  first name) index, each contact checked against the matches' ids, and the read stops at the
  end of the page: the more matches, the sooner. "Large" is decided from a bounded count of the
  whole-word matches (see ``_large``).

Only one-word queries take this path when it pays (``_worth_it``); several words narrow each
other and the single ranked query is cheaper than probing their tiers.

The order is exactly the one of ``ORDER BY search_rank, last_name, first_name, id`` (a tier's
members are the matches in its id set and in no better tier's, as in the ``CASE`` of the rank),
so page 2 continues page 1. Only sliced fetches of model instances take this path (the web
list, the API, the CLI); anything else (an export iterating everything, ``values()``, a
queryset filtered after the search) runs the single ranked query.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable

if TYPE_CHECKING:
    from django.db.models.sql.where import WhereNode

    from relais.contacts.models import Contact

# The order the search puts on its results (``relais.contacts.search.search_contacts``).
ORDERING = ("search_rank", "last_name", "first_name", "id")
REST = 4


@dataclass(frozen=True)
class IdSet:
    """An SQL statement selecting contact ids (``SELECT rowid FROM … MATCH …``)."""

    sql: str
    params: tuple[Any, ...] = ()


@dataclass
class Tiers:
    """What a tiered page needs: the matches, the better tiers, and the unsearched list."""

    base: QuerySet[Contact]
    matching: IdSet
    ranks: list[tuple[int, IdSet]]
    # Per rank, a cheap set (whole terms, read lazily by FTS5) no larger than the tier's:
    # counted to tell a large tier; a tier without one is read the sorted way.
    probes: dict[int, IdSet] = field(default_factory=dict)
    # Whether every rank's set lies inside the matches (no need to check both).
    subsets: bool = False
    # Per rank, the members whose first name word matches (a cheap set, inside the tier's):
    # when large, the tier is spread along the name index and read in its order.
    spread: dict[int, IdSet] = field(default_factory=dict)
    where: WhereNode | None = None
    _total: int | None = field(default=None, repr=False)

    def total(self) -> int:
        """About how many contacts there are (the largest id: one index lookup)."""
        if self._total is None:
            with connection.cursor() as cursor:
                table = self.base.model._meta.db_table
                cursor.execute(f'SELECT max(id) FROM "{table}"')  # noqa: S608
                self._total = int(cursor.fetchone()[0] or 0)
        return self._total


def _member(ids: IdSet, table: str, scan: bool) -> RawSQL:
    # A unary '+' keeps SQLite from driving the query through the id set (it then reads the
    # name index in order and probes the set, which it builds once).
    plus = "+" if scan else ""
    return RawSQL(  # noqa: S611 - our own SQL, the query's words are parameters
        f'{plus}"{table}"."id" IN ({ids.sql})',
        list(ids.params),
        output_field=BooleanField(),
    )


def _estimate(ids: IdSet, cap: int) -> int:
    """How many ids the set holds, counted up to ``cap`` (bounded work)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({ids.sql} LIMIT {int(cap)})",  # noqa: S608
            list(ids.params),
        )
        return int(cursor.fetchone()[0])


def _threshold(wanted: int, total: int) -> int:
    """Above this many members, reading the name index in order beats sorting the members:
    an in-order read examines about ``wanted * total / members`` contacts, a sort touches
    ``members``; they cross near the geometric mean."""
    return max(1, int(math.sqrt(max(wanted, 1) * max(total, 1))))


def _large(members: int, wanted: int, total: int) -> bool:
    return members >= _threshold(wanted, total)


def page_ids(tiers: Tiers, low: int, high: int) -> list[tuple[int, int]] | None:
    """(contact id, rank) of results ``low`` to ``high`` (exclusive), in the search's order;
    None when reading tier by tier would not pay (see ``_worth_it``)."""
    if not tiers.probes:
        return None
    total = tiers.total()
    cap = _threshold(high, total) + high
    counts: dict[IdSet, int] = {}

    def count(ids: IdSet) -> int:  # bounded, and once per set
        if ids not in counts:
            counts[ids] = _estimate(ids, cap)
        return counts[ids]

    if not _worth_it(tiers, high, total, count):
        return None
    skip, need = low, high - low
    found: list[tuple[int, int]] = []
    better: list[int] = []  # every match of the better tiers, once they are read out
    for rank, ids in [*tiers.ranks, (REST, tiers.matching)]:
        if need <= 0:
            break
        wanted = skip + need
        probe = tiers.probes.get(rank)
        if probe == ids and count(probe) == 0:
            continue  # an empty tier (its own count is exact below the cap)
        # Only the rest is spread evenly along the name index: a name tier's members gather
        # at their name (every Muller under M), where an in-order read would reach them late
        # — unless many bear the word as their first name (``_spread_read``).
        scan = (
            rank == REST
            and probe is not None
            and _large(count(probe) - len(better), wanted, total)
        )
        rows = None
        spread = tiers.spread.get(rank)
        if (
            spread is not None
            and probe is not None  # a small tier is sorted at once
            and _large(count(probe), wanted, total)
            and _large(count(spread), wanted, total)
        ):
            rows = _spread_read(tiers, ids, better, wanted, total, count(spread))
        if rows is None:
            rows = _read(tiers, ids, better, wanted, scan=scan, check=rank != REST)
        found += [(pk, rank) for pk in rows[skip:]]
        need -= max(0, len(rows) - skip)
        skip = max(0, skip - len(rows))
        better += rows
    return found


def _read(
    tiers: Tiers,
    ids: IdSet,
    better: list[int],
    wanted: int,
    scan: bool,
    check: bool,
    bound: tuple[str, str] | None = None,
) -> list[int]:
    """The first ``wanted`` members of a tier (not in ``better``), in the search's order."""
    table = tiers.base.model._meta.db_table
    qs = tiers.base.filter(_member(ids, table, scan))
    if check and not tiers.subsets:
        qs = qs.filter(_member(tiers.matching, table, scan))
    if better:
        qs = qs.exclude(pk__in=better)
    if bound is not None:  # an upper bound on the (last name, first name) index
        qs = qs.filter(
            RawSQL(  # noqa: S611 - our own SQL, the bound values are parameters
                f'("{table}"."last_name", "{table}"."first_name") <= (%s, %s)',
                list(bound),
                output_field=BooleanField(),
            )
        )
    return list(
        qs.order_by("last_name", "first_name", "id").values_list("id", flat=True)[
            :wanted
        ]
    )


def _spread_read(
    tiers: Tiers,
    ids: IdSet,
    better: list[int],
    wanted: int,
    total: int,
    spread: int,
) -> list[int] | None:
    """A name tier read in the order of the name index, up to about twice the length in which
    its ``spread`` members (spread evenly along the index) should fill the page; None when
    they did not (the tier is then sorted). Exact: whatever is found lies in a prefix of the
    order, so the first ``wanted`` found are the tier's first ``wanted``."""
    reach = 2 * wanted * total // max(spread, 1)
    with connection.cursor() as cursor:
        table = tiers.base.model._meta.db_table
        cursor.execute(
            f'SELECT last_name, first_name FROM "{table}" '  # noqa: S608
            "ORDER BY last_name, first_name, id LIMIT 1 OFFSET %s",
            [reach],
        )
        row = cursor.fetchone()
    bound = (str(row[0]), str(row[1])) if row else None
    rows = _read(tiers, ids, better, wanted, scan=True, check=True, bound=bound)
    return rows if len(rows) >= wanted or bound is None else None


def _worth_it(
    tiers: Tiers, high: int, total: int, count: Callable[[IdSet], int]
) -> bool:
    """Tier by tier pays when the best tier alone fills the page (a common last name) or when
    the matches are many (a common organisation word): the page is then read from a few
    hundred contacts. Otherwise every tier has to be read anyway, each FTS5 set once more
    than in the single ranked query: that query is cheaper."""
    first = tiers.probes.get(1)
    if first is not None and count(first) >= high:
        return True
    rest = tiers.probes.get(REST)
    return rest is not None and _large(count(rest), high, total)


class TieredContacts(QuerySet["Contact"]):
    """The search's queryset: sliced fetches of contacts are filled tier by tier."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tiers: Tiers | None = None

    @classmethod
    def of(cls, ranked: QuerySet[Contact], tiers: Tiers) -> TieredContacts:
        qs = cls(model=ranked.model, query=ranked.query.chain(), using=ranked.db)
        tiers.where = qs.query.where
        qs._tiers = tiers
        return qs

    def _clone(self) -> TieredContacts:
        c: TieredContacts = super()._clone()  # type: ignore[misc]
        c._tiers = self._tiers
        return c

    def _pageable(self) -> bool:
        q = self.query
        if self._tiers is None or q.high_mark is None:
            return False
        if self._iterable_class is not ModelIterable or getattr(self, "_fields", None):
            return False
        if tuple(q.order_by) != ORDERING or q.distinct or q.extra:
            return False
        if set(q.annotations) != {"search_rank"} or q.combinator:
            return False
        try:
            return bool(q.where == self._tiers.where)
        except Exception:  # noqa: BLE001 - any doubt: the single ranked query
            return False

    def _fetch_all(self) -> None:
        if self._result_cache is None and self._pageable():
            self._result_cache = self._tiered_page()  # type: ignore[assignment]
        super()._fetch_all()

    def _tiered_page(self) -> list[Contact] | None:
        assert self._tiers is not None
        q = self.query
        ranked = page_ids(self._tiers, q.low_mark, q.high_mark or q.low_mark)
        if ranked is None:
            return None
        if not ranked:
            return []
        page = self._tiers.base.model._default_manager.using(self.db).filter(
            pk__in=[pk for pk, _ in ranked]
        )
        page.query.select_related = q.select_related
        page.query.deferred_loading = q.deferred_loading
        by_id = {c.pk: c for c in page}
        contacts = []
        for pk, rank in ranked:
            contact = by_id[pk]
            contact.search_rank = rank  # type: ignore[attr-defined]
            contacts.append(contact)
        return contacts
