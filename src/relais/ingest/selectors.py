"""Reads on imports: the batches, newest first, with what each did; previews of uploads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from django.db.models import QuerySet

from relais.core.errors import NotFound

from .models import ImportBatch
from .readers import (
    MappingError,
    ReadError,
    SourcePreview,
    UnrecognisedFile,
    inspect_path,
)


def list_batches(limit: int = 50) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("created_by").order_by(
        "-started_at", "-id"
    )[:limit]


def get_batch(batch_id: int) -> ImportBatch:
    try:
        return ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    except ImportBatch.DoesNotExist:
        raise NotFound(f"No import batch with id {batch_id}.") from None


def preview_sources(
    paths: Sequence[Path],
    overrides: Mapping[str, str] | None = None,
    sample: int = 5,
) -> list[SourcePreview]:
    """What importing ``paths`` would read, source by source; never raises for bad files.

    A file that cannot be read is a preview without format whose description is the reason.
    ``overrides`` are applied to the tables that have the column (a table alone would
    otherwise refuse a column it lacks).
    """
    previews: list[SourcePreview] = []
    for path in paths:
        try:
            found = list(inspect_path(path, sample=sample))
            columns = {c.column for p in found if p.mapping for c in p.mapping.columns}
            own = {k: v for k, v in (overrides or {}).items() if k in columns}
            if own:
                found = list(inspect_path(path, sample=sample, mapping_overrides=own))
        except UnrecognisedFile as exc:
            found = [SourcePreview(path.name, "", exc.recognised)]
        except (ReadError, MappingError) as exc:
            found = [SourcePreview(path.name, "", exc.message)]
        previews.extend(found)
    return previews
