"""Reads on outreach: templates and campaigns by id, lists."""

from __future__ import annotations

from django.db.models import QuerySet

from relais.core.errors import NotFound

from ..models import Campaign, Template


def get_template(template_id: int) -> Template:
    try:
        return Template.objects.get(pk=template_id)
    except (Template.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No template with id {template_id}.") from None


def list_templates() -> QuerySet[Template]:
    return Template.objects.order_by("name", "id")


def get_campaign(campaign_id: int) -> Campaign:
    try:
        return Campaign.objects.select_related("sender", "segment").get(pk=campaign_id)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No campaign with id {campaign_id}.") from None


def list_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("sender", "segment").order_by(
        "-created_at", "-id"
    )
