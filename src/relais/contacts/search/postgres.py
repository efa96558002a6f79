"""PostgreSQL search: ``pg_trgm`` GIN indexes on the ``ContactSearch`` columns.

``LIKE '%word%'`` uses a trigram GIN index for words of three characters or more (migration
0003 creates the extension and the indexes). Typos use the vocabulary (``vocabulary.py``): a
first version used ``word <% names`` (word similarity through the same index), which took
seconds on a million contacts, common trigrams matching most rows. Text is folded in Python on both sides, with the same rule as SQLite, so
``unaccent`` is not needed: see docs/search.md for what a non-superuser deployment must do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models.expressions import RawSQL

from relais.contacts.models import Contact, ContactSearch

from . import vocabulary
from .query import SearchQuery, like_pattern, max_typos
from .ranking import rank_sql

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .index import Document

_LIKE = "LIKE %s ESCAPE '\\'"


class PostgresSearch:
    def search(
        self, contacts: QuerySet[Contact], query: SearchQuery
    ) -> QuerySet[Contact]:
        alternatives = {w: set(query.nicknames.get(w, ())) for w in query.words}
        found = self._matching(contacts, query, alternatives)
        if query.words and not query.email and not found.exists():
            added = False
            for word in query.words:
                alone = SearchQuery(text=word, words=(word,))
                if (
                    max_typos(word)
                    and not self._matching(Contact.objects.all(), alone, {}).exists()
                ):
                    candidates = self.typo_candidates(word)
                    alternatives[word] |= candidates
                    added = added or bool(candidates)
            if added:
                found = self._matching(contacts, query, alternatives)
        sql, params = rank_sql(query, alternatives)
        return found.annotate(search_rank=RawSQL(sql, params))  # noqa: S611

    def _matching(
        self,
        contacts: QuerySet[Contact],
        query: SearchQuery,
        alternatives: Mapping[str, set[str]],
    ) -> QuerySet[Contact]:
        sql, params = self.matching_ids(query, alternatives)
        return contacts.filter(pk__in=RawSQL(sql, params))  # noqa: S611

    def matching_ids(
        self, query: SearchQuery, alternatives: Mapping[str, set[str]]
    ) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        if query.phone_digits or query.email:
            conditions.append(f"(cs.reach {_LIKE} OR cs.other {_LIKE})")
            pattern = f"%{like_pattern(query.phone_digits or query.email)}%"
            params += [pattern, pattern]
        else:
            for word in query.words:
                pattern = f"%{like_pattern(word)}%"
                options = [
                    f"cs.names {_LIKE}",
                    f"cs.reach {_LIKE}",
                    f"cs.other {_LIKE}",
                ]
                params += [pattern, pattern, pattern]
                for variant in sorted(alternatives.get(word, ())):
                    options += [f"cs.names {_LIKE}", f"cs.other {_LIKE}"]
                    params += [f"%{like_pattern(variant)}%"] * 2
                conditions.append("(" + " OR ".join(options) + ")")
        table = ContactSearch._meta.db_table
        return (
            f'SELECT cs.contact_id FROM "{table}" cs WHERE '  # noqa: S608
            + " AND ".join(conditions),
            params,
        )

    def typo_candidates(self, word: str) -> set[str]:
        return vocabulary.typo_candidates(word)

    def indexed(self, documents: Sequence[Document]) -> None:
        vocabulary.remember(documents)

    def cleared(self) -> None:
        vocabulary.forget()

    def purged(self) -> None:
        # The GIN indexes are on ContactSearch's own columns: deleted rows leave them with
        # the rows (VACUUM reclaims the space, as for every table; docs/privacy.md).
        return None
