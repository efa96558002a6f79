"""vCard address books as iPhone, Android, Outlook and Google write them (2.1, 3.0 and 4.0).

One PersonRecord per card, numbered from 1. Names (N, FN, NICKNAME), ORG with its units, TITLE,
NOTE, every TEL / EMAIL / URL with its type as label (``TYPE=CELL`` → "mobile"; Apple's grouped
``item1.X-ABLabel:_$!<Work>!$_`` → "work"), social profiles (X-SOCIALPROFILE, RFC 9554
SOCIALPROFILE), CATEGORIES as tags and the first ADR. Photos and keys are skipped. Content-line
syntax lives in vcard_lines.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from relais.core.text import fold

from . import records, values
from .records import PersonRecord, Point, Record, Skipped
from .rows import finish_names, has_identity
from .sources import FileSource
from .textfile import iter_lines
from .vcard_lines import Property, components, logical_lines, parse_line, unescape

_IGNORED = {
    "VERSION", "PRODID", "REV", "PHOTO", "LOGO", "SOUND", "KEY", "X-ABLABEL", "CLIENTPIDMAP",
    "X-ABUID", "X-ABSHOWAS", "X-ABADR", "KIND", "SOURCE", "X-IMAGEHASH", "X-IMAGETYPE",
}  # fmt: skip
_TYPE_LABELS = (
    ("cell", "mobile"),
    ("mobile", "mobile"),
    ("iphone", "mobile"),
    ("fax", "fax"),
    ("pager", "pager"),
    ("main", "main"),
    ("work", "work"),
    ("home", "home"),
    ("other", "other"),
)
_SOCIAL = {
    "linkedin": records.LINKEDIN,
    "twitter": records.TWITTER,
    "x": records.TWITTER,
    "facebook": records.FACEBOOK,
    "mastodon": records.MASTODON,
}
_GOOGLE_GROUPS = {"mycontacts", "starred"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def read_vcards(source: FileSource) -> Iterator[Record]:
    """Every card of a vCard file, streamed; a card missing its END still counts."""
    number = 0
    card: list[Property] | None = None
    with source.open() as stream:
        for line in logical_lines(iter_lines(stream)):
            prop = parse_line(line)
            if prop is None:
                continue
            marker = prop.value.strip().upper() == "VCARD"
            if prop.name == "BEGIN" and marker:
                if card is not None:
                    number += 1
                    yield from _card(card, source.name, number)
                card = []
            elif prop.name == "END" and marker:
                if card is not None:
                    number += 1
                    yield from _card(card, source.name, number)
                card = None
            elif card is not None:
                card.append(prop)
    if card is not None:
        number += 1
        yield from _card(card, source.name, number)


def _label(prop: Property, custom: dict[str, str]) -> str:
    if prop.group and prop.group in custom:
        label = custom[prop.group]
        apple = _APPLE_LABEL.match(label)
        return apple.group(1).lower() if apple else label
    types = prop.types
    return next((label for key, label in _TYPE_LABELS if key in types), "")


def _primary(prop: Property) -> bool:
    return "pref" in prop.types or prop.param("PREF") == "1"


def _social(prop: Property) -> Point | None:
    value = unescape(prop.value).strip()
    kind = next((_SOCIAL[t] for t in prop.types if t in _SOCIAL), "")
    if not values.looks_like_url(value):
        user = prop.param("X-USER")
        value = user or value.split(":", 1)[-1]
    elif not kind or kind == records.LINKEDIN:
        kind = values.url_kind(value)
    if not value:
        return None
    return Point(kind or records.OTHER, value)


def _address(prop: Property, fields: dict[str, str]) -> None:
    parts = [*components(prop.value), "", "", "", "", "", "", ""][:7]
    _pobox, _ext, street, city, _region, code, country = parts
    for key, value in (
        ("address", street),
        ("city", city),
        ("postal_code", code),
        ("country", country),
    ):
        if value:
            fields.setdefault(key, value)


def _card(props: list[Property], name: str, number: int) -> Iterator[Record]:
    record = PersonRecord(name, number)
    fields = record.fields
    custom = {
        p.group: p.value.strip() for p in props if p.name == "X-ABLABEL" and p.group
    }
    for prop in props:
        kind = prop.name
        if kind in _IGNORED or not prop.value.strip():
            continue
        text = unescape(prop.value).strip()
        if kind == "N":
            family, given, middle, prefix, *_ = [
                *components(prop.value),
                "",
                "",
                "",
                "",
            ]
            for key, value in (
                ("last_name", family),
                ("first_name", given),
                ("middle_name", middle),
                ("civility", prefix),
            ):
                if value:
                    fields.setdefault(key, value)
        elif kind == "FN":
            fields.setdefault("display_name", text)
        elif kind == "NICKNAME":
            fields.setdefault("nickname", components(prop.value, ",")[0])
        elif kind == "ORG":
            org, *units = components(prop.value)
            if org:
                fields.setdefault("organisation", org)
            if any(units):
                fields.setdefault("department", " / ".join(u for u in units if u))
        elif kind in {"TITLE", "ROLE"}:
            fields.setdefault("title", text)
        elif kind == "NOTE":
            fields["note"] = f"{fields['note']}\n{text}" if "note" in fields else text
        elif kind in {"EMAIL", "TEL", "URL"}:
            value = re.sub(r"^(tel|mailto):", "", text, flags=re.I)
            point_kind = {"EMAIL": records.EMAIL, "TEL": records.PHONE}.get(kind)
            point_kind = point_kind or values.url_kind(value)
            point = Point(point_kind, value, _label(prop, custom), _primary(prop))
            if all(
                (p.kind, p.value) != (point.kind, point.value) for p in record.points
            ):
                record.points.append(point)
        elif kind in {"X-SOCIALPROFILE", "SOCIALPROFILE", "X-TWITTER", "X-LINKEDIN"}:
            if kind in {"X-TWITTER", "X-LINKEDIN"}:
                prop.params.setdefault("TYPE", []).append(kind[2:].lower())
            social = _social(prop)
            if social and social not in record.points:
                record.points.append(social)
        elif kind == "CATEGORIES":
            record.tags += [
                t
                for t in components(prop.value, ",")
                if t and fold(t) not in _GOOGLE_GROUPS and t not in record.tags
            ]
        elif kind == "ADR":
            _address(prop, fields)
        elif kind == "BDAY":
            fields.setdefault("birthday", text)
        elif kind == "LANG":
            fields.setdefault("language", text)
        elif not prop.group or prop.group not in custom:
            record.extra.setdefault(kind, text[:1000])
    finish_names(fields, fields.get("display_name", ""))
    if has_identity(record):
        yield record
    else:
        yield Skipped(
            name, number, "", "a card with no name, email, phone or organisation"
        )
