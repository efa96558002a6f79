"""Text files of unknown encoding and line endings, read as streams.

Encodings are decided as the import spec says: UTF-8 (with or without BOM) if the *whole* file
decodes strictly, else Windows-1252, else Latin-1 (which decodes anything). A BOM or a pattern
of NUL bytes means UTF-16, as Excel's "Unicode text" and some Outlook exports write. The whole
file is scanned in chunks, so a stray byte at row 900,000 is not a crash at row 900,000.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import IO

from .sources import FileSource

_CHUNK = 1024 * 1024


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decodes(source: FileSource, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with source.open() as stream:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return _utf16_without_bom(head)


def guess_encoding(head: bytes) -> str:
    """Encoding of a sample, for detection: the same order as ``sniff_encoding``."""
    found = bom_encoding(head)
    if found:
        return found
    for encoding in ("utf-8", "cp1252"):
        try:
            codecs.getincrementaldecoder(encoding)(errors="strict").decode(head)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def sniff_encoding(source: FileSource, head: bytes) -> str:
    """Encoding of the whole file: BOM, else strict UTF-8, else Windows-1252, else Latin-1."""
    found = bom_encoding(head)
    if found and found != "utf-8-sig":
        return found
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes(source, encoding):
            return encoding
    return "latin-1"


def decode_head(head: bytes, encoding: str) -> str:
    """A sample decoded, a character cut at its end forgiven."""
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)


def open_text(source: FileSource, encoding: str) -> IO[str]:
    """The file as text, newlines untranslated (what the csv module wants)."""
    return io.TextIOWrapper(
        source.open(), encoding=encoding, errors="replace", newline=""
    )


def decode_value(data: bytes, charset: str = "") -> str:
    """Bytes of one value: its declared charset if known and fitting, else UTF-8, else cp1252."""
    for encoding in (charset, "utf-8", "cp1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def iter_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of a binary stream without their ending, whether CRLF, LF or a lone CR."""
    rest = b""
    while chunk := stream.read(_CHUNK):
        data = rest + chunk
        # A CR at the very end may be the first half of a CRLF: keep it for the next round.
        cut = len(data) - 1 if data.endswith(b"\r") else len(data)
        lines = data[:cut].replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        rest = lines.pop() + data[cut:]
        yield from lines
    rest = rest.removesuffix(b"\r")
    if rest:
        yield from rest.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
