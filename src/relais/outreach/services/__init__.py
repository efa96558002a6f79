"""Use cases of outreach: templates and rendering, campaigns and sequences, composing and
sending mail exactly once (docs/campaigns.md)."""
