"""The only exceptions a reader lets out; each message names the file and says what to do."""

from __future__ import annotations

from relais.core.errors import RelaisError


class UnrecognisedFile(RelaisError):
    """The content is not one of the formats Relais imports."""

    def __init__(self, name: str, recognised: str) -> None:
        super().__init__(f"{name}: not a contact file (recognised: {recognised})")
        self.name = name
        self.recognised = recognised


class ReadError(RelaisError):
    """A file of a known format that cannot be read past some point."""

    def __init__(self, name: str, reason: str, line: int | None = None) -> None:
        where = f"{name}, line {line}" if line else name
        super().__init__(f"{where}: {reason}")
        self.name = name
        self.line = line
        self.reason = reason


class MappingError(RelaisError):
    """A column mapping override that names an unknown field or column."""
