"""The error of mail reading: a mailbox or message that cannot be read past some point.

The import's readers raise the same class (``relais.ingest.readers.errors`` re-exports it), so
one ``except ReadError`` covers a file and a mailbox alike.
"""

from __future__ import annotations

from relais.core.errors import RelaisError


class ReadError(RelaisError):
    """A file of a known format that cannot be read past some point."""

    def __init__(self, name: str, reason: str, line: int | None = None) -> None:
        where = f"{name}, line {line}" if line else name
        super().__init__(f"{where}: {reason}")
        self.name = name
        self.line = line
        self.reason = reason
