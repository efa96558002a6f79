"""Segments: saved filters over contacts (definition, evaluation, use cases, exports)."""
