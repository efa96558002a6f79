"""``relais contacts``: add, list, show and search contacts from a terminal or a script."""

from __future__ import annotations

from collections.abc import Sequence

import click
from django.db.models import QuerySet

from relais.accounts.models import User
from relais.accounts.services import get_user_by_email
from relais.contacts.models import Contact, ContactPoint
from relais.contacts.selectors import (
    ContactFilter,
    contact_record,
    get_contact,
    list_contacts,
    with_details,
)
from relais.contacts.services import PointInput, Source, create_contact
from relais.core.errors import InvalidInput, NotFound

from . import contact_views
from .base import RelaisGroup
from .output import format_option, print_jsonl

ID = click.IntRange(1, 2**63 - 1)
STATUS = click.Choice([str(v) for v in Contact.Status.values])
limit_option = click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(0),
    help="At most this many contacts; 0 for all.",
)


def _owner(email: str | None) -> User | None:
    if not email:
        return None
    try:
        return get_user_by_email(email)
    except NotFound as exc:
        raise InvalidInput({"owner": exc.message}) from None


@click.group(cls=RelaisGroup)
def contacts() -> None:
    """Add, list, show and search contacts."""


@contacts.command("add")
@click.option("--first-name", default="", help="First name.")
@click.option("--last-name", default="", help="Last name.")
@click.option("--email", "emails", multiple=True, help="Email address (repeatable).")
@click.option(
    "--phone",
    "phones",
    multiple=True,
    help="Phone number in any format; without a +prefix it is read in --country, "
    "else RELAIS_DEFAULT_REGION (repeatable).",
)
@click.option("--url", "urls", multiple=True, help="Web address (repeatable).")
@click.option("--linkedin", default="", help="LinkedIn profile address.")
@click.option("--organization", default="", help="Organisation name.")
@click.option("--title", default="", help="Job title.")
@click.option("--tag", "tags", multiple=True, help="Tag (repeatable).")
@click.option("--city", default="", help="City.")
@click.option("--country", default="", help="Two-letter country code, e.g. FR.")
@click.option(
    "--status",
    type=STATUS,
    default=Contact.Status.LEAD.value,
    show_default=True,
    help="Where the relationship stands.",
)
@click.option("--owner", default=None, metavar="EMAIL", help="User who follows up.")
@format_option
def add(
    first_name: str,
    last_name: str,
    emails: Sequence[str],
    phones: Sequence[str],
    urls: Sequence[str],
    linkedin: str,
    organization: str,
    title: str,
    tags: Sequence[str],
    city: str,
    country: str,
    status: str,
    owner: str | None,
    fmt: str,
) -> None:
    """Add a contact; its provenance is "command line"."""
    kind = ContactPoint.Kind
    points = [
        *(PointInput(kind.EMAIL, v) for v in emails),
        *(PointInput(kind.PHONE, v) for v in phones),
        *(PointInput(kind.URL, v) for v in urls),
        *([PointInput(kind.LINKEDIN, linkedin)] if linkedin else []),
    ]
    contact = create_contact(
        actor=None,
        source=Source.manual("cli"),
        first_name=first_name,
        last_name=last_name,
        organisation=organization,
        title=title,
        city=city,
        country=country,
        status=status,
        owner=_owner(owner),
        points=points,
        tags=tags,
    )
    if fmt == "jsonl":
        print_jsonl([contact_record(get_contact(contact.pk))])
    else:
        click.echo(f"Contact {contact.pk} added: {contact.display_name}")


def _print_list(qs: QuerySet[Contact], limit: int, fmt: str) -> None:
    detailed = with_details(qs)
    limited = detailed[:limit] if limit else detailed
    if fmt == "jsonl":
        print_jsonl(contact_record(c) for c in limited.iterator(chunk_size=500))
    else:
        contact_views.print_list(list(limited), total=qs.count())


@contacts.command("list")
@click.option(
    "--status",
    type=STATUS,
    help="Only this status (archived ones are hidden otherwise).",
)
@click.option("--tag", default="", help="Only contacts with this tag.")
@click.option(
    "--owner", default=None, metavar="EMAIL", help="Only contacts this user follows."
)
@limit_option
@format_option
def list_(
    status: str | None, tag: str, owner: str | None, limit: int, fmt: str
) -> None:
    """List contacts by name."""
    owner_user = _owner(owner)
    filters = ContactFilter(
        status=status or "", tag=tag, owner_id=owner_user.pk if owner_user else None
    )
    _print_list(list_contacts(filters), limit, fmt)


@contacts.command("show")
@click.argument("contact_id", metavar="ID", type=ID)
@format_option
def show(contact_id: int, fmt: str) -> None:
    """Show one contact: ways to reach them, provenance, recent timeline, open tasks."""
    contact = get_contact(contact_id)
    if fmt == "jsonl":
        print_jsonl([contact_record(contact)])
    else:
        contact_views.print_detail(contact)


@contacts.command("search")
@click.argument("query")
@limit_option
@format_option
def search(query: str, limit: int, fmt: str) -> None:
    """Find contacts by names, emails, phones, organisation, title, city, tags, notes and
    interaction subjects, best matches first.

    Accents and case do not matter, typos are forgiven, digits match phone numbers in any
    format ('06 12 34'). See docs/search.md.
    """
    _print_list(list_contacts(ContactFilter(q=query)), limit, fmt)


@contacts.command("reindex")
def reindex() -> None:
    """Rebuild the search index of every contact (after a restore, or to repair it)."""
    from relais.contacts.search.index import rebuild_index

    count = rebuild_index()
    click.echo(f"Search index rebuilt: {count} contacts.")
