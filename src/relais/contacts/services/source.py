"""Where a write comes from, and the provenance row it leaves.

One rule for every writer, the import included (``relais.ingest.writer`` builds its rows with
``provenance_values``): **one row per source record**, holding the contact fields it supplied
(sorted, once each) and the ids of the points it supplied (in the record's order, once each).
The kinds of those points ("email", "phone"…) are not stored in ``fields``: readers add them
from the points that still exist (``contacts.selectors.supplied_fields``), so that a deleted
point stops being claimed by its source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

from relais.contacts.models import Contact, ContactPoint, Provenance

if TYPE_CHECKING:
    from relais.accounts.models import User


@dataclass(frozen=True)
class Source:
    """The source record behind a write: a row of a file, a vCard, a web form, a CLI call."""

    kind: str
    name: str
    record: int | None = None
    # The import batch behind the record (an ingest.ImportBatch): typed as any model because
    # contacts sits below ingest and cannot import it; only its key is stored.
    batch: models.Model | None = None

    @classmethod
    def manual(cls, via: str = "web") -> Source:
        names = {"web": "web form", "api": "API", "cli": "command line"}
        kinds = {
            "web": Provenance.SourceKind.MANUAL,
            "api": Provenance.SourceKind.API,
            "cli": Provenance.SourceKind.CLI,
        }
        return cls(kind=kinds[via], name=names[via])


def provenance_values(
    fields: Iterable[str], point_ids: Iterable[int]
) -> tuple[list[str], list[int]]:
    """What one source record's provenance row stores: (fields, point ids)."""
    return sorted(set(fields)), list(dict.fromkeys(point_ids))


def add_provenance(
    *,
    source: Source,
    contact: Contact,
    actor: User | None,
    fields: Iterable[str] = (),
    points: Iterable[ContactPoint] = (),
) -> Provenance:
    """The provenance row of one source record: the fields and points it supplied."""
    stored_fields, point_ids = provenance_values(fields, (p.pk for p in points))
    return Provenance.objects.create(
        contact=contact,
        source_kind=source.kind,
        source_name=source.name[:500],
        record_number=source.record,
        batch_id=source.batch.pk if source.batch is not None else None,
        fields=stored_fields,
        points=point_ids,
        recorded_by=actor,
    )
