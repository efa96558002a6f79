"""Models of the matching area, one module per concern (imported here so Django finds them)."""

from .candidates import MatchCandidate, NotSameDecision
from .keys import MatchKey
from .merges import Merge

__all__ = ["MatchCandidate", "MatchKey", "Merge", "NotSameDecision"]
