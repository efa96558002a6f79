"""Raw messages from files: an mbox file, a Maildir folder, an .eml file.

``local_messages`` reads any of the three with the standard library's ``mailbox`` (outreach reads
bounces through it); ``mbox_messages`` streams an mbox without loading it whole, unescaping
'>From ' lines (mboxrd and mboxo), for the import's large archives.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import ReadError

_FROM_LINE = re.compile(rb"^From \S*\s.*\d")
_QUOTED_FROM = re.compile(rb"^>+From ")


def mbox_messages(lines: Iterable[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """(message, its 'From ' line) for each message of an mbox, read line by line."""
    message: list[bytes] | None = None
    from_line = b""
    previous_blank = True
    for line in lines:
        if line.startswith(b"From ") and previous_blank and _FROM_LINE.match(line):
            if message is not None:
                yield b"".join(message), from_line
            message, from_line = [], line
        elif message is not None:
            message.append(line[1:] if _QUOTED_FROM.match(line) else line)
        previous_blank = not line.strip()
    if message is not None:
        yield b"".join(message), from_line


def local_messages(path: Path) -> Iterator[bytes]:
    """The raw messages of an mbox file, a Maildir folder or an .eml file."""
    if not path.exists():
        raise ReadError(str(path), "no such file or folder")
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise ReadError(
                str(path), "a folder that is not a Maildir (no cur/ or new/)"
            )
        box: mailbox.Mailbox = mailbox.Maildir(path, factory=None, create=False)
    elif path.suffix.lower() == ".eml":
        yield path.read_bytes()
        return
    else:
        head = path.open("rb").read(5)
        if head != b"From ":
            raise ReadError(
                str(path), "not an mbox file (it should start with 'From ')"
            )
        box = mailbox.mbox(path, factory=None, create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()
