"""``relais events`` and ``relais automation``: the events secret, workflows, the worker."""

from __future__ import annotations

import json
from pathlib import Path

import click

from relais.automation.services import secrets, workflows
from relais.automation.services.mail import send_workflow_mail
from relais.automation.services.recipes import install_abandoned_cart
from relais.automation.services.runs import work as work_runs
from relais.core.errors import InvalidInput

from .base import RelaisGroup


@click.group(cls=RelaisGroup)
def events() -> None:
    """The events API (POST /api/v1/events)."""


@events.command("secret")
@click.option(
    "--rotate",
    is_flag=True,
    help="Make a new secret; the old one stays valid for "
    "RELAIS_EVENTS_SECRET_GRACE_HOURS.",
)
def secret(rotate: bool) -> None:
    """Print the secret that signs events (HMAC-SHA256 of the body)."""
    current = secrets.rotate_secret(actor=None) if rotate else secrets.current_secret()
    click.echo(current.secret)


@click.group(cls=RelaisGroup)
def automation() -> None:
    """Workflows: recipes, definitions, the worker."""


@automation.group("recipe", cls=RelaisGroup)
def recipe() -> None:
    """Ready-made workflows."""


@recipe.command("abandoned-cart")
@click.option("--wait", required=True, help="How long after the cart, e.g. 2h.")
@click.option("--template", required=True, help="The template to send.")
@click.option(
    "--call-task-after",
    default=None,
    help="A call-back task this long after the mail, e.g. 2d.",
)
@click.option(
    "--purpose",
    type=click.Choice(["marketing", "service"]),
    default="marketing",
    show_default=True,
    help="What the lawful basis must allow.",
)
def abandoned_cart(
    wait: str, template: str, call_task_after: str | None, purpose: str
) -> None:
    """On cart_abandoned: wait, and unless an order was placed, send TEMPLATE once."""
    created = install_abandoned_cart(
        actor=None,
        wait=wait,
        template=template,
        call_task_after=call_task_after,
        purpose=purpose,
    )
    click.echo(
        f"Workflow {created.pk} '{created.name}' version {created.version} is active."
    )


@automation.command("save")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--update", "ref", default=None, help="Change this workflow (id or name)."
)
def save(path: Path, ref: str | None) -> None:
    """Create a workflow from the JSON file PATH (or change one with --update)."""
    try:
        definition = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput({"path": f"{path}: {exc}"}) from None
    existing = workflows.get_workflow(ref) if ref else None
    saved = workflows.save_workflow(
        actor=None, definition=definition, workflow=existing
    )
    click.echo(f"Workflow {saved.pk} '{saved.name}' version {saved.version} saved.")


@automation.command("show")
@click.argument("ref")
def show(ref: str) -> None:
    """Print the JSON of the workflow REF (id or name)."""
    click.echo(
        json.dumps(workflows.definition_of(workflows.get_workflow(ref)), indent=2)
    )


@automation.command("runs")
@click.argument("contact_id", type=click.IntRange(1, 2**63 - 1))
def runs(contact_id: int) -> None:
    """The workflow runs of one contact, as JSON lines."""
    for run in workflows.runs_for_contact(contact_id):
        click.echo(json.dumps(workflows.run_record(run), ensure_ascii=False))


@automation.command("work")
@click.option(
    "--seconds", type=float, default=None, help="Stop after this long (default: never)."
)
@click.option(
    "--poll", type=float, default=1.0, show_default=True, help="Seconds between polls."
)
def work(seconds: float | None, poll: float) -> None:
    """Advance due workflow runs and send their mail (what the background job does)."""
    report = work_runs(
        seconds=seconds, poll=poll, send=lambda: send_workflow_mail(max_seconds=5)
    )
    click.echo(f"{report.runs} run(s) advanced.")
