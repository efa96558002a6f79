"""The ``relais`` command line: serve, demo, users, tokens, contacts, export.

Thin on purpose (docs/architecture.md): each command parses its options, calls a service or a
selector, and prints. The command tree is in ``relais.cli.commands``; Django is set up there,
just before the command's module (and so any model) is imported, so ``relais --version``
starts at once. Every command is documented in docs/cli.md (tests/unit/test_docs.py checks it).
"""

from __future__ import annotations

import os


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``relais`` console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    from .commands import cli

    cli.main(args=argv, prog_name="relais")
