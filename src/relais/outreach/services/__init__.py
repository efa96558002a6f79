"""Use cases of the outreach area, one module each (see docs/architecture.md)."""
