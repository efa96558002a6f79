"""Reads of the outreach area: lookups here, the campaign report in ``report``."""

from .lookup import get_campaign, get_step, get_template, list_campaigns, list_templates

__all__ = [
    "get_campaign",
    "get_step",
    "get_template",
    "list_campaigns",
    "list_templates",
]
