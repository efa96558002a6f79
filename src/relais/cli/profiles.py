"""``relais profile …``: the style of a text, a contact's profile, playbooks and the
questionnaire link (docs/profiles.md)."""

from __future__ import annotations

import json
import re
import sys

import click

from relais.contacts.selectors import get_contact
from relais.insight.playbooks import CHANNELS, GOALS, playbook
from relais.insight.profiles import profile_for, style_summary
from relais.insight.services import questionnaire_url
from relais.insight.stored import refresh_all

from .base import RelaisGroup

LANG = click.Choice(["fr", "en"])


@click.group(cls=RelaisGroup)
def profile() -> None:
    """Communication profiles: style of a text, a contact's profile, playbooks."""


@profile.command("style")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang",
    type=LANG,
    default=None,
    help="Language of the text; guessed when omitted.",
)
def style(fmt: str, lang: str | None) -> None:
    """The communication style of one person's writing, read on standard input.

    Messages may be separated by a line holding only ``---`` or by a form feed."""
    texts = re.split(r"\f|^---$", sys.stdin.read(), flags=re.MULTILINE)
    record = style_summary(texts, lang)
    click.echo(json.dumps(record, ensure_ascii=False))


@profile.command("show")
@click.argument("contact_id", type=int)
@click.option(
    "--lang", type=LANG, default="en", show_default=True, help="Language of the advice."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def show(contact_id: int, lang: str, fmt: str) -> None:
    """A contact's profile: its sources strongest first, type, confidence and advice."""
    found = profile_for(get_contact(contact_id))
    if fmt == "json":
        click.echo(
            json.dumps(
                {"profile": found.as_record(), "advice": found.describe(lang)},
                ensure_ascii=False,
            )
        )
        return
    for source in found.sources:
        kind = source.position.type if source.position else "not enough text yet"
        click.echo(
            f"{source.kind:<11} {kind:<20} confidence {source.confidence:.2f}  ({source.count})"
        )
    described = found.describe(lang)
    if described is None:
        click.echo("No profile yet: no answers, no assessment, not enough text.")
        return
    click.echo(f"\n{described['archetype']}: {described['summary']}")


@profile.command("playbook")
@click.argument("contact_id", type=int)
@click.option(
    "--channel",
    type=click.Choice(CHANNELS),
    required=True,
    help="Call, email or meeting.",
)
@click.option(
    "--goal", type=click.Choice(GOALS), required=True, help="What the exchange is for."
)
@click.option(
    "--lang", type=LANG, default="en", show_default=True, help="Language of the advice."
)
def playbook_command(contact_id: int, channel: str, goal: str, lang: str) -> None:
    """What to say, do and avoid with a contact on a channel, for a goal."""
    found = profile_for(get_contact(contact_id))
    if found.position is None:
        raise click.ClickException("this contact has no profile yet.")
    for kind, lines in playbook(found.position, channel, goal, lang).items():
        for line in lines:
            click.echo(f"{kind:<6} {line['text']}  [{line['rule']}]")


@profile.command("link")
@click.argument("contact_id", type=int)
def link(contact_id: int) -> None:
    """The questionnaire link to send a contact (their self-update link's token)."""
    click.echo(questionnaire_url(get_contact(contact_id)))


@profile.command("refresh")
def refresh() -> None:
    """Store every contact's profile afresh, for exports and segments (also done nightly)."""
    stored = refresh_all()
    click.echo(f"{stored} profile(s) stored.")
