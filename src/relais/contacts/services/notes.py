"""Notes on a contact: free text, authored, shown on the timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Contact, Note
from relais.contacts.search.index import index_contacts
from relais.core.errors import Forbidden, InvalidInput

if TYPE_CHECKING:
    from relais.accounts.models import User

MAX_NOTE = 20_000


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise InvalidInput({"body": "A note cannot be empty."})
    if len(body) > MAX_NOTE:
        raise InvalidInput({"body": f"A note is limited to {MAX_NOTE} characters."})
    return body


def add_note(*, actor: User | None, contact: Contact, body: str) -> Note:
    ensure_can_write(actor)
    body = _clean_body(body)
    with transaction.atomic():
        note = Note.objects.create(contact=contact, author=actor, body=body)
        record(actor=actor, action="note.add", obj=note, contact_id=contact.pk)
        index_contacts([contact.pk])
    return note


def _ensure_author_or_admin(actor: User | None, note: Note) -> None:
    ensure_can_write(actor)
    if actor is not None and not actor.is_admin and note.author_id != actor.pk:
        raise Forbidden("Only its author or an admin can change a note.")


def update_note(*, actor: User | None, note: Note, body: str) -> Note:
    _ensure_author_or_admin(actor, note)
    body = _clean_body(body)
    with transaction.atomic():
        note.body = body
        note.save()
        record(actor=actor, action="note.update", obj=note, contact_id=note.contact_id)
        index_contacts([note.contact_id])
    return note


def delete_note(*, actor: User | None, note: Note) -> None:
    _ensure_author_or_admin(actor, note)
    with transaction.atomic():
        record(actor=actor, action="note.delete", obj=note, contact_id=note.contact_id)
        note.delete()
        index_contacts([note.contact_id])
