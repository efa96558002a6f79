"""A workspace of its own for tests that run the real ``relais`` executable as a subprocess.

A subprocess cannot see pytest-django's test database (on SQLite it is another file, and the
test transaction is never committed), so each workspace gets a fresh database:

- SQLite (default): a temporary RELAIS_DATA_DIR; the CLI creates the database on first use.
- PostgreSQL (RELAIS_DATABASE_URL set, as in the PostgreSQL leg of scripts/run_tests.py):
  a throwaway database ``relais_cli_<random>`` created next to the one the URL names, and
  dropped afterwards. The URL's own database (often ``postgres``) is never written to.

Imported by the tests/integration/test_cli*.py modules.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

RELAIS = str(Path(sys.executable).parent / "relais")


@dataclass
class Workspace:
    env: dict[str, str]
    data_dir: Path

    def run(
        self, *args: str, input: str | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run ``relais *args`` to completion; stdin is a pipe (never a terminal)."""
        return subprocess.run(
            [RELAIS, *args],
            input=input if input is not None else "",
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            timeout=timeout,
            check=False,
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [RELAIS, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=self.env,
        )


def _postgres_url() -> str | None:
    url = os.environ.get("RELAIS_DATABASE_URL", "").strip()
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin_connection(url: str):
    """A connection for CREATE/DROP DATABASE: the URL's database, else ``postgres``.

    Like Django's test runner, fall back to the maintenance database when the one named in
    the URL does not exist (yet).
    """
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError:
        return psycopg.connect(_with_database(url, "postgres"), autocommit=True)


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@contextmanager
def _throwaway_postgres(url: str) -> Iterator[str]:
    from psycopg import sql

    name = f"relais_cli_{secrets.token_hex(4)}"
    with _admin_connection(url) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(url, name)
    finally:
        with _admin_connection(url) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


@contextmanager
def workspace(tmp: Path) -> Iterator[Workspace]:
    """A fresh, empty Relais workspace for subprocesses, on the database under test."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("RELAIS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        RELAIS_DATA_DIR=str(tmp),
        RELAIS_SECRET_KEY="cli-tests-" + "x" * 40,
        PYTHONIOENCODING="utf-8",
        COLUMNS="200",
    )
    url = _postgres_url()
    if url is None:
        yield Workspace(env=env, data_dir=tmp)
        return
    with _throwaway_postgres(url) as database_url:
        yield Workspace(env={**env, "RELAIS_DATABASE_URL": database_url}, data_dir=tmp)
