"""The field that ties a row to the import that created it, shared by every importable model.

It lives in core so that contacts and timeline models can carry it without importing ingest;
the foreign key names ``ingest.ImportBatch`` by its Django label, not by an import.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def created_by_batch_field() -> models.ForeignKey[Any, Any]:
    """The import that created this row, so that undoing the import removes exactly it."""
    return models.ForeignKey(
        "ingest.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
