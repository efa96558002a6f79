"""The only exceptions a reader lets out; each message names the file and says what to do."""

from __future__ import annotations

from relais.core.errors import RelaisError
from relais.mail.errors import ReadError

__all__ = ["MappingError", "ReadError", "UnrecognisedFile"]


class UnrecognisedFile(RelaisError):
    """The content is not one of the formats Relais imports."""

    def __init__(self, name: str, recognised: str) -> None:
        super().__init__(f"{name}: not a contact file (recognised: {recognised})")
        self.name = name
        self.recognised = recognised


class MappingError(RelaisError):
    """A column mapping override that names an unknown field or column."""
