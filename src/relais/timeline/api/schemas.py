"""Shapes of interactions, tasks and timeline entries in the REST API."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from relais.contacts.api.schemas import NoteOut
from relais.core.api_fields import (
    Day,
    Flag,
    Id,
    InputSchema,
    Line,
    LongText,
    Moment,
    RefId,
    UserRef,
)
from relais.timeline.models import Interaction, Participant


class ParticipantOut(Schema):
    contact_id: int
    role: str


class ParticipantIn(InputSchema):
    contact_id: RefId
    role: Participant.Role = Participant.Role.PARTICIPANT


class InteractionOut(Schema):
    id: int
    channel: str
    direction: str = Field(description="'in': from the contact; 'out': to the contact")
    occurred_at: dt.datetime
    subject: str
    body: str
    author: str | None = Field(None, description="Email address of the author")
    author_id: int | None
    external_id: str
    participants: list[ParticipantOut]
    created_at: dt.datetime

    @staticmethod
    def resolve_author(interaction: Any) -> str | None:
        return interaction.author.email if interaction.author_id else None

    @staticmethod
    def resolve_participants(interaction: Any) -> list[dict[str, Any]]:
        return [
            {"contact_id": p.contact_id, "role": p.role}
            for p in interaction.participants.all()
        ]


class InteractionIn(InputSchema):
    channel: Interaction.Channel
    direction: Interaction.Direction
    occurred_at: Moment | None = Field(None, description="Defaults to now")
    subject: Line = ""
    body: LongText = ""
    contacts: Annotated[list[ParticipantIn], Field(min_length=1, max_length=100)]
    external_id: Line = Field(
        "", description="Identity in the source; logging it twice returns the first"
    )


class InteractionPatch(InputSchema):
    """Only the fields present change; participants are fixed once logged."""

    channel: Interaction.Channel | None = None
    direction: Interaction.Direction | None = None
    occurred_at: Moment | None = None
    subject: Line | None = None
    body: LongText | None = None


class InteractionQuery(Schema):
    contact: Id | None = Field(None, description="Contact id")
    channel: Interaction.Channel | None = None


class TaskOut(Schema):
    id: int
    title: str
    details: str
    due_date: dt.date | None
    done: bool
    done_at: dt.datetime | None
    assignee: str | None = Field(None, description="Email address of the assignee")
    assignee_id: int | None
    contact_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_assignee(task: Any) -> str | None:
        return task.assignee.email if task.assignee_id else None


class TaskIn(InputSchema):
    title: Line
    details: LongText = ""
    due_date: Day | None = None
    assignee: UserRef | None = Field(
        None, description="User id or email; defaults to you"
    )
    contact: RefId | None = Field(None, description="Contact id")


class TaskPatch(InputSchema):
    """Only the fields present change; ``null`` clears the due date, assignee or contact."""

    title: Line | None = None
    details: LongText | None = None
    due_date: Day | None = None
    assignee: UserRef | None = None
    contact: RefId | None = None
    done: Flag | None = None


class TaskQuery(Schema):
    assignee: Id | None = Field(None, description="User id")
    contact: Id | None = Field(None, description="Contact id")
    done: bool | None = None


class TimelineEntryOut(Schema):
    """One line of a contact's timeline: exactly one of interaction, note, task is set."""

    kind: str = Field(description="'interaction', 'note' or 'task' (a completed task)")
    at: dt.datetime
    interaction: InteractionOut | None = None
    note: NoteOut | None = None
    task: TaskOut | None = None


class TimelinePage(Schema):
    items: list[TimelineEntryOut]
    count: int
