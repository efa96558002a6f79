"""``relais demo``: a realistic demo workspace in an empty database, then serve it."""

from __future__ import annotations

import click

from relais.demo import DEMO_EMAIL, populate_demo

from .base import RelaisCommand
from .serve import host_option, port_option, run_server


@click.command(cls=RelaisCommand)
@host_option
@port_option
@click.option("--no-serve", is_flag=True, help="Only fill the database; do not serve.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Fill an empty database with demo contacts, timelines and tasks, then serve it.

    A database that already holds contacts is left as it is.
    """
    result = populate_demo()
    if result.created:
        click.echo(
            f"Demo workspace created in {result.seconds:.1f} s: {result.contacts} contacts, "
            f"{result.organisations} organisations, {result.interactions} interactions, "
            f"{result.tasks} tasks."
        )
    else:
        click.echo(
            f"The database already holds {result.contacts} contacts: no demo data added."
        )
    if result.password:
        click.echo(f"Sign in as {DEMO_EMAIL} with the password {result.password}")
    elif result.demo_user_exists:
        click.echo(
            f"Sign in as {DEMO_EMAIL} with the password printed when the demo was "
            "created (lost it? 'relais user set-password "
            f"{DEMO_EMAIL}'), or add yourself with 'relais user add'."
        )
    if not no_serve:
        import os

        from django.conf import settings

        if (
            "RELAIS_ALLOWED_HOSTS" not in os.environ
        ):  # a demo answers any name it is given
            settings.ALLOWED_HOSTS = ["*"]
        run_server(host, port)
