"""The ``relais`` command line: serve, demo, users, tokens, contacts, export.

Thin on purpose (docs/architecture.md): each command parses its options, calls a service or a
selector, and prints. Django is set up here, before the command modules import any model;
the command tree itself is in ``relais.cli.commands``. Every command is documented in
docs/cli.md (tests/unit/test_docs.py checks it).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``relais`` console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except (
        ImproperlyConfigured,
        ValueError,
    ) as exc:  # e.g. a malformed RELAIS_DATABASE_URL
        sys.stderr.write(f"Error: configuration: {' '.join(str(exc).split())}\n")
        sys.exit(1)

    from .commands import cli

    cli.main(args=argv, prog_name="relais")
