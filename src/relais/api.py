"""The REST API at /api/v1: mounts each area's router. Auth lives in accounts/api_auth, error mapping in core/api_support.

Every operation needs a bearer token or a browser session (with CSRF on writes); the OpenAPI
schema (/api/v1/openapi.json) and the interactive docs (/api/v1/docs) are public, since they
describe the API and hold no data. Any other path under /api/v1/ answers a JSON 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from ninja import NinjaAPI

from relais.accounts.api import router as accounts_router
from relais.accounts.api_auth import DEFAULT_AUTH
from relais.audit.api import router as audit_router
from relais.automation.api import routers as automation_routers
from relais.community.api import router as community_router
from relais.contacts.api import routers as contact_routers
from relais.core.api_support import install_error_handlers
from relais.insight.api import router as insight_router
from relais.listening.api import router as listening_router
from relais.matching.api import routers as matching_routers
from relais.outreach.api import router as outreach_router
from relais.outreach.api_check import router as outreach_check_router
from relais.outreach.api_report import router as outreach_report_router
from relais.privacy.api import router as privacy_router
from relais.reports.api import router as reports_router
from relais.service.api import router as service_router
from relais.timeline.api import routers as timeline_routers

ERROR_DESCRIPTIONS = {
    400: "The request cannot be carried out as it stands (the detail says why).",
    401: "No valid API token or session.",
    403: "The user's role does not allow this (read-only users cannot write).",
    404: "No such row, or no such endpoint.",
    409: "The workspace's state refuses the request (e.g. no mail server is configured).",
    422: "Invalid input, or input that breaks a business rule the schema cannot express "
    "(e.g. a contact needs a name, an organisation or a way to reach them; a segment a "
    "campaign uses cannot be deleted): `errors` holds one message per field.",
    429: "Too many failed sign-in attempts from this client: wait and try again.",
}


class RelaisAPI(NinjaAPI):
    """ninja's API, with a JSON 404 (pointing to the docs) for /api/v1/ and any unknown path."""

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        urls = []
        for url in super()._get_urls():
            if (
                getattr(url, "name", None) == "api-root"
            ):  # kept under its name, for reverse()
                url = path("", self._unknown_path, name="api-root")
            urls.append(url)
        return [*urls, re_path(r"^[\s\S]*$", self._unknown_path)]  # newlines too (%0A)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """ninja's schema, with the error answers described in words."""
        schema = super().get_openapi_schema(**kwargs)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                for status, answer in operation.get("responses", {}).items():
                    if int(status) in ERROR_DESCRIPTIONS:
                        answer["description"] = ERROR_DESCRIPTIONS[int(status)]
        return schema

    def _unknown_path(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        detail = f"No API endpoint at {request.path}; see /api/v1/docs."
        return self.create_response(
            request, {"detail": detail, "errors": {}}, status=404
        )


api = RelaisAPI(
    title="Relais API",
    version="1",
    description=(
        "Contacts, organisations, notes, tags, tasks, interactions, duplicates and merges "
        "of a Relais workspace."
    ),
    urls_namespace="api-v1",
    auth=DEFAULT_AUTH,
)
install_error_handlers(api)

api.add_router("", accounts_router)
for router in (
    *contact_routers,
    *timeline_routers,
    *matching_routers,
    audit_router,
    reports_router,
    privacy_router,
    outreach_router,
    outreach_check_router,
    outreach_report_router,
    listening_router,
    insight_router,
    community_router,
    *automation_routers,
    service_router,
):
    api.add_router("", router)
