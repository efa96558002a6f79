"""Writes of the insight area: the person's own answers and a colleague's assessment.

The self-questionnaire is reached through the contact's self-update link
(``relais.privacy.services.self_update``): the same signed token, expiry and revocation,
served on its own page. Nothing here issues or checks tokens itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput
from relais.core.links import absolute_url
from relais.privacy.models import SelfUpdateLink
from relais.privacy.services.self_update import self_update_url

from .models import Assessment
from .questionnaire import score, slider_axes
from .stored import refresh_profile

if TYPE_CHECKING:
    from relais.accounts.models import User


def questionnaire_url(contact: Contact, *, actor: User | None = None) -> str:
    """The questionnaire link to send ``contact``: their current self-update token (a new one
    only when it is close to expiry), on the questionnaire page."""
    ensure_can_write(actor)
    self_update_url(contact, actor=actor)  # makes sure a live link exists
    link = SelfUpdateLink.objects.filter(
        contact=contact, revoked_at__isnull=True
    ).latest("issued_at", "pk")
    return absolute_url(reverse("web:questionnaire", kwargs={"token": link.token}))


def submit_self_answers(
    link: SelfUpdateLink, answers: Mapping[str, object], lang: str = ""
) -> Assessment:
    """Store the person's own answers (from an opened link): the latest replaces earlier ones."""
    pace, focus = score(answers)
    with transaction.atomic():
        Assessment.objects.filter(
            contact=link.contact, source=Assessment.Source.SELF
        ).delete()
        assessment = Assessment.objects.create(
            contact=link.contact,
            source=Assessment.Source.SELF,
            pace=pace,
            focus=focus,
            answers={k: int(str(v)) for k, v in answers.items() if k[:1] in "pf"},
            lang=lang[:8],
        )
        record(
            actor=None,
            action="profile.self_answers",
            obj=link.contact,
            contact_id=link.contact_id,
            changes={"link": link.pk},
        )
    refresh_profile(link.contact)
    return assessment


def assess(
    *, actor: User | None, contact: Contact, sliders: Mapping[str, object]
) -> Assessment:
    """Record (or replace) ``actor``'s four-slider view of ``contact``."""
    ensure_can_write(actor)
    if actor is None:
        raise InvalidInput(
            {"assessor": "A colleague's assessment needs a signed-in user."}
        )
    pace, focus = slider_axes(sliders)
    with transaction.atomic():
        assessment, _ = Assessment.objects.update_or_create(
            contact=contact,
            assessor=actor,
            source=Assessment.Source.COLLEAGUE,
            defaults={
                "pace": pace,
                "focus": focus,
                "answers": {k: int(str(v)) for k, v in sliders.items() if k[:1] == "s"},
            },
        )
        record(
            actor=actor,
            action="profile.assess",
            obj=contact,
            contact_id=contact.pk,
            changes={"pace": pace, "focus": focus},
        )
    refresh_profile(contact)
    return assessment
