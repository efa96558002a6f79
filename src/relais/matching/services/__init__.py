"""Use cases of the matching area: merges and their undo, the review queue, dedupe runs.

One module per use case; the CLI, the API, the web views and the jobs call these functions.
"""

from .dedupe import DedupeSummary, run_dedupe
from .incremental import (
    PossibleDuplicate,
    check_import_batch,
    check_new_contacts,
    draft_record,
    duplicates_of,
    possible_duplicates,
)
from .merge import default_survivor, merge_contacts
from .pairs import PairOutcome, handle_pairs
from .review import DECISIONS, decide, get_candidate, mark_not_same
from .undo import UndoResult, get_merge, undo_merge

__all__ = [
    "DECISIONS",
    "DedupeSummary",
    "PairOutcome",
    "PossibleDuplicate",
    "UndoResult",
    "check_import_batch",
    "check_new_contacts",
    "decide",
    "default_survivor",
    "draft_record",
    "duplicates_of",
    "get_candidate",
    "get_merge",
    "handle_pairs",
    "mark_not_same",
    "merge_contacts",
    "possible_duplicates",
    "run_dedupe",
    "undo_merge",
]
