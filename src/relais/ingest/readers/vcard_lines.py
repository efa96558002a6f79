"""vCard content lines, read tolerantly: 2.1 (vCard 2.1 spec, 1996), 3.0 (RFC 2426), 4.0 (RFC 6350).

vobject is strict about what phones actually write (2.1 quoted-printable with soft line breaks,
bare parameters such as ``TEL;CELL;PREF:``, a charset per property), so this reader works on
bytes: it unfolds lines (a leading space or tab continues the previous line; a quoted-printable
value ending in '=' continues on the next), splits group, name and parameters, and decodes each
value with its own CHARSET, else UTF-8, else Windows-1252. Nothing here raises on bad input:
a line it cannot read is dropped.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .textfile import decode_value

_NAME = re.compile(rb"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)?$")
_QP = re.compile(rb"QUOTED-PRINTABLE", re.I)
_BINARY = {"B", "BASE64"}


@dataclass
class Property:
    """One content line: ``item1.TEL;TYPE=CELL,pref:+33 6…`` → group, name, params, value."""

    name: str
    value: str
    group: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)

    @property
    def types(self) -> set[str]:
        return {t.lower() for t in self.params.get("TYPE", [])}

    def param(self, key: str) -> str:
        found = self.params.get(key)
        return found[0] if found else ""


def _is_qp(line: bytes) -> bool:
    head = line.split(b":", 1)[0]
    return bool(_QP.search(head))


def logical_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Physical lines joined into content lines (folding and quoted-printable soft breaks)."""
    parts: list[bytes] = []
    qp = False
    for raw in lines:
        if parts:
            if qp and parts[-1].endswith(b"=") and not raw.upper().startswith(b"END:"):
                parts[-1] = parts[-1][:-1]
                parts.append(raw)  # a leading space here is text, not folding
                continue
            if raw[:1] in (b" ", b"\t"):
                parts.append(raw[1:])
                continue
            yield b"".join(parts)
            parts = []
        if raw.strip():
            parts, qp = [raw], _is_qp(raw)
    if parts:
        yield b"".join(parts)


def _split_outside_quotes(text: bytes, separator: bytes) -> list[bytes]:
    parts, current, quoted = [], bytearray(), False
    for byte in text:
        char = bytes([byte])
        if char == b'"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append(bytes(current))
            current = bytearray()
        else:
            current += char
    parts.append(bytes(current))
    return parts


def parse_line(line: bytes) -> Property | None:
    """The property of one content line, or None when the line is not one."""
    colon = -1
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            colon = index
            break
    if colon <= 0:
        return None
    head, raw_value = line[:colon], line[colon + 1 :]
    name_part, *param_parts = _split_outside_quotes(head, b";")
    name_part = name_part.strip()
    if not _NAME.match(name_part):
        return None
    group, _, name = name_part.rpartition(b".")
    params: dict[str, list[str]] = {}
    for part in param_parts:
        key, equals, val = part.decode("latin-1").partition("=")
        if not equals:  # vCard 2.1: "TEL;CELL;PREF:" means TYPE=CELL, TYPE=PREF
            key, val = "TYPE", key
        key = key.strip().upper()
        for item in val.split(","):
            item = item.strip().strip('"')
            if item:
                params.setdefault(key, []).append(item)
    encoding = {e.upper() for e in params.get("ENCODING", [])}
    if encoding & _BINARY:
        value = ""  # photos, logos, keys: never text we keep
    elif "QUOTED-PRINTABLE" in encoding:
        value = decode_value(quopri.decodestring(raw_value), _charset(params))
    else:
        value = decode_value(raw_value, _charset(params))
    return Property(name.decode("ascii").upper(), value, group.decode("ascii"), params)


def _charset(params: dict[str, list[str]]) -> str:
    found = params.get("CHARSET")
    return found[0] if found else ""


def unescape(value: str) -> str:
    r"""Text value escapes of RFC 6350 §3.4: \n, \, \; and \\."""
    return re.sub(
        r"\\(.)",
        lambda m: "\n" if m.group(1) in "nN" else m.group(1),
        value,
        flags=re.S,
    )


def components(value: str, separator: str = ";") -> list[str]:
    """A structured value split on unescaped separators, each part unescaped and trimmed."""
    parts = re.split(r"(?<!\\)" + re.escape(separator), value)
    return [unescape(p).strip() for p in parts]
