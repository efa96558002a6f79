"""The part of a mail body its sender wrote: quoted replies and forwarded history cut off.

A reply quotes what came before under an attribution line, in many spellings: "> " lines,
"Le lun. 3 juin 2024 à 10:12, Jean <jean@x.fr> a écrit :" (often wrapped over two lines),
"On Mon, Jun 3, 2024 at 10:12 AM Jean <jean@x.fr> wrote:", "-----Original Message-----",
"-----Message d'origine-----", and Outlook's header block "De : … Envoyé : … À : … Objet : …".
Everything from the first of these on is history, not the sender's words or signature.
"""

from __future__ import annotations

import re

_ATTRIBUTION = [
    re.compile(r"^\s*le\b.{0,250}\ba\s+[ée]crit\s*:?\s*$", re.I),
    re.compile(r"^\s*on\b.{0,250}\bwrote\s*:?\s*$", re.I),
    re.compile(r"^\s*.{0,120}\b(a écrit|wrote)\s*:\s*$", re.I),
]
_SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(original message|message d'origine|forwarded message|message transf[ée]r[ée]|"
    r"mail original|début du message réexpédié)\s*:?\s*-*\s*$|^\s*begin forwarded message\s*:",
    re.I,
)
_OUTLOOK_RULE = re.compile(r"^\s*_{8,}\s*$")
_HEADER_FROM = re.compile(r"^\s*\**(de|from)\s*:\**\s*\S", re.I)
_HEADER_NEXT = re.compile(
    r"^\s*\**(envoy[ée]|sent|date|[àa]|to|objet|subject|cc)\s*:\**\s*", re.I
)
# Lines mobile clients append, which would otherwise pass for a signature.
_DEVICE = re.compile(
    r"^\s*(envoy[ée] (de|depuis) (mon|ma|un|une) .{1,40}|sent from my .{1,40}|"
    r"get outlook for \w+|télécharger outlook pour \w+)\s*$",
    re.I,
)


def _is_header_block(lines: list[str], index: int) -> bool:
    following = [line for line in lines[index + 1 : index + 5] if line.strip()]
    return sum(1 for line in following if _HEADER_NEXT.match(line)) >= 2


def history_start(lines: list[str]) -> int:
    """Index of the first line of quoted history, or len(lines) if there is none."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.lstrip().startswith(">"):
            # A block of quotes ends the sender's text unless the sender replies inline,
            # in which case their words follow; the signature is then after the quotes.
            rest = [
                x for x in lines[index:] if x.strip() and not x.lstrip().startswith(">")
            ]
            if not rest:
                return index
            continue
        if _SEPARATOR.match(line) or _OUTLOOK_RULE.match(line):
            return index
        if any(p.match(line) for p in _ATTRIBUTION):
            return index
        if index + 1 < len(lines) and re.match(r"^\s*(le|on)\b", line, re.I):
            joined = f"{line.rstrip()} {lines[index + 1].strip()}"
            if any(p.match(joined) for p in _ATTRIBUTION[:2]):
                return index
        if _HEADER_FROM.match(line) and _is_header_block(lines, index):
            return index
    return len(lines)


def own_text(body: str) -> str:
    """What the sender wrote: history cut, inline quotes and device lines dropped."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = [
        line
        for line in lines[: history_start(lines)]
        if not line.lstrip().startswith(">") and not _DEVICE.match(line)
    ]
    return "\n".join(kept).strip()
