"""/audit and /contacts/{id}/audit: the audit log over the REST API.

The global log is for admins (it shows every user's actions); a contact's history of changes
is readable by anyone who can read the contact.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from relais.accounts.api_auth import actor
from relais.accounts.services import ensure_admin
from relais.audit import selectors
from relais.audit.models import AuditEntry
from relais.contacts import selectors as contact_selectors
from relais.core.api_fields import Day, Paging, PathId, Term
from relais.core.api_support import responses

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    contact_id: int | None
    changes: dict[str, Any]

    @staticmethod
    def resolve_actor(entry: AuditEntry) -> str:
        return entry.actor_label

    @staticmethod
    def resolve_changes(entry: AuditEntry) -> dict[str, Any]:
        return entry.changes if isinstance(entry.changes, dict) else {}


class AuditQuery(Schema):
    actor: Term = ""
    action: Term = ""
    object_type: Term = ""
    since: Day | None = None
    until: Day | None = None


def _filter(q: AuditQuery, contact_id: int | None = None) -> selectors.AuditFilter:
    return selectors.AuditFilter(
        actor=q.actor,
        action=q.action,
        object_type=q.object_type,
        since=q.since,
        until=q.until,
        contact_id=contact_id,
    )


@router.get(
    "/audit",
    response=responses({200: list[AuditEntryOut]}),
    summary="The audit log (admins)",
)
@paginate(Paging)
def audit_log(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    """Every change, newest first. ``action`` ending with a dot is a prefix (``contact.``)."""
    ensure_admin(actor(request))
    return selectors.list_entries(_filter(filters))


@router.get(
    "/contacts/{contact_id}/audit",
    response=responses({200: list[AuditEntryOut]}),
    summary="A contact's history of changes",
)
@paginate(Paging)
def contact_audit(
    request: HttpRequest, contact_id: PathId, filters: Query[AuditQuery]
) -> Any:
    contact = contact_selectors.get_contact(contact_id)
    return selectors.list_entries(_filter(filters, contact.pk))
