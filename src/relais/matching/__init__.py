"""Finding and merging duplicate contacts: normalisation, scoring, review and reversible merges."""
