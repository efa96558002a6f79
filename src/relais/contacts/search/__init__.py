"""Contact search: one interface, two implementations chosen by the database vendor.

SQLite uses an FTS5 table with the trigram tokenizer (substring matches through an index) over
``ContactSearch``, kept in step by triggers; PostgreSQL uses ``pg_trgm`` GIN indexes on the same
columns. Both receive the same parsed query (``query.parse``) and rank alike (``ranking``):
exact email or phone first, then names (exact word, prefix, substring/nickname/typo), then the
rest; ties by name then id, so pages are stable. See docs/search.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from django.db import connection
from django.db.models.expressions import RawSQL

from .query import SearchQuery, max_typos, parse
from .ranking import rank_sql

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from relais.contacts.models import Contact

    from .index import Document

__all__ = ["SearchBackend", "get_backend", "parse", "search_contacts"]


class SearchBackend(Protocol):
    """How one database finds contacts."""

    def matching_ids(
        self, query: SearchQuery, alternatives: Mapping[str, set[str]]
    ) -> tuple[str, list[Any]]:
        """SQL selecting the ids of contacts where every word (or one of its alternatives)
        is found, with its parameters."""
        ...

    def typo_candidates(self, word: str) -> set[str]:
        """Indexed words within ``max_typos(word)`` edits of ``word``."""
        ...

    def indexed(self, documents: Sequence[Document]) -> None:
        """Bring the backend's own structures in step after these entries were written."""
        ...

    def cleared(self) -> None:
        """Forget the backend's own structures (before a full rebuild)."""
        ...


def get_backend() -> SearchBackend:
    """The backend for the default database's vendor."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearch

        return PostgresSearch()
    from .sqlite import SqliteSearch

    return SqliteSearch()


def _matching(
    backend: SearchBackend,
    contacts: QuerySet[Contact],
    query: SearchQuery,
    alternatives: Mapping[str, set[str]],
) -> QuerySet[Contact]:
    sql, params = backend.matching_ids(query, alternatives)
    return contacts.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - values are parameters


def _typos(
    backend: SearchBackend, query: SearchQuery, alternatives: dict[str, set[str]]
) -> bool:
    """Add typo corrections for the words found nowhere; whether any was added."""
    from relais.contacts.models import Contact

    added = False
    for word in query.words:
        if max_typos(word) == 0:
            continue
        alone = SearchQuery(text=word, words=(word,))
        if _matching(backend, Contact.objects.all(), alone, {}).exists():
            continue
        candidates = backend.typo_candidates(word)
        if candidates:
            alternatives[word] |= candidates
            added = True
    return added


def search_contacts(contacts: QuerySet[Contact], q: str) -> QuerySet[Contact]:
    """``contacts`` matching what the user typed, best first (see the module docstring)."""
    query = parse(q)
    if query.is_empty:
        return contacts
    backend = get_backend()
    alternatives = {w: set(query.nicknames.get(w, ())) for w in query.words}
    found = _matching(backend, contacts, query, alternatives)
    if (
        query.words
        and not query.email
        and not found.exists()
        and _typos(backend, query, alternatives)
    ):
        found = _matching(backend, contacts, query, alternatives)
    sql, params = rank_sql(query, alternatives)
    rank = RawSQL(sql, params)  # noqa: S611 - values are parameters
    return found.annotate(search_rank=rank).order_by(
        "search_rank", "last_name", "first_name", "id"
    )
