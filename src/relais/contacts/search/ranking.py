"""The rank of a matching contact as one portable SQL expression (``LIKE`` on the indexed text).

Used by the PostgreSQL backend; SQLite ranks with FTS5 set memberships instead (same tiers).

0: the exact email or the whole phone number; 1: every word is a whole name word; 2: every word
starts a name word; 3: every word is in the names (inside a word, as a nickname or a typo);
4: found elsewhere (organisation, notes, …). Lower is better.
"""

from __future__ import annotations

from collections.abc import Mapping

from relais.contacts.models import Contact, ContactSearch

from .query import SearchQuery, like_pattern

_LIKE = "{} LIKE %s ESCAPE '\\'"


def _padded(column: str) -> str:
    return f"(' ' || cs.{column} || ' ')"


def rank_sql(
    query: SearchQuery, alternatives: Mapping[str, set[str]]
) -> tuple[str, list[str]]:
    """A correlated subquery giving ``search_rank``; ``alternatives`` maps a word to the other
    name words it stands for (nicknames, typo corrections)."""
    cases: list[str] = []
    params: list[str] = []
    if query.email:
        cases.append(f"WHEN {_LIKE.format(_padded('reach'))} THEN 0")
        params.append(f"% {like_pattern(query.email)} %")
    if query.phone_digits and query.full_phone:
        cases.append(f"WHEN {_LIKE.format('cs.reach')} THEN 0")
        params.append(f"%{like_pattern(query.phone_digits)}%")
    if query.words and not query.email:
        for rank, template in ((1, "% {} %"), (2, "% {}%")):
            cases.append(
                "WHEN "
                + " AND ".join(_LIKE.format(_padded("names")) for _ in query.words)
                + f" THEN {rank}"
            )
            params.extend(template.format(like_pattern(w)) for w in query.words)
        conditions = []
        for word in query.words:
            options = [f"%{like_pattern(word)}%"] + [
                f"% {like_pattern(v)} %" for v in sorted(alternatives.get(word, ()))
            ]
            conditions.append(
                "("
                + " OR ".join(
                    _LIKE.format("cs.names" if i == 0 else _padded("names"))
                    for i in range(len(options))
                )
                + ")"
            )
            params.extend(options)
        cases.append("WHEN " + " AND ".join(conditions) + " THEN 3")
    if not cases:
        return "4", []
    table = ContactSearch._meta.db_table
    contact_table = Contact._meta.db_table
    sql = (
        f'(SELECT CASE {" ".join(cases)} ELSE 4 END FROM "{table}" cs '  # noqa: S608
        f'WHERE cs.contact_id = "{contact_table}"."id")'
    )
    return sql, params
