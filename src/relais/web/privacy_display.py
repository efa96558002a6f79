"""What the contact page shows of freshness and privacy (the "Freshness and privacy" card)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from relais.contacts import freshness as formula
from relais.contacts.models import Contact
from relais.privacy.selectors import open_signals
from relais.privacy.services.consent import consent_history
from relais.privacy.services.freshness import compute_scores, last_confirmations
from relais.privacy.services.self_update import pending_for
from relais.web.charts import band_labels
from relais.web.forms.privacy import ConsentForm


def privacy_context(contact: Contact) -> dict[str, Any]:
    score = contact.freshness
    if score is None:
        # Not stored yet (a contact added since the nightly job): shown, not saved, so that
        # reading a page never writes.
        score = compute_scores([contact.pk], timezone.now()).get(contact.pk)
    band = formula.band(score)
    signals = open_signals(contact)
    return {
        "freshness_score": score,
        "freshness_band": band,
        "freshness_label": band_labels()[band],
        "last_confirmed": last_confirmations([contact.pk]).get(contact.pk),
        "signals": signals,
        # A point marked invalid without a signal row (by hand, or before signals existed).
        "bounced": [
            p
            for p in contact.points.all()
            if p.invalid_since is not None
            and not any(s.point_id == p.pk for s in signals)
        ],
        "consent_history": consent_history(contact),
        "consent_form": ConsentForm(),
        "pending_updates": pending_for(contact),
    }
