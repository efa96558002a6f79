"""Self-service update links: a contact corrects what the base holds about them.

A link is an itsdangerous token (salt ``relais.privacy.self-update``, one salt per purpose)
signed with the secret key, naming one contact and one ``SelfUpdateLink`` row, and valid
RELAIS_SELF_UPDATE_DAYS days. It stops working when it expires, when a newer link is issued
for the contact (issuing revokes the older ones: only the latest link sent works), or when
the contact is erased (the row goes with it) or merged into another (archived). It may be
used several times while valid, so that someone can come back to fix a typo.

What the person sends lands with provenance kind "self-update": applied at once
(RELAIS_SELF_UPDATE_MODE=apply, the default) or kept as a ``SelfUpdateProposal`` for the
owner to approve (``review``), with a task for the owner.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts import services as contacts
from relais.contacts.models import Contact, ContactPoint, Provenance
from relais.contacts.services.contacts import _clean_fields
from relais.contacts.services.points import PointInput, region_for, validate_point
from relais.core.errors import InvalidInput, NotFound
from relais.core.links import absolute_url
from relais.privacy.models import LawfulBasis, SelfUpdateLink, SelfUpdateProposal
from relais.timeline.models import Task

from .consent import set_lawful_basis
from .freshness import confirm_contact

if TYPE_CHECKING:
    from relais.accounts.models import User

SALT = "relais.privacy.self-update"
SOURCE = contacts.Source(
    kind=Provenance.SourceKind.SELF_UPDATE, name="self-update link"
)
EDITABLE = ("first_name", "last_name", "title", "organisation", "city", "language")


class LinkInvalid(Exception):
    """A link that cannot be used; ``reason`` is 'invalid', 'expired' or 'replaced'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.SECRET_KEY, salt=SALT)


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(settings.RELAIS_SELF_UPDATE_DAYS))


def issue_link(*, actor: User | None, contact: Contact) -> SelfUpdateLink:
    """A new link for ``contact``; older links of the contact stop working."""
    ensure_can_write(actor)
    with transaction.atomic():
        now = timezone.now()
        SelfUpdateLink.objects.filter(contact=contact, revoked_at__isnull=True).update(
            revoked_at=now
        )
        link = SelfUpdateLink.objects.create(
            contact=contact, token=secrets.token_hex(16), issued_by=actor
        )
        link.token = _serializer().dumps({"c": contact.pk, "l": link.pk})
        link.save(update_fields=["token"])
        record(
            actor=actor,
            action="self_update.link",
            obj=contact,
            contact_id=contact.pk,
            changes={"link": link.pk},
        )
    return link


def link_url(link: SelfUpdateLink) -> str:
    return absolute_url(reverse("web:self_update", kwargs={"token": link.token}))


def self_update_url(contact: Contact, *, actor: User | None = None) -> str:
    """The link to put in an email to ``contact``: the current one while it has at least a
    week to live (copying it does not break one already sent), else a new one."""
    current = (
        SelfUpdateLink.objects.filter(contact=contact, revoked_at__isnull=True)
        .order_by("-issued_at", "-pk")
        .first()
    )
    margin = dt.timedelta(days=min(7, int(settings.RELAIS_SELF_UPDATE_DAYS) / 2))
    if current is None or current.issued_at + max_age() - margin < timezone.now():
        current = issue_link(actor=actor, contact=contact)
    return link_url(current)


def open_link(token: str) -> SelfUpdateLink:
    """The link behind ``token``, or LinkInvalid: forged, expired, replaced, or its contact
    erased or merged."""
    try:
        data = _serializer().loads(token, max_age=int(max_age().total_seconds()))
    except SignatureExpired:
        raise LinkInvalid("expired") from None
    except BadSignature:
        raise LinkInvalid("invalid") from None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), int) for k in ("c", "l")
    ):
        raise LinkInvalid("invalid")
    link = (
        SelfUpdateLink.objects.select_related("contact", "contact__organisation")
        .filter(pk=data["l"], contact_id=data["c"], token=token)
        .first()
    )
    if link is None:
        raise LinkInvalid("invalid")
    if link.revoked_at is not None:
        raise LinkInvalid("replaced")
    contact = link.contact
    if contact.status == Contact.Status.ARCHIVED or getattr(
        contact, "merged_into_id", None
    ):
        raise LinkInvalid("invalid")
    return link


@dataclass
class Corrections:
    """What the person sent: fields, the full lists of emails and phones, marketing consent."""

    fields: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    marketing: bool | None = None


def held(contact: Contact) -> dict[str, Any]:
    """What the person sees of themself on the page."""
    points = list(contact.points.order_by("kind", "-is_primary", "pk"))
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "title": contact.title,
        "organisation": contact.organisation.name if contact.organisation else "",
        "city": contact.city,
        "language": contact.language,
        "emails": [p.value for p in points if p.kind == ContactPoint.Kind.EMAIL],
        "phones": [p.value for p in points if p.kind == ContactPoint.Kind.PHONE],
        "others": [p for p in points if p.kind not in ("email", "phone")],
        "marketing": contact.lawful_basis
        in (
            LawfulBasis.CONSENT,
            LawfulBasis.LEGITIMATE_INTEREST,
            LawfulBasis.CUSTOMER,
        ),
        "lawful_basis": contact.lawful_basis,
    }


def _point_changes(
    contact: Contact, kind: str, wanted: list[str]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    errors: dict[str, str] = {}
    region = region_for(contact)
    current = {p.normalized_value: p.value for p in contact.points.filter(kind=kind)}
    given: dict[str, str] = {}
    for value in wanted:
        if not value.strip():
            continue
        try:
            given[validate_point(PointInput(kind, value), region, kind + "s")] = (
                value.strip()
            )
        except InvalidInput as exc:
            errors.update(exc.errors)
    add = [v for n, v in given.items() if n not in current]
    remove = [v for n, v in current.items() if n not in given]
    return {"add": add, "remove": remove}, errors


def diff(contact: Contact, corrections: Corrections) -> dict[str, Any]:
    """The changes the corrections make, or InvalidInput naming each bad field."""
    now = held(contact)
    errors: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    for name, value in corrections.fields.items():
        if name not in EDITABLE:
            errors[name] = "Not a field you can change here."
            continue
        value = " ".join(value.split())
        if len(value) > 300:
            errors[name] = "Longer than 300 characters."
            continue
        if name != "organisation":
            try:
                value = _clean_fields({name: value})[name]
            except InvalidInput as exc:
                errors.update(exc.errors)
                continue
        if value != now[name]:
            fields[name] = [now[name], value]
    emails, bad = _point_changes(contact, ContactPoint.Kind.EMAIL, corrections.emails)
    errors.update(bad)
    phones, bad = _point_changes(contact, ContactPoint.Kind.PHONE, corrections.phones)
    errors.update(bad)
    if errors:
        raise InvalidInput(errors)
    changes: dict[str, Any] = {"fields": fields, "emails": emails, "phones": phones}
    if corrections.marketing is not None and corrections.marketing != now["marketing"]:
        changes["marketing"] = corrections.marketing
    return changes


def submit(link: SelfUpdateLink, corrections: Corrections) -> SelfUpdateProposal:
    """Take what the person sent through ``link``: applied now, or kept for review."""
    contact = link.contact
    changes = diff(contact, corrections)
    mode = str(settings.RELAIS_SELF_UPDATE_MODE)
    with transaction.atomic():
        SelfUpdateLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
        proposal = SelfUpdateProposal.objects.create(contact=contact, changes=changes)
        if mode == "review":
            Task.objects.create(
                title=(
                    _("Review the details %(name)s sent")
                    % {"name": contact.display_name}
                )[:300],
                details=_(
                    "The contact corrected their details through their self-update link."
                ),
                due_date=timezone.localdate(),
                assignee=contact.owner,
                contact=contact,
            )
            record(
                actor=None,
                action="self_update.proposed",
                obj=proposal,
                contact_id=contact.pk,
            )
        else:
            _apply(None, proposal)
    return proposal


def _apply(actor: User | None, proposal: SelfUpdateProposal) -> None:
    contact = Contact.objects.select_related("organisation").get(pk=proposal.contact_id)
    changes = proposal.changes
    fields = {name: pair[1] for name, pair in changes.get("fields", {}).items()}
    if fields:
        contacts.update_contact(
            actor=actor, contact=contact, changes=fields, source=SOURCE
        )
    for kind in (ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE):
        part = changes.get(kind + "s", {})
        for value in part.get("add", []):
            contacts.add_point(
                actor=actor, contact=contact, kind=kind, value=value, source=SOURCE
            )
        for value in part.get("remove", []):
            point = contact.points.filter(kind=kind, value=value).first()
            if point is not None:
                contacts.remove_point(actor=actor, point=point)
    if "marketing" in changes:
        set_lawful_basis(
            actor=actor,
            contact=contact,
            basis=LawfulBasis.CONSENT
            if changes["marketing"]
            else LawfulBasis.OPTED_OUT,
            source="self-update link",
        )
    confirm_contact(actor=actor, contact=contact, via="self-update")
    proposal.status = SelfUpdateProposal.Status.APPLIED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor
    proposal.save(update_fields=["status", "decided_at", "decided_by"])
    record(
        actor=actor,
        action="self_update.applied",
        obj=proposal,
        contact_id=contact.pk,
        changes=changes,
    )


def decide(
    *, actor: User | None, proposal: SelfUpdateProposal, approve: bool
) -> SelfUpdateProposal:
    """The owner's decision on corrections sent in review mode."""
    ensure_can_write(actor)
    if proposal.status != SelfUpdateProposal.Status.PENDING:
        raise InvalidInput({"proposal": "This request was already decided."})
    with transaction.atomic():
        if approve:
            _apply(actor, proposal)
        else:
            proposal.status = SelfUpdateProposal.Status.REJECTED
            proposal.decided_at = timezone.now()
            proposal.decided_by = actor
            proposal.save(update_fields=["status", "decided_at", "decided_by"])
            record(
                actor=actor,
                action="self_update.rejected",
                obj=proposal,
                contact_id=proposal.contact_id,
            )
    return proposal


def pending_for(contact: Contact) -> list[SelfUpdateProposal]:
    return list(
        SelfUpdateProposal.objects.filter(
            contact=contact, status=SelfUpdateProposal.Status.PENDING
        )
    )


def get_proposal(pk: int) -> SelfUpdateProposal:
    try:
        return SelfUpdateProposal.objects.get(pk=pk)
    except (SelfUpdateProposal.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No self-update request with id {pk}.") from None
