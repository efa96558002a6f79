"""What timeline gives to contacts through ``relais.contacts.hooks``.

The search index reads each contact's interaction subjects, and segments ask who interacted
since a date; contacts cannot import timeline (it sits below), so these are registered from
``TimelineConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef

from .models import Participant


def subjects_by_contact(contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """The subjects of each contact's interactions, newest first."""
    texts: dict[int, list[str]] = defaultdict(list)
    for contact_id, subject in (
        Participant.objects.filter(contact_id__in=contact_ids)
        .exclude(interaction__subject="")
        .order_by("-interaction__occurred_at", "-interaction_id")
        .values_list("contact_id", "interaction__subject")
    ):
        texts[contact_id].append(subject)
    return texts


def interacted_since(since: dt.datetime | None) -> Exists:
    """Contacts (the outer query's ``pk``) with an interaction, since ``since`` when given."""
    participations = Participant.objects.filter(contact_id=OuterRef("pk"))
    if since is not None:
        participations = participations.filter(interaction__occurred_at__gte=since)
    return Exists(participations)
