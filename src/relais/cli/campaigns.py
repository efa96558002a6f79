"""``relais template`` and ``relais campaign``: write templates, create, preview, send and
follow campaigns from the command line (docs/campaigns.md). ``campaign send`` runs the sender
in the foreground; stop it (even with kill -9) and run it again: it resumes, and no message
goes twice."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from relais.accounts.services import get_user_by_email
from relais.contacts.models import Contact
from relais.contacts.segments.selectors import get_segment, segment_contacts
from relais.contacts.selectors import get_contact
from relais.core.errors import InvalidInput, NotFound
from relais.outreach import selectors
from relais.outreach.models import Campaign, Template
from relais.outreach.services import campaigns as service
from relais.outreach.services import send_loop, sending
from relais.outreach.services.render import preview as render_preview
from relais.outreach.services.templates import create_template

from .base import RelaisGroup
from .output import cells, console, format_option, print_jsonl, table

ID = click.IntRange(1, 2**63 - 1)


def _read(text: str, field: str) -> str:
    """TEXT as given, @FILE for a file's content, - for standard input."""
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        try:
            return Path(text[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput({field: f"cannot read {text[1:]}: {exc}"}) from None
    return text


@click.group(cls=RelaisGroup)
def template() -> None:
    """Message templates (Jinja2 fields such as {{ first_name }}): create, list."""


@template.command("create")
@click.option("--name", required=True, help="Name of the template (unique).")
@click.option(
    "--language",
    type=click.Choice(Template.Language.values),
    default="fr",
    show_default=True,
)
@click.option("--subject", required=True, help="Subject line (may use fields).")
@click.option(
    "--text",
    "body_text",
    required=True,
    metavar="TEXT",
    help="Plain-text body, @FILE or - (stdin).",
)
@click.option(
    "--html",
    "body_html",
    default="",
    metavar="HTML",
    help="HTML body, @FILE or - (stdin).",
)
def template_create(
    name: str, language: str, subject: str, body_text: str, body_html: str
) -> None:
    """Save a template; every part is checked (unknown fields, syntax) before it is saved."""
    saved = create_template(
        actor=None,
        name=name,
        language=language,
        subject=subject,
        body_text=_read(body_text, "text"),
        body_html=_read(body_html, "html") if body_html else "",
    )
    click.echo(f"Template {saved.pk} '{saved.name}' saved.")


@template.command("list")
@format_option
def template_list(fmt: str) -> None:
    """Every template."""
    rows = [
        {"id": t.pk, "name": t.name, "language": t.language, "subject": t.subject}
        for t in selectors.list_templates()
    ]
    if fmt == "jsonl":
        print_jsonl(rows)
        return
    grid = table("ID", "Name", "Language", "Subject")
    for row in rows:
        grid.add_row(*cells(row["id"], row["name"], row["language"], row["subject"]))
    console().print(grid)


@click.group(cls=RelaisGroup)
def campaign() -> None:
    """Campaigns and sequences to a segment: create, preview, send, status, pause, list."""


def _step(value: str) -> tuple[Template, int]:
    ident, _, days = value.partition(":")
    if not ident.isdigit() or (days and not days.isdigit()):
        raise InvalidInput(
            {"step": f"'{value}': give TEMPLATE_ID or TEMPLATE_ID:DAYS."}
        )
    return selectors.get_template(int(ident)), int(days or 0)


@campaign.command("create")
@click.option("--name", required=True)
@click.option(
    "--segment", "segment_id", type=ID, required=True, help="Segment id (the audience)."
)
@click.option(
    "--step",
    "steps",
    multiple=True,
    required=True,
    metavar="TEMPLATE_ID[:DAYS]",
    help="A step: a template id and, after the first, the days after the previous step. Repeat for a sequence.",
)
@click.option(
    "--sender",
    "sender_email",
    default=None,
    metavar="EMAIL",
    help="The visible sender (a user).",
)
@click.option(
    "--sender-mode",
    type=click.Choice(Campaign.SenderMode.values),
    default="fixed",
    show_default=True,
    help="owner: each contact's owner is the visible sender.",
)
@click.option(
    "--purpose",
    type=click.Choice(Campaign.Purpose.values),
    default="marketing",
    show_default=True,
)
@click.option(
    "--rate-per-second",
    type=click.FloatRange(0, 10_000),
    default=None,
    help="Override RELAIS_SEND_RATE_PER_SECOND.",
)
@click.option(
    "--rate-per-hour",
    type=click.IntRange(0, 10_000_000),
    default=None,
    help="Override RELAIS_SEND_RATE_PER_HOUR.",
)
def campaign_create(
    name: str,
    segment_id: int,
    steps: tuple[str, ...],
    sender_email: str | None,
    sender_mode: str,
    purpose: str,
    rate_per_second: float | None,
    rate_per_hour: int | None,
) -> None:
    """Create a draft campaign (``campaign send`` starts it)."""
    sender = get_user_by_email(sender_email) if sender_email else None
    created = service.create_campaign(
        actor=None,
        name=name,
        segment=get_segment(segment_id),
        steps=[_step(s) for s in steps],
        sender_mode=sender_mode,
        sender=sender,
        purpose=purpose,
        rate_per_second=rate_per_second,
        rate_per_hour=rate_per_hour,
    )
    click.echo(f"Campaign {created.pk} '{created.name}' created (draft).")


@campaign.command("preview")
@click.argument("campaign_id", metavar="ID", type=ID)
@click.option(
    "--contact",
    "contact_id",
    type=ID,
    default=None,
    help="A contact id; the segment's first member by default.",
)
@click.option(
    "--step", "position", type=click.IntRange(1, 20), default=1, show_default=True
)
@click.option("--html", "show_html", is_flag=True, help="Print the HTML part too.")
def campaign_preview(
    campaign_id: int, contact_id: int | None, position: int, show_html: bool
) -> None:
    """What one contact would receive (rendered subject and body)."""
    found = selectors.get_campaign(campaign_id)
    step = selectors.get_step(found, position)
    if contact_id is not None:
        contact: Contact | None = get_contact(contact_id)
    else:
        contact = segment_contacts(found.segment).first() if found.segment else None
    if contact is None:
        raise NotFound("The segment has no member to preview with: give --contact.")
    sender = service.visible_sender(found, contact)
    message = render_preview(template=step.template, contact=contact, sender=sender)
    click.echo(
        f"To: {contact.display_name}\nSubject: {message.subject}\n\n{message.text}"
    )
    if show_html and message.html:
        click.echo(f"\n--- HTML ---\n{message.html}")


@campaign.command("send")
@click.argument("campaign_id", metavar="ID", type=ID)
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="Wait for retries and the hourly limit (up to an hour) instead of returning.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 5000),
    default=sending.BATCH_SIZE,
    show_default=True,
)
@click.option("--force", is_flag=True, help="Send even if the message check blocks it.")
def campaign_send(campaign_id: int, wait: bool, batch_size: int, force: bool) -> None:
    """Start (or resume) a campaign and send it in the foreground. Resumable: run it again
    after an interruption; no message goes twice."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    found = selectors.get_campaign(campaign_id)
    out = console()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=out,
        transient=not out.is_terminal,
        disable=not out.is_terminal,
    ) as bar:
        task = bar.add_task("Sending", total=None)
        found = send_loop.send_campaign(
            actor=None,
            campaign=found,
            force=force,
            wait=wait,
            batch_size=batch_size,
            progress=lambda total, sent: bar.update(task, total=total, completed=sent),
        )
    _print_status(found, service.campaign_progress(found))


def _print_status(found: Campaign, counts: dict[str, int]) -> None:
    reasons = service.skip_reasons(found)
    line = ", ".join(
        f"{counts[s]} {s}"
        for s in (
            "sent",
            "queued",
            "sending",
            "deferred",
            "failed",
            "bounced",
            "skipped",
        )
    )
    click.echo(f"Campaign {found.pk} '{found.name}' ({found.status}): {line}.")
    if reasons:
        click.echo(
            "Not sent: " + ", ".join(f"{n} {r}" for r, n in reasons.items()) + "."
        )


@campaign.command("status")
@click.argument("campaign_id", metavar="ID", type=ID)
@format_option
def campaign_status(campaign_id: int, fmt: str) -> None:
    """Deliveries per status, and why some were not sent."""
    found = selectors.get_campaign(campaign_id)
    counts = service.campaign_progress(found)
    if fmt == "jsonl":
        print_jsonl(
            [
                {
                    "id": found.pk,
                    "status": found.status,
                    "deliveries": counts,
                    "skipped": service.skip_reasons(found),
                }
            ]
        )
        return
    _print_status(found, counts)


@campaign.command("pause")
@click.argument("campaign_id", metavar="ID", type=ID)
def campaign_pause(campaign_id: int) -> None:
    """Stop sending a campaign; ``campaign send`` resumes it."""
    found = service.pause_campaign(
        actor=None, campaign=selectors.get_campaign(campaign_id)
    )
    click.echo(f"Campaign {found.pk} paused.")


@campaign.command("list")
@format_option
def campaign_list(fmt: str) -> None:
    """Every campaign with its status and counts."""
    rows = []
    for c in selectors.list_campaigns():
        counts = service.campaign_progress(c)
        rows.append(
            {
                "id": c.pk,
                "name": c.name,
                "status": c.status,
                "segment": c.segment.name if c.segment else "",
                "sent": counts["sent"],
                "total": counts["total"],
            }
        )
    if fmt == "jsonl":
        print_jsonl(rows)
        return
    grid = table("ID", "Name", "Status", "Segment", "Sent", "Total")
    for r in rows:
        grid.add_row(
            *cells(r["id"], r["name"], r["status"], r["segment"], r["sent"], r["total"])
        )
    console().print(grid)
