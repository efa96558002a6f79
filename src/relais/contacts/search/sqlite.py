"""SQLite search: FTS5 word (token) index first, trigram substrings next, typos last.

Two external-content FTS5 tables over ``ContactSearch`` (no second copy of the text), kept in
step by triggers (migrations 0005 and 0008):

- ``contacts_search_tokens`` (unicode61, prefix indexes of 2 to 12 characters): every query
  word as a word prefix, read from the prefix index of its length (FTS5 answers a prefix of
  any other length by merging the postings of every term it starts: milliseconds per common
  word); a whole email address is looked up in the contact points' index. This is the fast path: a word's posting list is short, where the
  trigrams of a common name ('mar', 'art', 'rti', 'tin') each cover a large part of the base.
- ``contacts_search_fts`` (trigram, over names, emails and phones only: notes would make it
  large and slow to keep up): when no word prefix matches, a quoted string is matched as a
  substring ('smartin', '34 56 78', '@acme.fr'), for words of three characters or more.

Typos use the vocabulary (``vocabulary.py``), as on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models.expressions import RawSQL

from relais.contacts.models import Contact, ContactPoint

from . import vocabulary
from .paging import REST, IdSet, TieredContacts, Tiers
from .query import TRIGRAM, SearchQuery, max_typos

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .index import Document

FTS = "contacts_search_fts"
TOKENS = "contacts_search_tokens"
_WORD_CHARS = re.compile(r"[a-z0-9]")


def _with_email(email: str) -> QuerySet[ContactPoint, int]:
    return ContactPoint.objects.filter(
        kind=ContactPoint.Kind.EMAIL, normalized_value=email
    ).values_list("contact_id", flat=True)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _ids(table: str) -> str:
    return f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608


def _case(ranks: Sequence[tuple[int, IdSet]]) -> tuple[str, list[Any]]:
    """The rank as one expression: each FTS subquery is evaluated once per statement."""
    if not ranks:
        return str(REST), []
    contact = f'"{Contact._meta.db_table}"."id"'
    whens = " ".join(
        f"WHEN {contact} IN ({ids.sql}) THEN {rank}" for rank, ids in ranks
    )
    return f"CASE {whens} ELSE {REST} END", [p for _, ids in ranks for p in ids.params]


class SqliteSearch:
    def search(
        self, contacts: QuerySet[Contact], query: SearchQuery
    ) -> QuerySet[Contact]:
        alternatives = {w: set(query.nicknames.get(w, ())) for w in query.words}
        if query.email:
            exact = contacts.filter(pk__in=_with_email(query.email))
            if exact.exists():  # a whole address: one B-tree lookup
                return exact.annotate(search_rank=RawSQL("0", []))  # noqa: S611
        expression = self._tokens(query, alternatives, prefix=True)
        whole = self._tokens(query, alternatives, prefix=False)
        table = TOKENS
        # Whole words first: FTS5 reads a term's postings lazily, where a prefix longer than
        # the prefix indexes (12) merges the postings of every term it starts first.
        if not (
            expression and (self._any(TOKENS, whole) or self._any(TOKENS, expression))
        ):
            trigram = self._trigrams(query)
            if trigram and self._any(FTS, trigram):
                expression, table = trigram, FTS
            elif self._add_typos(query, alternatives):
                expression = self._tokens(query, alternatives, prefix=True)
            if not expression:
                return contacts.none().annotate(search_rank=RawSQL("4", []))  # noqa: S611
        sql, params = self._matching(table, expression, query)
        found = contacts.filter(pk__in=RawSQL(sql, params))  # noqa: S611
        ranks = self._ranks(query, alternatives, trigram=table == FTS)
        rank, rank_params = _case(ranks)
        ranked = found.annotate(search_rank=RawSQL(rank, rank_params))  # noqa: S611
        # One word can match a large part of the base (a common last name or organisation
        # word): its page is read tier by tier when that pays (``paging``). Several words
        # narrow each other, and probing their tiers would cost more than it saves.
        probes: dict[int, IdSet] = {}
        spread: dict[int, IdSet] = {}
        if len(query.words) == 1 and not query.email and table == TOKENS:
            probes = {rank: ids for rank, ids in ranks if rank == 1}
            if 1 in probes:  # whole name words are name prefixes too
                probes[2] = probes[1]
                # The first word of the names is the first name: its bearers are spread
                # along the name order, where the rest of the tier gathers at one name.
                first = _quote(query.words[0])
                spread[1] = IdSet(_ids(TOKENS), (f"names : ^{first}",))
            whole = self._tokens(
                query, alternatives, prefix=False
            )  # inside the prefixes
            probes[REST] = IdSet(_ids(TOKENS), (whole,))
        tiers = Tiers(
            base=contacts,
            matching=IdSet(sql, tuple(params)),
            ranks=ranks,
            probes=probes,
            subsets=table == TOKENS,
            spread=spread,
        )
        return TieredContacts.of(ranked, tiers)

    # -- expressions ---------------------------------------------------------------------

    def _tokens(
        self, query: SearchQuery, alternatives: Mapping[str, set[str]], prefix: bool
    ) -> str:
        star = "*" if prefix else ""
        if query.phone_digits:
            return f"reach : {_quote(query.phone_digits)}*"
        if query.email:  # the email's words, as a phrase, the last one a prefix
            return _quote(query.email) + "*" if _WORD_CHARS.search(query.email) else ""
        groups = []
        for word in query.words:
            if not _WORD_CHARS.search(word):
                continue
            options = [_quote(word) + star] + [
                f"names : {_quote(v)}" for v in sorted(alternatives.get(word, ()))
            ]
            groups.append("(" + " OR ".join(options) + ")")
        return " AND ".join(groups)

    def _trigrams(self, query: SearchQuery) -> str:
        if query.phone_digits or query.email:
            return _quote(query.phone_digits or query.email)
        return " AND ".join(_quote(w) for w in query.words if len(w) >= TRIGRAM)

    def _matching(
        self, table: str, expression: str, query: SearchQuery
    ) -> tuple[str, list[Any]]:
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
        params: list[Any] = [expression]
        if table == FTS:  # words too short for trigrams still have to be there
            for word in query.words:
                if len(word) < TRIGRAM:
                    sql += " AND (names || ' ' || reach) LIKE %s"
                    params.append(f"%{word}%")
        return sql, params

    def _ranks(
        self, query: SearchQuery, alternatives: Mapping[str, set[str]], trigram: bool
    ) -> list[tuple[int, IdSet]]:
        """Tiers as id sets, best first (a contact's rank is the first set holding it)."""
        cases = []
        if query.phone_digits and query.full_phone:
            cases.append((0, TOKENS, f"reach : {_quote(query.phone_digits)}*"))
        words = [w for w in query.words if _WORD_CHARS.search(w)]
        if words and not query.email:
            exact = " AND ".join(f"names : {_quote(w)}" for w in words)
            starts = " AND ".join(f"names : {_quote(w)}*" for w in words)
            # Several words that start nobody's names (an organisation typed in full): both
            # name tiers are empty (whole words are prefixes too), and one probe saves the
            # two subqueries of the rank.
            if len(words) == 1 or self._any(TOKENS, starts):
                cases += [(1, TOKENS, exact), (2, TOKENS, starts)]
            if trigram:  # inside a name word
                inside = ["{names} : " + _quote(w) for w in words if len(w) >= TRIGRAM]
                if len(inside) == len(words):
                    cases.append((3, FTS, " AND ".join(inside)))
            elif any(alternatives.get(w) for w in words):  # nicknames, typo corrections
                groups = [
                    "names : ("
                    + " OR ".join(
                        [_quote(w) + "*"]
                        + [_quote(v) for v in sorted(alternatives.get(w, ()))]
                    )
                    + ")"
                    for w in words
                ]
                cases.append((3, TOKENS, " AND ".join(groups)))
        return [(rank, IdSet(_ids(table), (expr,))) for rank, table, expr in cases]

    # -- lookups -------------------------------------------------------------------------

    def _any(self, table: str, expression: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {table} WHERE {table} MATCH %s LIMIT 1",  # noqa: S608
                [expression],
            )
            return cursor.fetchone() is not None

    def _add_typos(self, query: SearchQuery, alternatives: dict[str, set[str]]) -> bool:
        added = False
        for word in query.words:
            if max_typos(word) == 0 or self._any(TOKENS, _quote(word) + "*"):
                continue
            candidates = self.typo_candidates(word)
            if candidates:
                alternatives[word] |= candidates
                added = True
        return added

    def typo_candidates(self, word: str) -> set[str]:
        return vocabulary.typo_candidates(word)

    # -- upkeep --------------------------------------------------------------------------

    def indexed(self, documents: Sequence[Document]) -> None:
        vocabulary.remember(documents)

    def cleared(self) -> None:
        vocabulary.forget()

    def purged(self) -> None:
        # FTS5 keeps deleted entries' terms in its segments until they are merged.
        with connection.cursor() as cursor:
            for table in (TOKENS, FTS):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
