"""What the contact page shows, in words: provenance sentences, grouped contact points.

These are presentation rules (wording, grouping, links), not use cases: the data comes from
the contacts and timeline selectors; this module only decides how a person reads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.contacts.models import Contact, ContactPoint, Provenance
from relais.contacts.normalize import format_phone
from relais.contacts.selectors import point_kinds, supplied

if TYPE_CHECKING:
    from relais.accounts.models import User

Kind = ContactPoint.Kind
KIND_ORDER = [
    Kind.EMAIL,
    Kind.PHONE,
    Kind.LINKEDIN,
    Kind.URL,
    Kind.TWITTER,
    Kind.MASTODON,
    Kind.FACEBOOK,
    Kind.OTHER,
]
POINT_LABELS = {
    "work": gettext_lazy("work"),
    "home": gettext_lazy("home"),
    "mobile": gettext_lazy("mobile"),
    "fax": gettext_lazy("fax"),
    "former": gettext_lazy("former"),
    "other": gettext_lazy("other"),
}
# Provenance.source_name of manual entries, as Source.manual writes them.
MANUAL_CHANNELS = {
    "web form": gettext_lazy("web form"),
    "API": gettext_lazy("API"),
    "command line": gettext_lazy("command line"),
}


def person(user: User | None) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


def field_label(name: str) -> str:
    if name in Kind.values:
        return str(Kind(name).label).lower()
    try:
        field = Contact._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def describe(p: Provenance) -> str:
    """One source record in words: 'From Connections.csv, record 12 · import of 2026-11-02'."""
    who = person(p.recorded_by)
    match p.source_kind:
        case Provenance.SourceKind.IMPORT | Provenance.SourceKind.CARD:
            text = (
                _("From %(file)s, record %(record)s")
                % {"file": p.source_name, "record": p.record_number}
                if p.record_number
                else _("From %(file)s") % {"file": p.source_name}
            )
            if p.batch is not None:
                day = timezone.localtime(p.batch.started_at).date().isoformat()
                text += " · " + _("import of %(date)s") % {"date": day}
            return text
        case (
            Provenance.SourceKind.MANUAL
            | Provenance.SourceKind.API
            | Provenance.SourceKind.CLI
        ):
            via = str(MANUAL_CHANNELS.get(p.source_name, p.source_name))
            if who:
                return _("Entered by hand (%(via)s) by %(person)s") % {
                    "via": via,
                    "person": who,
                }
            return _("Entered by hand (%(via)s)") % {"via": via}
        case Provenance.SourceKind.DEMO:
            return _("Demo data")
        case Provenance.SourceKind.MERGE:
            return _("Kept when merging %(source)s") % {"source": p.source_name}
        case Provenance.SourceKind.SELF_UPDATE:
            return _("Updated by the contact through %(source)s") % {
                "source": p.source_name
            }
    return p.source_name


@dataclass
class ProvenanceLine:
    text: str
    at: dt.datetime
    fields: list[str] = field(default_factory=list)


def provenance_lines(contact: Contact) -> list[ProvenanceLine]:
    """One line per source record behind the contact, oldest first, with what it supplied."""
    lines: dict[tuple[object, ...], ProvenanceLine] = {}
    kinds = point_kinds(contact)
    for p in contact.provenance.all():
        key = (
            p.source_kind,
            p.source_name,
            p.record_number,
            p.batch_id,
            p.recorded_by_id,
        )
        found = supplied(p, kinds)
        if found is None:
            continue
        line = lines.setdefault(key, ProvenanceLine(text=describe(p), at=p.recorded_at))
        for name in found[0]:
            label = field_label(name)
            if label not in line.fields:
                line.fields.append(label)
    return list(lines.values())


@dataclass
class PointView:
    point: ContactPoint
    display: str
    href: str
    label: str
    sources: str


@dataclass
class PointGroup:
    kind: str
    title: str
    points: list[PointView]


def _href(p: ContactPoint) -> str:
    value = p.normalized_value
    match p.kind:
        case Kind.EMAIL:
            return f"mailto:{value}"
        case Kind.PHONE:
            return f"tel:{value}"
        case Kind.URL | Kind.LINKEDIN | Kind.FACEBOOK:
            return value
        case Kind.TWITTER:
            return f"https://x.com/{value.lstrip('@')}"
        case Kind.MASTODON:
            user, _sep, host = value.lstrip("@").partition("@")
            return f"https://{host}/@{user}" if host else ""
    return ""


def point_display(p: ContactPoint) -> str:
    """Phones in international format, emails clean (no brackets or mailto:), web addresses
    without their scheme, the rest as typed."""
    if p.kind == Kind.EMAIL:
        return p.normalized_value
    if p.kind == Kind.PHONE:
        return format_phone(p.normalized_value)
    if p.kind in (Kind.URL, Kind.LINKEDIN, Kind.FACEBOOK):
        return p.normalized_value.split("://", 1)[-1].removeprefix("www.")
    return p.value


def point_groups(contact: Contact) -> list[PointGroup]:
    """The contact's points grouped by kind (emails, then phones…), primary first in each group."""
    sources: dict[int, list[str]] = {}
    kinds = point_kinds(contact)
    for prov in contact.provenance.all():
        found = supplied(prov, kinds)
        for point_id in found[1] if found else ():
            sources.setdefault(point_id, []).append(describe(prov))
    groups: dict[str, PointGroup] = {}
    for p in contact.points.all():
        group = groups.setdefault(
            p.kind, PointGroup(kind=p.kind, title=str(Kind(p.kind).label), points=[])
        )
        group.points.append(
            PointView(
                point=p,
                display=point_display(p),
                href=_href(p),
                label=str(POINT_LABELS.get(p.label, p.label)),
                sources="\n".join(dict.fromkeys(sources.get(p.pk, []))),
            )
        )
    return [groups[k] for k in KIND_ORDER if k in groups]
