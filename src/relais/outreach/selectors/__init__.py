"""Reads of the outreach area."""
