"""Notes on a contact: /contacts/{id}/notes and /notes/{id}. Only its author or an admin edits a note."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from relais.accounts.api_auth import actor
from relais.contacts import selectors, services
from relais.contacts.models import Note
from relais.core.api_fields import Paging, PathId
from relais.core.api_support import responses

from .schemas import NoteIn, NoteOut

router = Router(tags=["notes"])


@router.get(
    "/contacts/{contact_id}/notes",
    response=responses({200: list[NoteOut]}),
    summary="A contact's notes",
)
@paginate(Paging)
def list_notes(request: HttpRequest, contact_id: PathId) -> Any:
    """Newest first."""
    return selectors.list_notes(selectors.get_contact(contact_id))


@router.post(
    "/contacts/{contact_id}/notes",
    response=responses({201: NoteOut}),
    summary="Add a note",
)
def add_note(request: HttpRequest, contact_id: PathId, payload: NoteIn) -> Status[Note]:
    note = services.add_note(
        actor=actor(request),
        contact=selectors.get_contact(contact_id),
        body=payload.body,
    )
    return Status(201, note)


@router.get(
    "/notes/{note_id}", response=responses({200: NoteOut}), summary="Read a note"
)
def get_note(request: HttpRequest, note_id: PathId) -> Note:
    return selectors.get_note(note_id)


@router.patch(
    "/notes/{note_id}", response=responses({200: NoteOut}), summary="Change a note"
)
def update_note(request: HttpRequest, note_id: PathId, payload: NoteIn) -> Note:
    return services.update_note(
        actor=actor(request), note=selectors.get_note(note_id), body=payload.body
    )


@router.delete(
    "/notes/{note_id}", response=responses({204: None}), summary="Delete a note"
)
def delete_note(request: HttpRequest, note_id: PathId) -> Status[None]:
    services.delete_note(actor=actor(request), note=selectors.get_note(note_id))
    return Status(204, None)
