"""What every ``relais`` command shares: a migrated database, and errors as one line.

``RelaisCommand.invoke`` runs after click has parsed the options (so ``--help`` never touches
the database). It applies pending migrations — which creates the SQLite database on first
run — then turns the errors a service raises for users into click's ``Error: …`` line and exit
code 1. Usage errors keep click's exit code 2. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click
from django.db import OperationalError

from relais.core.errors import RelaisError

_migrated = False


def one_line(message: str) -> str:
    return " ".join(message.split())


def ensure_database() -> None:
    """Apply pending migrations quietly, once per process."""
    global _migrated
    if _migrated:
        return
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
    _migrated = True


class RelaisCommand(click.Command):
    """A leaf command: database ready first, user errors as ``Error: …`` and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            ensure_database()
            return super().invoke(ctx)
        except RelaisError as exc:
            raise click.ClickException(one_line(exc.message)) from None
        except OperationalError as exc:
            # The database is unreachable or locked: an environment problem, not a bug.
            raise click.ClickException(f"database: {one_line(str(exc))}") from None


class RelaisGroup(click.Group):
    """A group whose commands are RelaisCommands and whose subgroups are RelaisGroups."""

    command_class = RelaisCommand
    group_class = type


def stdin_is_terminal() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def read_password(from_stdin: bool) -> str:
    """The password from one line of stdin, else a hidden prompt — only on a terminal."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise click.ClickException(
                "password: standard input gave an empty line (--password-stdin)."
            )
        return line
    if not stdin_is_terminal():
        raise click.ClickException(
            "password: standard input is not a terminal, so no prompt; "
            "pipe the password in with --password-stdin."
        )
    password: str = click.prompt(
        "Password", hide_input=True, confirmation_prompt=True, err=True
    )
    return password
