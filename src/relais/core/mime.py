"""A guard for MIME messages nested deeper than anyone writes them.

Python's ``email`` package parses and walks multiparts recursively: a 65 KB message of 1,000
nested ``multipart/mixed`` parts raises ``RecursionError``, which took a whole mbox import (or
a bounce-mailbox poll) down with it. Every reader of mail asks ``too_nested`` first and skips
such a message with the reason; the rest of the batch goes on.

The count is of ``boundary=`` parameters in the raw bytes: each multipart declares one, so the
depth is at most that count. Real mail (a forwarded thread with attachments) has a handful.
"""

from __future__ import annotations

import re

MAX_MULTIPARTS = 100
_BOUNDARY = re.compile(rb"boundary\s*=", re.IGNORECASE)


def too_nested(data: bytes) -> str:
    """The reason to skip ``data`` ("" when it may be parsed)."""
    count = len(_BOUNDARY.findall(data))
    if count > MAX_MULTIPARTS:
        return (
            f"a message with more than {MAX_MULTIPARTS} nested parts ({count}): skipped"
        )
    return ""
