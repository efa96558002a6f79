"""The ``relais`` group: one module per command or command group."""

from __future__ import annotations

import click

from .base import RelaisGroup
from .bounces import bounces
from .campaigns import campaign, template
from .contacts import contacts
from .dedupe import dedupe
from .demo import demo
from .digest import digest
from .export import export
from .imports import import_
from .listening import mentions, sources
from .mentions_classify import COMMANDS as MENTION_CLASSIFIER_COMMANDS
from .merges import merge
from .privacy import freshness, privacy
from .profiles import profile
from .reports import report
from .segments import segments
from .serve import serve
from .tickets import tickets
from .tokens import token
from .users import user
from .worker import worker


@click.group(cls=RelaisGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="relais", prog_name="relais")
def cli() -> None:
    """Relais, the self-hosted social CRM.

    Every command applies pending database migrations first; the database lives in
    RELAIS_DATA_DIR (SQLite) or at RELAIS_DATABASE_URL (PostgreSQL).
    """


for command in MENTION_CLASSIFIER_COMMANDS:
    mentions.add_command(command)


for command in (
    serve,
    worker,
    demo,
    user,
    token,
    contacts,
    export,
    import_,
    segments,
    dedupe,
    merge,
    digest,
    report,
    privacy,
    freshness,
    template,
    campaign,
    bounces,
    sources,
    mentions,
    profile,
    tickets,
):
    cli.add_command(command)
