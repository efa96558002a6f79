"""Values every page's layout needs: the counts on the Tasks and Duplicates links of the top bar."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from relais.matching.selectors import pending_count
from relais.timeline.selectors import tasks_due


def _due_count(request: HttpRequest) -> int:
    overdue, today = tasks_due(request.user)  # type: ignore[arg-type]
    return overdue.count() + today.count()


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_due``: my overdue and due-today tasks; ``nav_duplicates``: pairs waiting for
    review (each computed only if the template shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_due": SimpleLazyObject(lambda: _due_count(request)),
        "nav_duplicates": SimpleLazyObject(pending_count),
    }
