"""What a team does with a mention: status, assignee, label corrections, the contact link
("not this person", link by hand, create a contact from the author)."""

from __future__ import annotations

from django.db import transaction

from relais.accounts.models import User
from relais.accounts.services import ensure_can_write
from relais.audit import services as audit
from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import InvalidValue, normalize_mastodon
from relais.contacts.services.contacts import create_contact
from relais.contacts.services.points import PointInput
from relais.contacts.services.source import Source as Provenance
from relais.core.errors import InvalidInput, NotFound

from ..models import LabelCorrection, Mention, NotThisPerson
from .labelling import mention_text
from .linking import author_key

LABELS = ["complaint", "question", "praise", "purchase_intent", "spam", "other"]


def get_mention(mention_id: int) -> Mention:
    try:
        return Mention.objects.select_related("source", "contact", "assignee").get(
            pk=mention_id
        )
    except Mention.DoesNotExist:
        raise NotFound(f"no mention {mention_id}") from None


def set_status(*, actor: User | None, mention: Mention, status: str) -> Mention:
    ensure_can_write(actor)
    if status not in Mention.Status.values:
        raise InvalidInput({"status": f"one of {', '.join(Mention.Status.values)}"})
    with transaction.atomic():
        before = mention.status
        mention.status = status
        mention.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action="mention.status",
            obj=mention,
            changes={"status": [before, status]},
        )
    return mention


def assign(*, actor: User | None, mention: Mention, assignee: User | None) -> Mention:
    ensure_can_write(actor)
    with transaction.atomic():
        mention.assignee = assignee
        mention.save(update_fields=["assignee"])
        audit.record(
            actor=actor,
            action="mention.assign",
            obj=mention,
            changes={"assignee": assignee.email if assignee else None},
        )
    return mention


def correct_label(
    *, actor: User | None, mention: Mention, label: str
) -> LabelCorrection:
    """Set the right label; the correction is kept for retraining the classifier."""
    ensure_can_write(actor)
    if label not in LABELS:
        raise InvalidInput({"label": f"one of {', '.join(LABELS)}"})
    with transaction.atomic():
        correction = LabelCorrection.objects.create(
            mention=mention,
            text=mention_text(mention.title, mention.text),
            previous_label=mention.label,
            label=label,
            corrected_by=actor,
        )
        mention.label = label
        mention.save(update_fields=["label"])
        audit.record(
            actor=actor,
            action="mention.label",
            obj=mention,
            changes={"label": [correction.previous_label, label]},
        )
    return correction


def not_this_person(*, actor: User | None, mention: Mention) -> None:
    """Unlink the mention and never link this author to that contact again."""
    ensure_can_write(actor)
    if mention.contact_id is None:
        raise InvalidInput({"contact": "this mention is not linked to anyone"})
    key = author_key(mention)
    with transaction.atomic():
        if key:
            NotThisPerson.objects.get_or_create(
                author_key=key,
                contact_id=mention.contact_id,
                defaults={"decided_by": actor},
            )
        same = Mention.objects.filter(contact_id=mention.contact_id).exclude(
            pk=mention.pk
        )
        unlinked = [mention, *(m for m in same if key and author_key(m) == key)]
        for m in unlinked:
            m.contact = None
            m.link_evidence = {}
        Mention.objects.bulk_update(unlinked, ["contact", "link_evidence"])
        audit.record(
            actor=actor,
            action="mention.not_this_person",
            obj=mention,
            changes={"author": key},
        )


def link_to(*, actor: User | None, mention: Mention, contact: Contact) -> Mention:
    ensure_can_write(actor)
    with transaction.atomic():
        mention.contact = contact
        mention.link_evidence = {
            "rule": "by hand",
            "detail": actor.email if actor else "system",
            "score": 1.0,
        }
        mention.save(update_fields=["contact", "link_evidence"])
        audit.record(
            actor=actor, action="mention.link", obj=mention, contact_id=contact.pk
        )
    return mention


def create_contact_from_author(*, actor: User | None, mention: Mention) -> Contact:
    """A contact from the mention's author, with provenance kind "mention"."""
    ensure_can_write(actor)
    if mention.contact_id:
        raise InvalidInput({"contact": "this mention is already linked to a contact"})
    name = mention.author_name or mention.author_handle
    if not name:
        raise InvalidInput({"author": "the mention names no author"})
    points: list[PointInput] = []
    if handle := mention.author_handle:
        try:
            normalize_mastodon(handle)
            points.append(PointInput(kind=ContactPoint.Kind.MASTODON, value=handle))
        except InvalidValue:
            points.append(PointInput(kind=ContactPoint.Kind.OTHER, value=handle))
    if mention.author_url:
        points.append(PointInput(kind=ContactPoint.Kind.URL, value=mention.author_url))
    if mention.author_email:
        points.append(
            PointInput(kind=ContactPoint.Kind.EMAIL, value=mention.author_email)
        )
    first, _, last = mention.author_name.strip().rpartition(" ")
    with transaction.atomic():
        contact = create_contact(
            actor=actor,
            source=Provenance(
                kind="mention",
                name=f"{mention.source.name}: {mention.url or mention.pk}",
            ),
            first_name=first if last else "",
            last_name=last or "",
            display_name=name,
            points=points,
        )
        mention.contact = contact
        mention.link_evidence = {
            "rule": "created from author",
            "detail": name,
            "score": 1.0,
        }
        mention.save(update_fields=["contact", "link_evidence"])
    return contact
