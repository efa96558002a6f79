"""Reports across areas: read-only views on the workspace (no models of their own)."""
