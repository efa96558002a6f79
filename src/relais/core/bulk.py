"""Plain multi-row inserts for the import's hot path, on SQLite and PostgreSQL alike.

``bulk_create`` builds a model instance per row and, on SQLite, splits inserts into
statements of 999 parameters: about 70 µs a row, more than all the rest of an import. Here
rows are tuples sent with ``executemany`` (one prepared statement), and primary keys are
allocated beforehand so that points and provenance can refer to contacts created in the same
chunk: from the table's sequence on PostgreSQL, and above both the largest id and SQLite's
``AUTOINCREMENT`` high-water mark on SQLite, where the chunk's ``IMMEDIATE`` transaction
holds the write lock (so no one else allocates meanwhile). Never reuses an id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model`` (inside the caller's transaction)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(int(row[0]) for row in cursor.fetchall())
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 0))',
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def insert_rows(
    model: type[models.Model] | str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """INSERT ``rows`` (values in the database's form) into ``model``'s table; COPY on PostgreSQL."""
    if not rows:
        return
    table = model if isinstance(model, str) else model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "postgresql" and not ignore_conflicts:
        # COPY streams the rows in one command: Django's client-side parameter binding in
        # executemany cost ~3x the whole SQLite import. (COPY cannot skip conflicts.)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def db_datetime(value: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def json_adapter() -> Callable[[Any], Any]:
    """``db_json`` for this connection, looked up once (per row it costs more than the JSON)."""
    if connection.vendor == "sqlite":
        return _dumps  # what Django's SQLite backend sends for a JSONField
    adapt = connection.ops.adapt_json_value
    return lambda value: adapt(value, None)


_dumps = json.JSONEncoder().encode


def db_json(value: Any) -> Any:
    """A JSONField value as the database takes it (text on SQLite, jsonb on PostgreSQL)."""
    return connection.ops.adapt_json_value(value, None)
