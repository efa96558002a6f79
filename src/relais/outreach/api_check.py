"""POST /outreach/check: the message check for API clients (an editor elsewhere, a script
about to send), the same rules the send path applies (``services.check``).

Like every POST of the API it needs a role that may write: checking changes nothing, but only
those who may send have a message to check (and the API's role rule stays one rule). Messages
follow the request's language (Accept-Language).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from relais.accounts.api_auth import actor, read_only_post_auth
from relais.contacts import selectors as contact_selectors
from relais.core.api_fields import Flag, InputSchema, Line, LongText, RefId
from relais.core.api_support import as_field, responses

from .services.check import blocks, check_message

router = Router(tags=["outreach"])


class CheckIn(InputSchema):
    subject: Line = ""
    body_text: LongText = ""
    body_html: LongText = ""
    bulk: Flag = Field(
        False, description="A campaign to many people rather than a one-to-one mail"
    )
    contact_id: RefId | None = Field(
        None,
        description="The recipient of a one-to-one mail (for the thread and cap rules)",
    )
    has_unsubscribe: Flag | None = Field(
        None,
        description="Whether the sender adds an unsubscribe link itself; "
        "omitted: look for {{ unsubscribe_url }}",
    )


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    excerpt: str


class CheckOut(Schema):
    findings: list[FindingOut]
    blocked: bool = Field(
        description="True when a high finding would stop the send (RELAIS_CHECK_BLOCK)"
    )


@router.post(
    "/outreach/check",
    response=responses({200: CheckOut}),
    auth=read_only_post_auth,
    summary="Check a message before sending",
)
def check(request: HttpRequest, payload: CheckIn) -> Any:
    """The findings, most severe first, and whether they would block the send."""
    contact = None
    if payload.contact_id is not None:
        with as_field("contact_id"):
            contact = contact_selectors.get_contact(payload.contact_id)
    findings = check_message(
        subject=payload.subject,
        body_text=payload.body_text,
        body_html=payload.body_html,
        bulk=payload.bulk,
        contact=contact,
        sender=actor(request),
        has_unsubscribe=payload.has_unsubscribe,
    )
    return {"findings": findings, "blocked": blocks(findings)}
