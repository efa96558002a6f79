"""``relais privacy …`` and ``relais freshness …``: access exports, erasure, retention review,
self-update links and the freshness scores (docs/privacy.md)."""

from __future__ import annotations

import json

import click

from relais.contacts import freshness as formula
from relais.privacy.services.access import person_document
from relais.privacy.services.erasure import erase_contacts, plan_erasure
from relais.privacy.services.freshness import refresh_freshness, take_snapshot
from relais.privacy.services.people import person_contacts
from relais.privacy.services.retention import cutoff, retention_candidates
from relais.privacy.services.self_update import self_update_url

from .base import RelaisGroup
from .output import cells, console, open_output, short_date, table


@click.group(cls=RelaisGroup)
def privacy() -> None:
    """Access exports, erasure, retention review and self-update links (GDPR)."""


@privacy.command("export")
@click.argument("identifier", metavar="EMAIL_OR_PHONE")
@click.option(
    "--output",
    "-o",
    default=None,
    metavar="PATH",
    help="File to write; standard output when omitted or '-'.",
)
def export_person(identifier: str, output: str | None) -> None:
    """Everything held on the person with this email or phone, as JSON (right of access)."""
    document = person_document(identifier)
    with open_output(output) as out:
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    if output not in (None, "-"):
        click.echo(
            f"{len(document['contacts'])} contact record(s) exported to {output}.",
            err=True,
        )


@privacy.command("erase")
@click.argument("identifier", metavar="EMAIL_OR_PHONE")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase(identifier: str, yes: bool) -> None:
    """Erase the person with this email or phone from every table (right to erasure)."""
    contacts = person_contacts(identifier)
    plan = plan_erasure(contacts)
    summary = (
        f"{len(plan.contacts)} contact record(s) (#"
        + ", #".join(str(c.pk) for c in plan.contacts)
        + f"), {len(plan.emails)} email(s), {len(plan.phones)} phone(s), "
        f"{plan.interactions_only_theirs} interaction(s) deleted, "
        f"{plan.interactions_shared} shared interaction(s) redacted"
    )
    if not yes:
        click.echo(f"This erases {summary}. It cannot be undone.", err=True)
        if not click.confirm("Erase?", err=True):
            raise click.ClickException("nothing erased.")
    erasure = erase_contacts(actor=None, contacts=contacts)
    click.echo(
        f"Erased (erasure #{erasure.pk}): {summary}; "
        "their emails and phones are on the suppression list."
    )
    if erasure.counts.get("uploaded_files_mentioning"):
        click.echo(
            f"{erasure.counts['uploaded_files_mentioning']} uploaded file(s) in "
            "RELAIS_DATA_DIR/uploads still mention them: delete them if the import is done.",
            err=True,
        )


@privacy.command("retention")
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=None,
    help="Retention period in months (default: RELAIS_RETENTION_MONTHS).",
)
def retention(months: int | None) -> None:
    """List contacts with no interaction and no consent for the retention period."""
    rows = list(retention_candidates(months))
    out = console()
    grid = table(
        "id",
        "name",
        "organisation",
        "lawful basis",
        "added",
        "last interaction",
        title=f"{len(rows)} contact(s) to review (nothing since {cutoff(months):%Y-%m-%d})",
    )
    for c in rows:
        grid.add_row(
            *cells(
                c.pk,
                c.display_name,
                c.organisation.name if c.organisation else "",
                c.lawful_basis or "none",
                short_date(c.created_at),
                short_date(c.last_activity),  # type: ignore[attr-defined]
            )
        )
    out.print(grid)


@privacy.command("link")
@click.argument("identifier", metavar="EMAIL_OR_PHONE")
def link(identifier: str) -> None:
    """Print the self-service update link of the person with this email or phone."""
    for contact in person_contacts(identifier)[:1]:
        click.echo(self_update_url(contact))


@click.group(cls=RelaisGroup)
def freshness() -> None:
    """Freshness scores of the contacts (docs/privacy.md)."""


@freshness.command("refresh")
def refresh() -> None:
    """Recompute every contact's freshness score and take today's snapshot."""
    count = refresh_freshness()
    snapshot = take_snapshot()
    shares = ", ".join(f"{getattr(snapshot, band)} {band}" for band in formula.BANDS)
    click.echo(f"{count} contacts scored: {shares}.")
