"""The ``relais`` group: one module per command or command group, imported when used.

Each command module is imported only when its command runs (or ``--help`` lists it), and
Django is set up at that moment too: ``relais --version`` imports neither, and ``relais
digest send`` does not pay for the importers' phone-number tables. A new command is one line
in ``COMMANDS``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import MutableMapping
from typing import Any

import click

from .base import RelaisGroup

# name -> "module:attribute" of the click command, relative to relais.cli.
COMMANDS: dict[str, str] = {
    "serve": "serve:serve",
    "worker": "worker:worker",
    "demo": "demo:demo",
    "user": "users:user",
    "token": "tokens:token",
    "contacts": "contacts:contacts",
    "export": "export:export",
    "import": "imports:import_",
    "segments": "segments:segments",
    "dedupe": "dedupe:dedupe",
    "merge": "merges:merge",
    "digest": "digest:digest",
    "report": "reports:report",
    "privacy": "privacy:privacy",
    "freshness": "privacy:freshness",
    "template": "campaigns:template",
    "campaign": "campaigns:campaign",
    "bounces": "bounces:bounces",
    "check": "check:check",
    "sources": "listening:sources",
    "mentions": "listening:mentions",
    "profile": "profiles:profile",
    "authors": "community:authors",
    "events": "automation:events",
    "automation": "automation:automation",
    "intros": "intros:intros",
    "tickets": "tickets:tickets",
}


def setup_django() -> None:
    """Configure Django once, before a command module imports any model."""
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if apps.ready:
        return
    try:
        django.setup()
    except (ImproperlyConfigured, ValueError) as exc:  # e.g. a bad RELAIS_DATABASE_URL
        sys.stderr.write(f"Error: configuration: {' '.join(str(exc).split())}\n")
        sys.exit(1)


class LazyGroup(RelaisGroup):
    """A group whose subcommands are imported on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            setup_django()
            module, _, attribute = COMMANDS[cmd_name].partition(":")
            command: Any = getattr(
                importlib.import_module(f"relais.cli.{module}"), attribute
            )
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def load_all(self) -> MutableMapping[str, click.Command]:
        """Every subcommand, imported (for the documentation test)."""
        ctx = click.Context(self)
        for name in COMMANDS:
            self.get_command(ctx, name)
        return self.commands


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="relais", prog_name="relais")
def cli() -> None:
    """Relais, the self-hosted social CRM.

    Every command applies pending database migrations first; the database lives in
    RELAIS_DATA_DIR (SQLite) or at RELAIS_DATABASE_URL (PostgreSQL).
    """
