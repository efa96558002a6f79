"""What an import did, for people: counts, and every record or value left out with its reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .readers import Skipped

# Lines kept in the batch's stats (and shown): a million bad rows must not fill the database.
MAX_LINES = 1000


@dataclass
class ImportReport:
    batch_id: int | None = None
    resumed: bool = False
    dry_run: bool = False
    records_read: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    unchanged: int = 0  # already imported, or nothing new for the contact
    interactions_added: int = 0
    records_skipped: int = 0
    # Records of people erased on request (privacy suppression list), also in ``skipped``.
    suppressed: int = 0
    fields_skipped: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    # Sources that could not be read at all: "notes.txt: not a contact file (…)".
    file_errors: list[str] = field(default_factory=list)
    total_estimate: int | None = None
    # The duplicate check of the new contacts (checks.py): "" not yet, then queued (a job,
    # ``check_job``), running, done or failed; what it found once done.
    check_status: str = ""
    check_job: str = ""
    duplicates_merged: int = 0
    duplicates_to_review: int = 0

    def skip(self, item: Skipped) -> None:
        if item.field:
            self.fields_skipped += 1
        else:
            self.records_skipped += 1
        if len(self.skipped) < MAX_LINES:
            self.skipped.append(
                {
                    "file": item.source_name,
                    "record": item.record_number,
                    "field": item.field,
                    "reason": item.reason,
                }
            )

    @property
    def more_skipped(self) -> int:
        return self.records_skipped + self.fields_skipped - len(self.skipped)

    def as_stats(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_stats(cls, stats: dict[str, Any]) -> ImportReport:
        known = {k: v for k, v in stats.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def skip_line(entry: dict[str, Any]) -> str:
    """'salon.csv, record 7, email: reason' (record 0: the whole source)."""
    where = entry["file"]
    if entry["record"]:
        where += f", record {entry['record']}"
    if entry["field"]:
        where += f", {entry['field']}"
    return f"{where}: {entry['reason']}"
