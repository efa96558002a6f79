"""The insight area of the REST API: profiles, playbooks, assessments, the style of a text
and the draft coach (docs/profiles.md)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from relais.accounts.api_auth import actor
from relais.contacts import selectors
from relais.core.api_fields import InputSchema, LongText, PathId
from relais.core.api_support import responses
from relais.core.errors import NotFound
from relais.insight import services
from relais.insight.coach import coach
from relais.insight.playbooks import playbook
from relais.insight.profiles import profile_for, style_summary

router = Router(tags=["profiles"])

Lang = Literal["en", "fr"]
Channel = Literal["call", "email", "meeting"]
Goal = Literal[
    "sell", "negotiate", "impress", "approval", "schedule", "bad_news", "conflict"
]


class ProfileSourceOut(Schema):
    kind: str
    type: str | None
    confidence: float
    count: int


class ProfileOut(Schema):
    source: str | None = None
    type: str | None = None
    disc: str | None = None
    pace: float | None = None
    focus: float | None = None
    confidence: float | None = None
    sources: list[ProfileSourceOut] = []
    advice: dict[str, Any] | None = None


class AssessmentIn(InputSchema):
    s1: int = Field(
        ge=0, le=100, description="Takes time (0) … answers straight away (100)"
    )
    s2: int = Field(
        ge=0, le=100, description="Suggests (0) … says plainly what they want (100)"
    )
    s3: int = Field(
        ge=0, le=100, description="Talks about work, facts (0) … people, feelings (100)"
    )
    s4: int = Field(
        ge=0, le=100, description="Reserved, formal (0) … warm, personal (100)"
    )


class TextIn(InputSchema):
    texts: list[LongText] = Field(max_length=500, description="One person's messages")
    lang: Lang | None = None


class StyleOut(Schema):
    enough_text: bool
    pace: str | None
    focus: str | None
    disc: str | None
    type: str | None
    confidence: float | None
    words: int
    markers: list[dict[str, Any]] | None
    formality: str | None
    lang: str


class DraftIn(InputSchema):
    body: LongText
    lang: Lang = "en"


class CoachFindingOut(Schema):
    code: str
    message: str
    trait: str


class QuestionnaireLinkOut(Schema):
    url: str


def _profile(contact_id: int, lang: str) -> dict[str, Any]:
    found = profile_for(selectors.get_contact(contact_id))
    return {**found.as_record(), "advice": found.describe(lang)}


@router.get("/contacts/{contact_id}/profile", response=responses({200: ProfileOut}))
def get_profile(request: HttpRequest, contact_id: PathId, lang: Lang = "en") -> Any:
    """A contact's profile: its sources strongest first, type, axes, confidence, advice."""
    return _profile(contact_id, lang)


@router.post(
    "/contacts/{contact_id}/assessments", response=responses({200: ProfileOut})
)
def assess(request: HttpRequest, contact_id: PathId, payload: AssessmentIn) -> Any:
    """Record (or replace) your own four-slider assessment of a contact."""
    contact = selectors.get_contact(contact_id)
    services.assess(actor=actor(request), contact=contact, sliders=payload.model_dump())
    return _profile(contact_id, "en")


@router.get(
    "/contacts/{contact_id}/playbook",
    response=responses({200: dict[str, list[dict[str, str]]]}),
)
def get_playbook(
    request: HttpRequest,
    contact_id: PathId,
    channel: Channel,
    goal: Goal,
    lang: Lang = "en",
) -> Any:
    """What to say, do and avoid with a contact; each line names its rule."""
    found = profile_for(selectors.get_contact(contact_id))
    if found.position is None:
        raise NotFound("This contact has no profile yet.")
    return playbook(found.position, channel, goal, lang)


@router.post(
    "/contacts/{contact_id}/questionnaire-link",
    response=responses({200: QuestionnaireLinkOut}),
)
def questionnaire_link(request: HttpRequest, contact_id: PathId) -> Any:
    """The questionnaire link to send a contact (their self-update link's token)."""
    contact = selectors.get_contact(contact_id)
    return {"url": services.questionnaire_url(contact, actor=actor(request))}


@router.post(
    "/contacts/{contact_id}/coach", response=responses({200: list[CoachFindingOut]})
)
def coach_draft(request: HttpRequest, contact_id: PathId, payload: DraftIn) -> Any:
    """Advice on a draft for this contact, from their profile (never blocks a send)."""
    found = profile_for(selectors.get_contact(contact_id))
    formality = found.style.formality if found.style else None
    return coach(
        body=payload.body,
        position=found.position,
        lang=payload.lang,
        their_formality=formality,
    )


@router.post("/profile/style", response=responses({200: StyleOut}))
def style(request: HttpRequest, payload: TextIn) -> Any:
    """The communication style of one person's messages (nothing stored)."""
    return style_summary(list(payload.texts), payload.lang)
