"""Reads on imports: the batches, newest first, with what each did."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ImportBatch


def list_batches(limit: int = 50) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("created_by").order_by(
        "-started_at", "-id"
    )[:limit]
