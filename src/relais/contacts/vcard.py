"""vCard 4.0 export (RFC 6350): one card per contact, for phones and address books.

A small writer rather than vobject's serializer, which targets vCard 3.0: here every value is
escaped as RFC 6350 §3.4 says (backslash, comma, semicolon, newline), lines end in CRLF and are
folded at 75 octets without splitting a UTF-8 sequence (§3.2). Cards are built from
``contact_record`` so they say what the JSONL export says; docs/export.md has the mapping.

Social handles use SOCIALPROFILE from RFC 9554; readers that do not know it ignore it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from relais.contacts.selectors import contact_record

if TYPE_CHECKING:
    from relais.contacts.models import Contact

__all__ = ["contact_uid", "escape", "fold", "vcard_from_record", "write_vcards"]

# UIDs are name-based UUIDs (RFC 9562 v5) of the contact id in this namespace, so exporting
# twice gives the same UID and an address book updates the card instead of duplicating it.
UID_NAMESPACE = uuid.UUID("5b0f3f5e-6a57-4c1e-9d2a-7e1c0a6f4d21")
PRODID = "-//Relais//Relais contact export//EN"
MAX_OCTETS = 75
# Control characters other than tab and newline are not allowed in a value (§3.3).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Contact point labels that map onto a TYPE value of RFC 6350; other labels are not exported.
_TEL_TYPES = {
    "mobile": "cell",
    "cell": "cell",
    "work": "work",
    "home": "home",
    "fax": "fax",
    "pager": "pager",
    "voice": "voice",
    "text": "text",
    "video": "video",
}
_EMAIL_TYPES = {"work": "work", "home": "home"}


def contact_uid(contact_id: int) -> str:
    """The stable UID of a contact's card: ``urn:uuid:`` and a UUID derived from its id."""
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'contact/{contact_id}')}"


def escape(value: str) -> str:
    """Escape a value for a content line: ``\\``, ``,``, ``;`` and newlines (RFC 6350 §3.4)."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into CRLF-separated parts of at most 75 octets (§3.2).

    Each continuation starts with one space, which counts in its 75 octets; a character is
    never cut in the middle of its UTF-8 encoding.
    """
    parts: list[str] = []
    current: list[str] = []
    size, budget = 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > budget:
            parts.append("".join(current))
            current, size, budget = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _line(name: str, value: str, **params: str) -> str:
    head = name + "".join(f";{key.replace('_', '-')}={v}" for key, v in params.items())
    return fold(f"{head}:{value}") + "\r\n"


def _type_params(label: str, types: Mapping[str, str], primary: bool) -> dict[str, str]:
    params: dict[str, str] = {}
    if label in types:
        params["TYPE"] = types[label]
    if primary:
        params["PREF"] = "1"
    return params


def _rev(updated_at: str) -> str:
    return (
        dt.datetime.fromisoformat(updated_at)
        .astimezone(dt.UTC)
        .strftime("%Y%m%dT%H%M%SZ")
    )


def _social_profile(kind: str, value: str) -> str | None:
    if kind == "twitter":
        return f"https://x.com/{value.lstrip('@')}"
    if kind == "mastodon":
        user, _, host = value.lstrip("@").partition("@")
        return f"https://{host}/@{user}" if host else None
    return None


def vcard_from_record(record: Mapping[str, Any]) -> str:
    """One vCard 4.0 for a ``contact_record``, with CRLF line endings."""
    fn = (
        record["display_name"]
        or record["organization"]
        or next(iter(record["emails"]), "")
    )
    lines = [
        "BEGIN:VCARD\r\n",
        "VERSION:4.0\r\n",
        _line("PRODID", escape(PRODID)),
        _line("UID", contact_uid(record["id"])),
        _line("FN", escape(fn)),
        _line("N", f"{escape(record['last_name'])};{escape(record['first_name'])};;;"),
    ]
    if record["organization"]:
        lines.append(_line("ORG", escape(record["organization"])))
    if record["title"]:
        lines.append(_line("TITLE", escape(record["title"])))
    for point in record["points"]:
        kind, value, label = point["kind"], point["normalized"], point["label"]
        if kind == "email":
            params = _type_params(label, _EMAIL_TYPES, point["primary"])
            lines.append(_line("EMAIL", escape(value), **params))
        elif kind == "phone":
            params = _type_params(label, _TEL_TYPES, point["primary"])
            lines.append(_line("TEL", escape(f"tel:{value}"), VALUE="uri", **params))
        elif kind in ("url", "linkedin", "facebook"):
            lines.append(_line("URL", escape(value)))
        elif profile := _social_profile(kind, value):
            lines.append(_line("SOCIALPROFILE", escape(profile), SERVICE_TYPE=kind))
    if record["city"] or record["country"]:
        address = f";;;{escape(record['city'])};;;{escape(record['country'])}"
        lines.append(_line("ADR", address))
    if record["language"]:
        lines.append(_line("LANG", escape(record["language"])))
    if record["tags"]:
        lines.append(_line("CATEGORIES", ",".join(escape(t) for t in record["tags"])))
    lines.append(_line("REV", _rev(record["updated_at"])))
    lines.append("END:VCARD\r\n")
    return "".join(lines)


def write_vcards(out: TextIO, contacts: Iterable[Contact]) -> int:
    """Write one card per contact to ``out`` (opened with ``newline=""``); returns the count."""
    count = 0
    for contact in contacts:
        out.write(vcard_from_record(contact_record(contact)))
        count += 1
    return count
