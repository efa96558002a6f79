"""POST /events: something that happened to a contact, from a shop or a site.

Public by design (a shop's server calls it), so authenticated by the HMAC-SHA256 of the raw
body in ``X-Relais-Signature: sha256=<hex>`` (secret: ``relais events secret``) rather than a
token. Checked in this order, each refusal a 4xx with nothing stored: size (413), signature
(401), JSON (400), fields (422), an id already received (409).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from ninja import Router

from relais.automation.services import events, secrets

router = Router(tags=["events"])


def _refuse(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


@router.post(
    "/events",
    auth=None,
    summary="Receive an event (HMAC-signed)",
    response={202: dict[str, Any], 400: dict[str, Any], 401: dict[str, Any]},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def receive_event(request: HttpRequest) -> Any:
    """Store an event once per ``id``; its contact is found or created, it appears on the
    timeline, and it starts, cancels or wakes workflow runs."""
    limit = int(settings.RELAIS_EVENTS_MAX_BYTES)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return _refuse(413, f"The body is larger than {limit} bytes.")
    body = request.body
    if len(body) > limit:
        return _refuse(413, f"The body is larger than {limit} bytes.")
    if not secrets.signature_ok(body, request.headers.get("X-Relais-Signature", "")):
        return _refuse(
            401,
            "Missing or wrong X-Relais-Signature: sign the raw body with HMAC-SHA256 "
            "(sha256=<hex>) using the secret shown by `relais events secret`.",
        )
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return _refuse(400, f"The body is not valid JSON: {exc}")
    parsed = events.parse_event(payload)  # InvalidInput → 422
    try:
        stored = events.record_event(parsed)
    except events.AlreadyReceived as exc:
        return _refuse(409, exc.message)
    return JsonResponse(
        {
            "id": stored.external_id,
            "type": stored.type,
            "contact": stored.contact_id,
            "runs_started": stored.runs.count(),
        },
        status=202,
    )
