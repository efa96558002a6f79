"""The duplicates pages: the review queue (one pair at a time, keyboard-driven), the merge
history with its undo buttons, "Find duplicates", and the "this looks like…" hint of the
contact form.

Every action is a plain form post that redirects (works without JavaScript); with HTMX the
review panel is swapped in place with the next pair. Keys: m merge, n not the same person,
s skip, j/k next/previous (``relais.js`` clicks the element carrying ``data-shortcut``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais.contacts.selectors import get_contact
from relais.core.errors import InvalidInput
from relais.matching import selectors, services, tasks
from relais.matching.compare import evidence_text, side_by_side, weight_words
from relais.matching.hints import hints_for_draft
from relais.matching.models import MatchCandidate, Merge
from relais.matching.services.pairs import AMBIGUOUS

from .base import AuthedRequest, fragments, is_htmx, web_view, write_view

DECISION_KEYS = (("merge", "m"), ("not_same", "n"), ("skip", "s"))


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _pair_context(
    request: AuthedRequest, wanted: int | None, last: dict[str, Any] | None = None
) -> dict[str, Any]:
    ids = list(selectors.review_queue().values_list("pk", flat=True))
    index = ids.index(wanted) if wanted in ids else 0
    candidate: MatchCandidate | None = None
    if ids:
        candidate = (
            selectors.review_queue()
            .prefetch_related("left__points", "right__points")
            .get(pk=ids[index])
        )
    context: dict[str, Any] = {
        "candidate": candidate,
        "total": len(ids),
        "position": index + 1,
        "previous_id": ids[index - 1] if candidate and index > 0 else None,
        "next_id": ids[index + 1] if candidate and index + 1 < len(ids) else None,
        "last": last,
    }
    if candidate is not None:
        survivor, _merged = services.default_survivor(candidate.left, candidate.right)
        context.update(
            rows=side_by_side(candidate.left, candidate.right),
            evidence=[
                {
                    "text": evidence_text(e),
                    # The ambiguity rule's reason is not a field's weight: shown first.
                    "weight": _("not merged automatically")
                    if e.get("field") == AMBIGUOUS
                    else weight_words(float(e.get("weight", 0))),
                    "for_match": e.get("field") != AMBIGUOUS
                    and float(e.get("weight", 0)) >= 0,
                    "outcome": e.get("outcome", ""),
                }
                for e in sorted(
                    candidate.evidence,
                    key=lambda e: (
                        e.get("field") != AMBIGUOUS,
                        -abs(float(e.get("weight", 0))),
                    ),
                )
            ],
            default_survivor=survivor.pk,
        )
    return context


@web_view
def review(request: AuthedRequest) -> HttpResponse:
    context = _pair_context(request, _int(request.GET.get("pair")))
    if is_htmx(request):
        return render(request, "web/matching/_pair.html", context)
    return render(request, "web/matching/queue.html", context)


@write_view
def decide(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = request.POST.get("decision", "")
    next_id = _int(request.POST.get("next"))
    last: dict[str, Any] | None = None
    try:
        candidate = services.decide(
            actor=request.user,
            candidate_id=pk,
            decision=decision,
            survivor_id=_int(request.POST.get("survivor")),
        )
    except InvalidInput as exc:
        last = {"error": " ".join(exc.errors.values())}
        next_id = pk
    else:
        last = {"decision": decision, "merge": candidate.merge, "candidate": candidate}
    if not is_htmx(request):
        if last.get("error"):
            messages.error(request, last["error"])
        elif candidate.merge is not None:
            messages.success(
                request,
                _("%(merged)s was merged into %(survivor)s.")
                % {
                    "merged": candidate.merge.merged_name,
                    "survivor": candidate.merge.survivor_name,
                },
            )
        url = reverse("web:duplicates")
        return redirect(f"{url}?pair={next_id}" if next_id else url)
    context = _pair_context(request, next_id, last)
    return fragments(
        request,
        [
            ("web/matching/_pair.html", context),
            ("web/matching/_nav_count.html", {"nav_duplicates": context["total"]}),
        ],
    )


@write_view
def find(request: AuthedRequest) -> HttpResponse:
    tasks.find_duplicates(request.user.pk)
    messages.success(
        request,
        _(
            "Looking for duplicates in the background: sure pairs are merged, the others "
            "appear here. Reload the page in a moment."
        ),
    )
    return redirect("web:duplicates")


@web_view
def merge_history(request: AuthedRequest) -> HttpResponse:
    merges = list(selectors.list_merges()[:200])
    return render(request, "web/matching/merges.html", {"merges": merges})


@write_view
def merge_undo(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        result = services.undo_merge(actor=request.user, merge_id=pk)
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
        return redirect("web:merges")
    text = _("Merge undone: %(a)s and %(b)s are two contacts again.") % {
        "a": result.merge.merged_name,
        "b": result.merge.survivor_name,
    }
    if result.overwritten:
        text += " " + _(
            "Fields changed by the merge and edited since were set back: %(fields)s."
        ) % {"fields": ", ".join(result.overwritten)}
    messages.success(request, text)
    target = request.POST.get("next", "")
    if target == "contact" and result.merge.merged_id:
        return redirect("web:contact", pk=result.merge.merged_id)
    return redirect("web:merges")


@write_view
def merge_pair(request: AuthedRequest) -> HttpResponse:
    """Merge two contacts chosen by a person (the "looks like" notice of a new contact)."""
    survivor_id = _int(request.POST.get("survivor"))
    merged_id = _int(request.POST.get("merged"))
    if survivor_id is None or merged_id is None:
        messages.error(request, _("Choose the two contacts to merge."))
        return redirect("web:contacts")
    try:
        done = services.merge_contacts(
            actor=request.user,
            survivor=get_contact(survivor_id),
            merged=get_contact(merged_id),
            reason=Merge.Reason.MANUAL,
        )
    except InvalidInput as exc:
        messages.error(request, " ".join(exc.errors.values()))
        return redirect("web:contact", pk=survivor_id)
    messages.success(
        request,
        _("%(merged)s was merged into %(survivor)s.")
        % {"merged": done.merged_name, "survivor": done.survivor_name},
    )
    return redirect("web:contact", pk=survivor_id)


@web_view
def similar(request: AuthedRequest) -> HttpResponse:
    """The "this looks like…" hint while a new contact is typed (HTMX, debounced)."""
    data = request.GET
    record = services.draft_record(
        first_name=data.get("first_name", "")[:150],
        last_name=data.get("last_name", "")[:150],
        organisation=data.get("organisation", "")[:300],
        city=data.get("city", "")[:150],
        country=data.get("country", "")[:2],
        emails=[v[:500] for v in data.getlist("email-value")[:20]],
        phones=[v[:500] for v in data.getlist("phone-value")[:20]],
    )
    return render(
        request, "web/matching/_similar.html", {"similar": hints_for_draft(record)}
    )
