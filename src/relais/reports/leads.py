"""The "lead day" report: who brought which contacts into Relais over a period, from where.

Its purpose is to get contacts out of personal silos (a phone, a spreadsheet, a LinkedIn
account) and into the team's base: a leaderboard of the people who added contacts, and the
sources they came from. A contact counts for whoever created it: the user of the import that
created it (``Contact.created_by_batch``), else the user who recorded its first provenance (a
web form, an API call, a CLI command). Its source is that first provenance: web form, API,
command line, an import file (by name, with its format), or a mailbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db.models import BigIntegerField, Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from relais.accounts.models import User
from relais.contacts.models import Contact, Provenance
from relais.core.errors import InvalidInput

# What people call each kind of source (kept as keys; the templates and the CLI translate).
WEB, API, CLI, IMPORT, MAIL, OTHER = "web", "api", "cli", "import", "mail", "other"
_KINDS = {
    Provenance.SourceKind.MANUAL: WEB,
    Provenance.SourceKind.API: API,
    Provenance.SourceKind.CLI: CLI,
    Provenance.SourceKind.IMPORT: IMPORT,
    Provenance.SourceKind.CARD: IMPORT,  # a business card photo, imported or confirmed
}
_MAIL_SUFFIXES = {".mbox", ".mbx", ".eml", ".mbs"}
_FORMATS = {
    ".csv": "CSV",
    ".tsv": "CSV",
    ".txt": "text",
    ".xlsx": "XLSX",
    ".xls": "XLS",
    ".vcf": "vCard",
    ".vcard": "vCard",
    ".zip": "ZIP",
    ".mbox": "mbox",
    ".mbx": "mbox",
    ".eml": "EML",
}
MAX_DAYS = 3660


def source_type(kind: str, name: str) -> str:
    """web, api, cli, import, mail or other, for a first provenance ``(kind, name)``."""
    mapped = _KINDS.get(kind, OTHER)  # type: ignore[call-overload]
    if mapped != IMPORT:
        return str(mapped)
    lowered = name.lower()
    if (
        PurePosixPath(lowered).suffix in _MAIL_SUFFIXES
        or lowered.startswith(("imap://", "imaps://"))
        or "uidvalidity=" in lowered
        or "maildir" in lowered
    ):
        return MAIL
    return IMPORT


def file_format(name: str) -> str:
    """'CSV', 'vCard', 'mbox'… from the file name of an import ('' when unknown)."""
    return _FORMATS.get(PurePosixPath(name.lower()).suffix, "")


@dataclass
class Source:
    type: str
    name: str  # the file or mailbox name for imports; empty for web, API and CLI
    format: str
    contacts: int


@dataclass
class Leader:
    user: (
        User | None
    )  # None: contacts created by the system (demo data, unknown origin)
    total: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)


@dataclass
class LeadReport:
    since: dt.date
    until: dt.date
    leaders: list[Leader]  # most contacts first; active users who added none at the end
    sources: list[Source]  # every source, most contacts first

    @property
    def total(self) -> int:
        return sum(leader.total for leader in self.leaders)


def check_period(
    since: dt.date | None, until: dt.date | None
) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    until = until or today
    since = since or until - dt.timedelta(days=6)
    if since > until:
        raise InvalidInput({"since": "The start of the period comes after its end."})
    if (until - since).days > MAX_DAYS:
        raise InvalidInput({"since": "Choose a period of at most ten years."})
    return since, until


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def lead_report(
    *, since: dt.date | None = None, until: dt.date | None = None
) -> LeadReport:
    """Contacts created between ``since`` and ``until`` (days included, local time), by
    creator and source; defaults to the last seven days."""
    since, until = check_period(since, until)
    first = Provenance.objects.filter(contact=OuterRef("pk")).order_by(
        "recorded_at", "id"
    )
    rows = (
        Contact.objects.filter(
            created_at__gte=_start(since),
            created_at__lt=_start(until + dt.timedelta(days=1)),
        )
        .annotate(
            src_kind=Subquery(first.values("source_kind")[:1]),
            src_name=Subquery(first.values("source_name")[:1]),
            creator=Coalesce(
                F("created_by_batch__created_by"),
                Subquery(first.values("recorded_by")[:1]),
                output_field=BigIntegerField(),
            ),
        )
        .order_by()
        .values("creator", "src_kind", "src_name")
        .annotate(n=Count("id"))
    )
    per_user: dict[int | None, Leader] = {}
    overall: dict[tuple[str, str], Source] = {}
    users = {u.pk: u for u in User.objects.all()}
    for row in rows:
        kind, name = row["src_kind"] or "", row["src_name"] or ""
        stype = source_type(kind, name)
        shown = name if stype in (IMPORT, MAIL) else ""
        creator = row["creator"]
        leader = per_user.setdefault(
            creator, Leader(users.get(creator) if creator else None)
        )
        leader.total += row["n"]
        leader.by_type[stype] = leader.by_type.get(stype, 0) + row["n"]
        _add(leader.sources, stype, shown, row["n"])
        key = (stype, shown)
        if key not in overall:
            overall[key] = Source(stype, shown, file_format(shown), 0)
        overall[key].contacts += row["n"]
    for user in users.values():
        if user.is_active and user.pk not in per_user:
            per_user[user.pk] = Leader(user)
    leaders = sorted(
        per_user.values(),
        key=lambda lead: (-lead.total, lead.user is None, str(lead.user or "")),
    )
    for leader in leaders:
        leader.sources.sort(key=lambda s: (-s.contacts, s.type, s.name))
    return LeadReport(
        since,
        until,
        leaders,
        sorted(overall.values(), key=lambda s: (-s.contacts, s.type, s.name)),
    )


def _add(sources: list[Source], stype: str, name: str, n: int) -> None:
    for source in sources:
        if (source.type, source.name) == (stype, name):
            source.contacts += n
            return
    sources.append(Source(stype, name, file_format(name), n))
