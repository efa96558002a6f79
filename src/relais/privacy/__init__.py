"""Keeping the base fresh and lawful: freshness, self-service updates, consent, access,
erasure, suppression and retention (issue 7; user documentation in docs/privacy.md)."""
