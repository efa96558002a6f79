"""Contact search: one interface, two implementations chosen by the database vendor.

SQLite uses FTS5 tables (word prefixes, then trigram substrings) over ``ContactSearch``, kept
in step by triggers; PostgreSQL uses ``pg_trgm`` GIN indexes on the same columns. Both receive
the same parsed query (``query.parse``) and rank alike:
exact email or phone first, then names (exact word, prefix, substring/nickname/typo), then the
rest; ties by name then id, so pages are stable. See docs/search.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from django.db import connection

from .query import SearchQuery, parse

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from relais.contacts.models import Contact

    from .index import Document

__all__ = ["SearchBackend", "get_backend", "parse", "search_contacts"]


class SearchBackend(Protocol):
    """How one database finds contacts."""

    def search(
        self, contacts: QuerySet[Contact], query: SearchQuery
    ) -> QuerySet[Contact]:
        """Narrow ``contacts`` to those matching ``query``, annotated with ``search_rank``."""
        ...

    def indexed(self, documents: Sequence[Document]) -> None:
        """Bring the backend's own structures in step after these entries were written."""
        ...

    def cleared(self) -> None:
        """Forget the backend's own structures (before a full rebuild)."""
        ...

    def purged(self) -> None:
        """Rewrite the backend's own structures so deleted entries leave no trace in them."""
        ...


def get_backend() -> SearchBackend:
    """The backend for the default database's vendor."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearch

        return PostgresSearch()
    from .sqlite import SqliteSearch

    return SqliteSearch()


def search_contacts(contacts: QuerySet[Contact], q: str) -> QuerySet[Contact]:
    """``contacts`` matching what the user typed, best first (see the module docstring)."""
    query = parse(q)
    if query.is_empty:
        return contacts
    return (
        get_backend()
        .search(contacts, query)
        .order_by("search_rank", "last_name", "first_name", "id")  # type: ignore[misc]
    )
