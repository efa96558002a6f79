"""A contact's communication profile: the page, a colleague's assessment, the questionnaire
link, and the draft coach beside the one-to-one mail form (HTMX, as one types).

The coach is a fragment of its own, loaded by the mail form's side column: the outreach
views and forms are untouched.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from relais.contacts import selectors
from relais.contacts.models import Contact
from relais.contacts.segments.selectors import segment_contacts
from relais.core.errors import InvalidInput
from relais.insight import services
from relais.insight.coach import coach
from relais.insight.models import Assessment
from relais.insight.playbooks import CHANNELS, GOALS, playbook
from relais.insight.profiles import Profile, profile_for
from relais.insight.questionnaire import SLIDERS
from relais.insight.stored import spread
from relais.insight.types import QUADRANTS, archetype, centre
from relais.outreach.models import Campaign

from .base import AuthedRequest, web_view, write_view


def ui_lang() -> str:
    return "fr" if (get_language() or "").startswith("fr") else "en"


def profile_context(profile: Profile) -> dict[str, Any]:
    """What the profile card and page show: sources strongest first, type, advice."""
    position = profile.position
    return {
        "profile": profile,
        "position": position,
        "primary": profile.primary,
        "described": profile.describe(ui_lang()),
        "axes": {
            "pace": round((position.pace + 1) * 50) if position else None,
            "focus": round((position.focus + 1) * 50) if position else None,
        },
    }


def _sliders(lang: str, current: Assessment | None) -> list[dict[str, Any]]:
    out = []
    for key, _axis, left_en, right_en, left_fr, right_fr in SLIDERS:
        out.append(
            {
                "key": key,
                "left": left_fr if lang == "fr" else left_en,
                "right": right_fr if lang == "fr" else right_en,
                "value": (current.answers.get(key, 50) if current else 50),
            }
        )
    return out


def _page(
    request: AuthedRequest,
    contact: Contact,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    lang = ui_lang()
    profile = profile_for(contact)
    channel = request.GET.get("channel", "email")
    goal = request.GET.get("goal", "schedule")
    channel = channel if channel in CHANNELS else "email"
    goal = goal if goal in GOALS else "schedule"
    mine = Assessment.objects.filter(
        contact=contact, assessor=request.user, source=Assessment.Source.COLLEAGUE
    ).first()
    context = {
        "contact": contact,
        **profile_context(profile),
        "channel": channel,
        "goal": goal,
        "channels": CHANNELS,
        "goals": GOALS,
        "playbook": playbook(profile.position, channel, goal, lang)
        if profile.position
        else None,
        "sliders": _sliders(lang, mine),
        "mine": mine,
        "errors": errors or {},
    }
    return render(request, "web/profiles/page.html", context, status=status)


@web_view
def profile_page(request: AuthedRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.get_contact(pk))


@write_view
def profile_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    try:
        services.assess(
            actor=request.user, contact=contact, sliders=dict(request.POST.items())
        )
    except InvalidInput as exc:
        return _page(request, contact, errors=exc.errors, status=400)
    messages.success(request, _("Your assessment is saved."))
    return redirect("web:profile", pk=contact.pk)


@write_view
def profile_link(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(pk)
    url = services.questionnaire_url(contact, actor=request.user)
    messages.success(request, _("Questionnaire link: %(url)s") % {"url": url})
    return redirect("web:profile", pk=contact.pk)


@write_view
def mail_coach(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coach's advice on the mail being written (HTMX, beside the message check)."""
    contact = selectors.get_contact(pk)
    profile = profile_for(contact)
    formality = profile.style.formality if profile.style else None
    findings = coach(
        body=request.POST.get("body_text", "")[:100_000],
        position=profile.position,
        lang=ui_lang(),
        their_formality=formality,
    )
    return render(
        request,
        "web/profiles/_coach.html",
        {"contact": contact, "findings": findings, **profile_context(profile)},
    )


@write_view
def template_coach(request: AuthedRequest) -> HttpResponse:
    """How the template being written reads to each quadrant (HTMX, in the template editor):
    a template has no single recipient, so the coach speaks for all four."""
    body = request.POST.get("body_text", "")[:100_000]
    lang = ui_lang()
    readers = [
        {
            "disc": disc,
            "archetype": archetype(disc, lang),
            "findings": coach(body=body, position=centre(disc), lang=lang),
        }
        for disc in QUADRANTS
    ]
    return render(
        request,
        "web/profiles/_coach_quadrants.html",
        {"readers": readers, "empty": not body.strip()},
    )


SPREAD_HINTS = {  # marked for translation here, translated when shown
    "D": gettext_noop(
        "Mostly direct and task-focused readers: keep it short, the ask first."
    ),
    "I": gettext_noop(
        "Mostly direct and people-focused readers: a friendly, lively tone works."
    ),
    "S": gettext_noop(
        "Mostly reflective and people-focused readers: a warm opening, no pressure."
    ),
    "C": gettext_noop(
        "Mostly reflective and task-focused readers: context, facts and figures."
    ),
}


@web_view
def campaign_profiles(request: AuthedRequest, pk: int) -> HttpResponse:
    """The spread of stored profiles in a campaign's segment (HTMX, on the campaign page)."""
    campaign = get_object_or_404(Campaign, pk=pk)
    counts = spread(segment_contacts(campaign.segment)) if campaign.segment else {}
    profiled = {k: v for k, v in counts.items() if k != "none"}
    total = sum(profiled.values())
    top = max(profiled, key=lambda k: profiled[k]) if total else ""
    hint = ""
    if total and profiled[top] * 2 > total:
        hint = str(_(SPREAD_HINTS[top]))
    return render(
        request,
        "web/profiles/_spread.html",
        {"counts": counts, "profiled": profiled, "total": total, "hint": hint},
    )
