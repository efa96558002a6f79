"""Reads on outreach: templates and campaigns by id, lists."""

from __future__ import annotations

from django.db.models import QuerySet

from relais.core.errors import NotFound

from ..models import Campaign, Step, Template


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


def get_step(campaign: Campaign, position: int) -> Step:
    """Step ``position`` (from 1) of a campaign, with its template."""
    step = campaign.steps.select_related("template").filter(position=position).first()
    if step is None:
        raise NotFound(f"Campaign {campaign.pk} has no step {position}.")
    return step
