"""``relais check [--deploy]``: Django's system checks, with the deployment ones on demand."""

from __future__ import annotations

import click

from .base import RelaisCommand


@click.command(cls=RelaisCommand)
@click.option(
    "--deploy",
    is_flag=True,
    help="Also check the settings a production server needs (TLS proxy, hosts, cookies).",
)
def check(deploy: bool) -> None:
    """Check the configuration; with --deploy, what a production server needs too."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=deploy, fail_level="ERROR")
    except SystemCheckError as exc:
        raise click.ClickException(str(exc).strip()) from None
