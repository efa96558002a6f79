"""``relais sources`` and ``relais mentions``: listening from the command line (docs/listening.md)."""

from __future__ import annotations

import sys

import click

from relais.listening import selectors
from relais.listening.services.poll import poll_all
from relais.listening.services.sources import KINDS, add_source

from .base import RelaisGroup
from .output import cells, console, format_option, print_jsonl, table


@click.group(cls=RelaisGroup)
def sources() -> None:
    """Where mentions come from: feeds, Mastodon, Discourse, Bluesky, the webhook."""


def _config(options: tuple[str, ...]) -> dict[str, object]:
    config: dict[str, object] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(
                f"{option!r}: give key=value", param_hint="--option"
            )
        config[key.strip()] = True if value == "true" else value
    return config


@sources.command("add")
@click.argument("url")
@click.option(
    "--kind", type=click.Choice(KINDS), help="Recognised from the content when omitted."
)
@click.option("--name", default="", help="Defaults to the feed's title or the host.")
@click.option(
    "--interval",
    type=click.IntRange(1),
    help="Minutes between polls (default RELAIS_POLL_MINUTES).",
)
@click.option(
    "--option",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    help="Connector settings, e.g. tag=relais, account=relais, query=relais, mentions=true, handle=…",
)
@click.option(
    "--app-password-stdin",
    is_flag=True,
    help="Bluesky: read the app password from stdin.",
)
def add(
    url: str,
    kind: str | None,
    name: str,
    interval: int | None,
    options: tuple[str, ...],
    app_password_stdin: bool,
) -> None:
    """Add a source to poll (the kind is recognised from the content when not given)."""
    config = _config(options)
    if app_password_stdin:
        config["app_password"] = sys.stdin.readline().strip()
    source = add_source(
        actor=None,
        url=url,
        kind=kind or "",
        name=name,
        config=config,
        interval_minutes=interval,
    )
    click.echo(f"Added source {source.name!r} ({source.kind}).")


@sources.command("list")
@format_option
def list_(fmt: str) -> None:
    """Every source with its health, last success and last error."""
    rows = [
        {
            "name": s.name,
            "kind": s.kind,
            "url": s.url,
            "health": s.health,
            "mentions": getattr(s, "mention_count", 0),
            "last_success_at": s.last_success_at.isoformat()
            if s.last_success_at
            else None,
            "last_error": s.last_error,
        }
        for s in selectors.list_sources()
    ]
    if fmt == "jsonl":
        print_jsonl(rows)
        return
    grid = table("Name", "Kind", "Health", "Mentions", "Last success", "Last error")
    for r in rows:
        grid.add_row(
            *cells(
                r["name"],
                r["kind"],
                r["health"],
                r["mentions"],
                r["last_success_at"] or "",
                r["last_error"],
            )
        )
    console().print(grid)


@sources.command("poll")
@click.option(
    "--concurrency", default=16, type=click.IntRange(1, 64), show_default=True
)
def poll(concurrency: int) -> None:
    """Poll every enabled source once, then exit (errors are recorded per source)."""
    report = poll_all(concurrency)
    click.echo(
        f"Polled {report.sources} sources: {report.new} new mentions, "
        f"{report.updated} updated, {report.failed} failed."
    )
    for name, error in report.errors.items():
        click.echo(f"  {name}: {' '.join(error.split())}", err=True)


@click.group(cls=RelaisGroup)
def mentions() -> None:
    """The mentions inbox: list (and classify texts)."""


@mentions.command("list")
@click.option(
    "--label",
    default="",
    help="complaint, question, praise, purchase_intent, spam, other",
)
@click.option("--source", default="", help="A source's name.")
@click.option("--lang", default="", help="fr, en…")
@click.option(
    "--status", type=click.Choice(["", "new", "seen", "handled", "ignored"]), default=""
)
@format_option
def list_mentions(label: str, source: str, lang: str, status: str, fmt: str) -> None:
    """Mentions, newest first; --format jsonl gives one mention a line."""
    found = selectors.list_mentions(
        label=label, source=source, lang=lang, status=status
    )
    if fmt == "jsonl":
        print_jsonl(
            selectors.mention_record(m)
            for m in found.prefetch_related("versions").iterator(chunk_size=500)
        )
        return
    grid = table("ID", "Source", "Label", "Author", "Text")
    for m in found[:200]:
        grid.add_row(
            *cells(
                m.pk,
                m.source.name,
                m.label,
                m.author_name or m.author_handle,
                (m.title or m.text)[:80],
            )
        )
    console().print(grid)


__all__ = ["mentions", "sources"]


def _add_classifier_commands() -> None:
    """`relais mentions classify` and `retrain` live in their own module (no database)."""
    from .mentions_classify import COMMANDS as CLASSIFIER_COMMANDS

    for command in CLASSIFIER_COMMANDS:
        mentions.add_command(command)


_add_classifier_commands()
