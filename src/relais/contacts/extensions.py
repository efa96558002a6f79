"""Hooks through which an upper area adds to what contacts offer, without contacts importing it.

Areas above contacts (insight's communication profiles, for one) register here, from their
``AppConfig.ready``:

- a **record field**: one more key of the export record (``selectors.contact_record``, the
  JSONL contract: fields are only ever added), read from a row the upper area keeps per
  contact, fetched with ``select_related`` so an export stays at a fixed number of queries;
- a **segment field**: one more criterion of segment definitions, whose values are chosen
  from a fixed list, and the ``Q`` that evaluates it.

Registering twice under one name replaces the first registration (reloads in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Q

    from .models import Contact


@dataclass(frozen=True)
class RecordField:
    name: str
    value: Callable[[Contact], Any]
    select_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class SegmentField:
    name: str
    ops: tuple[str, ...]  # each op takes a list of values from ``allowed``
    allowed: tuple[str, ...]
    condition: Callable[[str, tuple[str, ...]], Q]


RECORD_FIELDS: dict[str, RecordField] = {}
SEGMENT_FIELDS: dict[str, SegmentField] = {}


def add_record_field(field: RecordField) -> None:
    RECORD_FIELDS[field.name] = field


def add_segment_field(field: SegmentField) -> None:
    SEGMENT_FIELDS[field.name] = field
