"""Where a write comes from, and the provenance rows it leaves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relais.contacts.models import Contact, ContactPoint, Provenance

if TYPE_CHECKING:
    from relais.accounts.models import User
    from relais.ingest.models import ImportBatch


@dataclass(frozen=True)
class Source:
    """The source record behind a write: a row of a file, a vCard, a web form, a CLI call."""

    kind: str
    name: str
    record: int | None = None
    batch: ImportBatch | None = None

    @classmethod
    def manual(cls, via: str = "web") -> Source:
        names = {"web": "web form", "api": "API", "cli": "command line"}
        kinds = {
            "web": Provenance.SourceKind.MANUAL,
            "api": Provenance.SourceKind.API,
            "cli": Provenance.SourceKind.CLI,
        }
        return cls(kind=kinds[via], name=names[via])


def add_provenance(
    *,
    source: Source,
    contact: Contact,
    actor: User | None,
    fields: Iterable[str] = (),
    point: ContactPoint | None = None,
) -> Provenance:
    return Provenance.objects.create(
        contact=contact,
        contact_point=point,
        source_kind=source.kind,
        source_name=source.name[:500],
        record_number=source.record,
        batch=source.batch,
        fields=sorted(set(fields)),
        recorded_by=actor,
    )
