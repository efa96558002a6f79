"""SQLite search: FTS5 with the trigram tokenizer, plus what trigrams cannot do alone.

``contacts_search_fts`` is an external-content FTS5 table over ``ContactSearch`` (no second
copy of the text), kept in step by triggers (migration 0003): a quoted string is then matched
as a substring through the index, for words of three characters or more. Shorter words
('Li', 'Jo') use ``contacts_search_names``, a unicode61 table with 1- and 2-character prefix
indexes over the names. Typos use ``contacts_search_words``: every name and organisation word
with its one-deletion variants, so a word within one edit is one index lookup away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection

from .query import TRIGRAM, SearchQuery, deletions, edit_distance, max_typos

if TYPE_CHECKING:
    from .index import Document

FTS = "contacts_search_fts"
NAMES = "contacts_search_names"
WORDS = "contacts_search_words"
_TYPO_LIMIT = 20


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class SqliteSearch:
    def matching_ids(
        self, query: SearchQuery, alternatives: Mapping[str, set[str]]
    ) -> tuple[str, list[Any]]:
        if query.phone_digits:
            return f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [  # noqa: S608
                _quote(query.phone_digits)
            ]
        if query.email:
            return f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [  # noqa: S608
                _quote(query.email)
            ]
        groups, short = [], []
        for word in query.words:
            if len(word) < TRIGRAM:
                short.append(word)
                continue
            options = [word] + sorted(
                v for v in alternatives.get(word, ()) if len(v) >= TRIGRAM
            )
            groups.append("(" + " OR ".join(_quote(o) for o in options) + ")")
        if not groups:
            expression = " AND ".join(_quote(w) + "*" for w in short)
            return f"SELECT rowid FROM {NAMES} WHERE {NAMES} MATCH %s", [  # noqa: S608
                expression
            ]
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"  # noqa: S608
        params: list[Any] = [" AND ".join(groups)]
        for word in short:
            sql += " AND (names || ' ' || reach || ' ' || other) LIKE %s"
            params.append(f"%{word}%")
        return sql, params

    def typo_candidates(self, word: str) -> set[str]:
        variants = sorted(deletions(word))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT word FROM {WORDS} WHERE variant IN "  # noqa: S608
                f"({', '.join(['%s'] * len(variants))})",
                variants,
            )
            words = [row[0] for row in cursor.fetchall()]
        limit = max_typos(word)
        scored = sorted((edit_distance(word, w), w) for w in words if w != word)
        return {w for d, w in scored[:_TYPO_LIMIT] if d <= limit}

    def indexed(self, documents: Sequence[Document]) -> None:
        words = sorted({w for d in documents for w in d.vocabulary})
        if not words:
            return
        known: set[str] = set()
        with connection.cursor() as cursor:
            for start in range(0, len(words), 500):
                part = words[start : start + 500]
                cursor.execute(
                    f"SELECT word FROM {WORDS} WHERE variant IN "  # noqa: S608
                    f"({', '.join(['%s'] * len(part))}) AND word = variant",
                    part,
                )
                known.update(row[0] for row in cursor.fetchall())
            rows = [(v, w) for w in words if w not in known for v in deletions(w)]
            if rows:
                cursor.executemany(
                    f"INSERT OR IGNORE INTO {WORDS} (variant, word) VALUES (%s, %s)",  # noqa: S608
                    rows,
                )

    def cleared(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {WORDS}")  # noqa: S608
