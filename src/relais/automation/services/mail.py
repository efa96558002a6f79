"""Sending the mail that workflow steps queued, through the outreach sender.

The step only creates the delivery row (in its own transaction); this hands the rows to
``relais.outreach.services.sending.run``, whose claim → send → journal → commit cycle sends
each exactly once, and settles a killed sender's rows from its journal. The outreach job
(``send_queued``, every minute) would send them too; calling it here makes them leave within
the worker's poll interval instead of within a minute.
"""

from __future__ import annotations

from relais.automation.models import StepRun
from relais.outreach.models import Delivery
from relais.outreach.services import sending
from relais.outreach.services.smtp import NotConfigured

PENDING = (Delivery.Status.QUEUED, Delivery.Status.DEFERRED, Delivery.Status.SENDING)


def send_workflow_mail(*, max_seconds: float = 20) -> int:
    """Send the deliveries of workflow steps not sent yet; returns how many went."""
    ids = list(
        StepRun.objects.filter(delivery__status__in=PENDING).values_list(
            "delivery_id", flat=True
        )[:2000]
    )
    if not ids:
        return 0
    try:
        report = sending.run(delivery_ids=ids, max_seconds=max_seconds)
    except NotConfigured:
        return 0
    return report.sent + report.reconciled_sent
