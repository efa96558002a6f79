"""``relais user``: add the people who sign in, list them, and hand a leaver's work over."""

from __future__ import annotations

import click

from relais.accounts.models import Role
from relais.accounts.selectors import list_users
from relais.accounts.services import create_user, get_user_by_email, set_password
from relais.handover.services import hand_over

from .base import RelaisGroup, read_password
from .output import cells, console, short_date, table


@click.group(cls=RelaisGroup)
def user() -> None:
    """Manage the people who sign in."""


@user.command("add")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([str(v) for v in Role.values]),
    default=Role.MEMBER.value,
    show_default=True,
    help="admin manages users; member reads and writes; readonly only reads.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input "
    "(needed when stdin is not a terminal).",
)
@click.option("--first-name", default="", help="First name shown in the team.")
@click.option("--last-name", default="", help="Last name shown in the team.")
def add(
    email: str, role: str, password_stdin: bool, first_name: str, last_name: str
) -> None:
    """Add a user who signs in with EMAIL; asks for the password on a terminal."""
    password = read_password(password_stdin)
    created = create_user(
        actor=None,
        email=email,
        password=password,
        role=role,
        first_name=first_name,
        last_name=last_name,
    )
    click.echo(f"User {created.email} added with the role {created.role}.")


@user.command("set-password")
@click.argument("email")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the new password from the first line of standard input "
    "(needed when stdin is not a terminal).",
)
def set_password_(email: str, password_stdin: bool) -> None:
    """Give the user EMAIL a new password, e.g. a lost demo password."""
    target = get_user_by_email(email)
    set_password(actor=None, user=target, password=read_password(password_stdin))
    click.echo(f"Password of {target.email} changed.")


@user.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include deactivated users.")
def list_(show_all: bool) -> None:
    """List the users of the workspace."""
    grid = table("ID", "Email", "Name", "Role", "Active", "Joined", "Last login")
    for u in list_users(include_inactive=show_all):
        grid.add_row(
            *cells(
                u.pk,
                u.email,
                u.get_full_name(),
                u.role,
                "yes" if u.is_active else "no",
                short_date(u.date_joined),
                short_date(u.last_login),
            )
        )
    console().print(grid)


@user.command("handover")
@click.argument("from_email")
@click.argument("to_email")
@click.option(
    "--deactivate",
    is_flag=True,
    help="Also deactivate FROM_EMAIL: they can no longer sign in or use their API tokens.",
)
def handover_(from_email: str, to_email: str, deactivate: bool) -> None:
    """Give TO_EMAIL every contact FROM_EMAIL follows and every open task assigned to them."""
    result = hand_over(
        actor=None,
        departing=get_user_by_email(from_email),
        successor=get_user_by_email(to_email),
        deactivate=deactivate,
    )
    click.echo(
        f"{result.contacts} contacts and {result.tasks} open tasks handed over from "
        f"{result.departing.email} to {result.successor.email}"
        + (f"; {result.departing.email} is deactivated." if deactivate else ".")
    )
