"""Use cases of the privacy area; each module is one family (see the package docstring)."""
