"""``relais token``: API tokens for scripts and integrations."""

from __future__ import annotations

import click

from relais.accounts.selectors import get_api_token, list_api_tokens
from relais.accounts.services import (
    create_api_token,
    get_user_by_email,
    revoke_api_token,
)

from .base import RelaisGroup
from .output import cells, console, short_date, table


@click.group(cls=RelaisGroup)
def token() -> None:
    """Create, list and revoke API tokens."""


@token.command("create")
@click.argument("email")
@click.option(
    "--name", required=True, help="What the token is for, e.g. the script using it."
)
def create(email: str, name: str) -> None:
    """Create a token acting as the user EMAIL; prints it once on stdout."""
    holder = get_user_by_email(email)
    created, clear = create_api_token(actor=None, user=holder, name=name)
    click.echo(clear)
    click.echo(
        f"Token {created.pk} '{created.name}' for {holder.email}: copy it now, "
        "it is not shown again.",
        err=True,
    )


@token.command("list")
def list_() -> None:
    """List every token (the secret itself is never stored, only its first characters)."""
    grid = table("ID", "User", "Name", "Starts with", "Created", "Last used", "Revoked")
    for t in list_api_tokens():
        grid.add_row(
            *cells(
                t.pk,
                t.user.email,
                t.name,
                f"{t.hint}…",
                short_date(t.created_at),
                short_date(t.last_used_at),
                short_date(t.revoked_at),
            )
        )
    console().print(grid)


@token.command("revoke")
@click.argument("token_id", metavar="ID", type=click.IntRange(1, 2**63 - 1))
def revoke(token_id: int) -> None:
    """Revoke the token ID: requests using it are refused from now on."""
    found = get_api_token(token_id)
    if found.revoked_at is not None:
        click.echo(
            f"Token {found.pk} was already revoked on {short_date(found.revoked_at)}."
        )
        return
    revoke_api_token(actor=None, token=found)
    click.echo(f"Token {found.pk} '{found.name}' of {found.user.email} revoked.")
