"""The outreach area of the REST API: templates (CRUD, fields, preview), campaigns (create,
start, pause, status) and one-to-one mail (docs/campaigns.md). Thin: the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor, find_user, read_only_post_auth
from relais.contacts import selectors as contact_selectors
from relais.contacts.segments.selectors import get_segment
from relais.core.api_fields import (
    Flag,
    InputSchema,
    Line,
    LongText,
    Paging,
    PathId,
    RefId,
    UserRef,
)
from relais.core.api_support import as_field, responses, sent

from . import selectors
from .models import Campaign, Delivery, Template
from .services import campaigns, one_to_one, templates
from .services.render import preview, template_fields

router = Router(tags=["outreach"])

Days = Annotated[int, Field(ge=0, le=365)]


class TemplateOut(Schema):
    id: int
    name: str
    language: str
    subject: str
    body_text: str
    body_html: str
    created_at: dt.datetime
    updated_at: dt.datetime


class TemplateIn(InputSchema):
    name: Line
    language: Template.Language = Template.Language.FRENCH
    subject: Line
    body_text: LongText
    body_html: LongText = ""


class TemplatePatch(InputSchema):
    name: Line | None = None
    language: Template.Language | None = None
    subject: Line | None = None
    body_text: LongText | None = None
    body_html: LongText | None = None


class FieldOut(Schema):
    name: str
    description: str


class PreviewIn(InputSchema):
    contact_id: RefId
    sender: UserRef | None = Field(
        None, description="The visible sender; the contact's owner by default"
    )


class RenderedOut(Schema):
    subject: str
    text: str
    html: str


class StepIn(InputSchema):
    template_id: RefId
    delay_days: Days = 0


class StepOut(Schema):
    position: int
    delay_days: int
    template_id: int


class CampaignIn(InputSchema):
    name: Line
    segment_id: RefId
    steps: list[StepIn] = Field(min_length=1, max_length=20)
    sender_mode: Campaign.SenderMode = Campaign.SenderMode.FIXED
    sender: UserRef | None = None
    purpose: Campaign.Purpose = Campaign.Purpose.MARKETING
    rate_per_second: float | None = Field(None, ge=0, le=10_000)
    rate_per_hour: int | None = Field(None, ge=0, le=10_000_000)


class CampaignOut(Schema):
    id: int
    name: str
    status: str
    purpose: str
    sender_mode: str
    sender: str | None
    segment_id: int | None
    steps: list[StepOut]
    progress: dict[str, int]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_sender(campaign: Campaign) -> str | None:
        return campaign.sender.email if campaign.sender else None

    @staticmethod
    def resolve_steps(campaign: Campaign) -> list[dict[str, int]]:
        return [
            {
                "position": s.position,
                "delay_days": s.delay_days,
                "template_id": s.template_id,
            }
            for s in campaign.steps.order_by("position")
        ]

    @staticmethod
    def resolve_progress(campaign: Campaign) -> dict[str, int]:
        return campaigns.campaign_progress(campaign)


class StartIn(InputSchema):
    force: Flag = Field(
        False, description="Send despite a blocking message check (admins)"
    )


class OneToOneIn(InputSchema):
    subject: Line = ""
    body_text: LongText = ""
    body_html: LongText = ""
    to_email: Line | None = Field(
        None, description="The contact's best address by default"
    )
    template_id: RefId | None = None
    force: Flag = False


class DeliveryOut(Schema):
    id: int
    status: str
    to_email: str
    subject: str
    message_id: str
    sent_at: dt.datetime | None
    last_error: str


# --- Templates --------------------------------------------------------------------------------


@router.get(
    "/outreach/templates",
    response=responses({200: list[TemplateOut]}),
    summary="List templates",
)
@paginate(Paging)
def list_templates(request: HttpRequest) -> Any:
    return selectors.list_templates()


@router.post(
    "/outreach/templates",
    response=responses({201: TemplateOut}),
    summary="Create a template",
)
def create_template(request: HttpRequest, payload: TemplateIn) -> Status[Template]:
    data = payload.model_dump()
    data["language"] = payload.language.value
    return Status(201, templates.create_template(actor=actor(request), **data))


@router.get(
    "/outreach/template-fields",
    response=responses({200: list[FieldOut]}),
    summary="Fields a template may use",
)
def list_fields(request: HttpRequest) -> Any:
    return [{"name": n, "description": d} for n, d in template_fields()]


@router.get(
    "/outreach/templates/{template_id}",
    response=responses({200: TemplateOut}),
    summary="Read a template",
)
def get_template(request: HttpRequest, template_id: PathId) -> Template:
    return selectors.get_template(template_id)


@router.patch(
    "/outreach/templates/{template_id}",
    response=responses({200: TemplateOut}),
    summary="Change a template",
)
def update_template(
    request: HttpRequest, template_id: PathId, payload: TemplatePatch
) -> Template:
    changes = {k: v for k, v in sent(payload).items() if v is not None}
    return templates.update_template(
        actor=actor(request), template=selectors.get_template(template_id), **changes
    )


@router.delete(
    "/outreach/templates/{template_id}",
    response=responses({204: None}),
    summary="Delete a template",
)
def delete_template(request: HttpRequest, template_id: PathId) -> Status[None]:
    templates.delete_template(
        actor=actor(request), template=selectors.get_template(template_id)
    )
    return Status(204, None)


@router.post(
    "/outreach/templates/{template_id}/preview",
    response=responses({200: RenderedOut}),
    auth=read_only_post_auth,
    summary="Preview a template for a contact",
)
def preview_template(
    request: HttpRequest, template_id: PathId, payload: PreviewIn
) -> Any:
    template = selectors.get_template(template_id)
    with as_field("contact_id"):
        contact = contact_selectors.get_contact(payload.contact_id)
    sender = find_user(payload.sender, "sender") if payload.sender is not None else None
    return preview(template=template, contact=contact, sender=sender)


# --- Campaigns --------------------------------------------------------------------------------


@router.get(
    "/outreach/campaigns",
    response=responses({200: list[CampaignOut]}),
    summary="List campaigns",
)
@paginate(Paging)
def list_campaigns(request: HttpRequest) -> Any:
    return selectors.list_campaigns()


@router.post(
    "/outreach/campaigns",
    response=responses({201: CampaignOut}),
    summary="Create a campaign",
)
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[Campaign]:
    with as_field("segment_id"):
        segment = get_segment(payload.segment_id)
    steps = []
    for i, step in enumerate(payload.steps):
        with as_field(f"steps.{i}.template_id"):
            steps.append((selectors.get_template(step.template_id), step.delay_days))
    sender = find_user(payload.sender, "sender") if payload.sender is not None else None
    campaign = campaigns.create_campaign(
        actor=actor(request),
        name=payload.name,
        segment=segment,
        steps=steps,
        sender_mode=payload.sender_mode.value,
        sender=sender,
        purpose=payload.purpose.value,
        rate_per_second=payload.rate_per_second,
        rate_per_hour=payload.rate_per_hour,
    )
    return Status(201, campaign)


@router.get(
    "/outreach/campaigns/{campaign_id}",
    response=responses({200: CampaignOut}),
    summary="A campaign and its progress",
)
def get_campaign(request: HttpRequest, campaign_id: PathId) -> Campaign:
    return selectors.get_campaign(campaign_id)


@router.post(
    "/outreach/campaigns/{campaign_id}/start",
    response=responses({200: CampaignOut}),
    summary="Start or resume a campaign",
)
def start_campaign(
    request: HttpRequest, campaign_id: PathId, payload: StartIn
) -> Campaign:
    """A draft queues its first step for the segment's members (the worker sends it); a
    paused campaign resumes."""
    return campaigns.start_campaign(
        actor=actor(request),
        campaign=selectors.get_campaign(campaign_id),
        force=payload.force,
    )


@router.post(
    "/outreach/campaigns/{campaign_id}/pause",
    response=responses({200: CampaignOut}),
    summary="Pause a campaign",
)
def pause_campaign(request: HttpRequest, campaign_id: PathId) -> Campaign:
    return campaigns.pause_campaign(
        actor=actor(request), campaign=selectors.get_campaign(campaign_id)
    )


# --- One-to-one -------------------------------------------------------------------------------


@router.post(
    "/outreach/contacts/{contact_id}/send",
    response=responses({201: DeliveryOut}),
    summary="Send a one-to-one mail",
)
def send_one(
    request: HttpRequest, contact_id: PathId, payload: OneToOneIn
) -> Status[Delivery]:
    """Sent at once; ``status`` is ``deferred`` when the server asked to retry later."""
    contact = contact_selectors.get_contact(contact_id)
    template = None
    if payload.template_id is not None:
        with as_field("template_id"):
            template = selectors.get_template(payload.template_id)
    delivery = one_to_one.send_one(
        actor=actor(request),
        contact=contact,
        subject=payload.subject,
        body_text=payload.body_text,
        body_html=payload.body_html,
        to_email=payload.to_email,
        template=template,
        force=payload.force,
    )
    return Status(201, delivery)
