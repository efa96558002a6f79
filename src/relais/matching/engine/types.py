"""The contract between the matching engine and the rest of Relais.

The engine (normalisation, blocking, Splink scoring) reads ``MatchRecord`` values and answers
with ``ScoredPair`` values; the review queue, merges, the CLI and the "this looks like…" hints
only ever see these types, so the scoring backend can change (DuckDB, Spark) without them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

Outcome = Literal["agree", "close", "disagree", "missing"]


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """What the engine knows of one contact; values are already normalised where stated."""

    id: int
    first_name: str = ""
    last_name: str = ""
    organisation: str = ""
    title: str = ""
    city: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    emails: tuple[str, ...] = ()  # normalised (lower-case) addresses
    phones: tuple[str, ...] = ()  # E.164
    mobiles: tuple[
        str, ...
    ] = ()  # the subset of ``phones`` labelled or known as mobile
    linkedin: str = ""  # canonical profile URL
    # Optional facts some sources carry (a CRM export, a registry); empty when unknown.
    birth_date: str = ""  # ISO 8601 date, e.g. 1971-06-24
    postcode: str = ""
    address: str = ""  # street address, one line


# Not ``frozen`` (its ``params`` dict made it unhashable anyway): a frozen dataclass sets each
# field through ``object.__setattr__``, and a million-contact batch builds millions of these.
@dataclass(slots=True)
class Evidence:
    """One field's contribution to a pair's score, in plain words.

    ``detail`` is an English sentence marked with ``gettext_noop`` whose ``%(name)s``
    placeholders are filled from ``params``; the UI translates it when it shows it.
    ``weight`` is the log2 Bayes factor the field contributed (positive: for a match).
    """

    field: (
        str  # first_name, last_name, email, phone, organisation, city, title, linkedin
    )
    outcome: Outcome
    weight: float
    detail: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two contacts that may be one person. ``left_id < right_id``."""

    left_id: int
    right_id: int
    probability: float  # 0..1
    decided_by: Literal["identifier", "model"]
    evidence: tuple[Evidence, ...] = ()
