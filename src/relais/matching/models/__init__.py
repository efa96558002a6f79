"""Models of the matching area, one module per concern (imported here so Django finds them)."""

from .keys import MatchKey

__all__ = ["MatchKey"]
