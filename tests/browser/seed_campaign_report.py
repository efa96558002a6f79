"""A sent campaign with opens, clicks (people and machines), an unsubscribe and a reply, for the
campaign report's browser test: ``python seed_campaign_report.py`` prints the campaign's id.
Names are unique to this seed (browser tests share one server)."""

from __future__ import annotations

import datetime as dt

import django

django.setup()

from django.utils import timezone  # noqa: E402

from relais.contacts.models import Contact  # noqa: E402
from relais.outreach.models import (  # noqa: E402
    Campaign,
    Delivery,
    DeliveryEvent,
    Step,
    Template,
)

LINKS = [
    "https://cidrerie-report.example/catalogue",
    "https://cidrerie-report.example/salon",
]


def main() -> int:
    template = Template.objects.create(
        name="Rapport navigateur — modèle", subject="Cidres 2027", body_text="Bonjour"
    )
    campaign = Campaign.objects.create(name="Cidres rapport navigateur", status="done")
    step = Step.objects.create(campaign=campaign, position=1, template=template)
    now = timezone.now()
    deliveries = []
    for n in range(4):
        contact = Contact.objects.create(first_name=f"Rapport{n}", last_name="Cidrerie")
        deliveries.append(
            Delivery.objects.create(
                campaign=campaign,
                step=step,
                contact=contact,
                to_email=f"rapport{n}@cidrerie-report.example",
                message_id=f"report-browser-{n}@relais.test",
                links=LINKS,
                status="bounced" if n == 3 else "sent",
                sent_at=now - dt.timedelta(days=2),
            )
        )
    a, b, c, _bounced = deliveries

    def event(delivery: Delivery, kind: str, days: int, **fields: object) -> None:
        DeliveryEvent.objects.create(
            delivery=delivery, kind=kind, at=now - dt.timedelta(days=days), **fields
        )

    event(a, "open", 2)
    event(a, "open", 1)
    event(a, "click", 1, link_index=1)
    event(b, "open", 2, machine=True, reason="apple_mpp")
    event(b, "click", 2, link_index=0, machine=True, reason="scanner:mimecast")
    event(c, "unsubscribe", 1)
    event(a, "reply", 0)
    return campaign.pk


if __name__ == "__main__":
    print(main())
