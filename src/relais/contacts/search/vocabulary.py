"""The typo vocabulary: name and organisation words with their one-deletion variants.

Two words within one edit share a variant (the SymSpell idea), so the words close to a typo
are one index lookup away, on both databases: ``contacts_search_words`` (migration 0003) is a
plain table with a (variant, word) primary key. Words are only ever added; a stale word costs a
lookup that finds nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q

from .query import deletions, edit_distance, max_typos

if TYPE_CHECKING:
    from .index import Document

WORDS = "contacts_search_words"
_TYPO_LIMIT = 20


def typo_candidates(word: str) -> set[str]:
    """Known words within ``max_typos(word)`` edits of ``word`` (the closest first, at most 20)."""
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


def remember(documents: Sequence[Document]) -> None:
    """Add the documents' new words (one query finds which are known already)."""
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
                f"INSERT INTO {WORDS} (variant, word) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT DO NOTHING",
                rows,
            )


def forget_words(words: Iterable[str]) -> int:
    """Drop these words (and their variants) when no indexed contact bears them any more:
    after an erasure, the vocabulary must not keep an erased person's name."""
    from relais.contacts.models import ContactSearch

    gone = sorted(
        w
        for w in set(words)
        if not ContactSearch.objects.filter(
            Q(names__contains=w) | Q(other__contains=w)
        ).exists()
    )
    with connection.cursor() as cursor:
        for start in range(0, len(gone), 500):
            part = gone[start : start + 500]
            cursor.execute(
                f"DELETE FROM {WORDS} WHERE word IN "  # noqa: S608
                f"({', '.join(['%s'] * len(part))})",
                part,
            )
    return len(gone)


def forget() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WORDS}")  # noqa: S608
