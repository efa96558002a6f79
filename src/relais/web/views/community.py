"""The community page: mention authors, most influential first, with the components of the
score (docs/community.md)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from relais.community import selectors
from relais.community.voices import LABELS, PLAYBOOKS

from .base import AuthedRequest, web_view

SORTS = ("influence", "reach", "engagement", "relevance", "activity")
PAGE = 200


@web_view
def authors(request: AuthedRequest) -> HttpResponse:
    sort = request.GET.get("sort", "influence")
    sort = sort if sort in SORTS else "influence"
    rows = selectors.author_rows()
    if sort != "influence":
        rows.sort(key=lambda r: (-r.components[sort], -r.influence, r.handle))
    kinds = sorted({r.kind for r in rows})
    context = {
        "rows": [(r, LABELS.get(r.kind, r.kind)) for r in rows[:PAGE]],
        "sort": sort,
        "sorts": SORTS,
        "playbooks": [(LABELS[k], PLAYBOOKS[k]) for k in kinds if k in PLAYBOOKS],
    }
    return render(request, "web/community/authors.html", context)
