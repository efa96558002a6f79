"""What a reader hands to the import pipeline: plain records, no database.

Every reader turns one source (a file, a zip member, a Maildir folder) into a stream of
``PersonRecord`` (someone to create or enrich), ``MessageRecord`` (an exchange for the
timeline) and ``Skipped`` (something left out, and why). Values are kept as written, trimmed:
normalising phones, emails and URLs is the pipeline's job (``relais.contacts.normalize``), so
that a contact point keeps what the source said next to its normalised form.

``source_name`` and ``record_number`` are what provenance stores: "Connections.csv, record 12".
Numbers are 1-based: the n-th data row under the header, the n-th card, the n-th message.
``record_number`` 0 on a ``Skipped`` means the whole source was left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Kinds of contact points: the values of ``relais.contacts.models.ContactPoint.Kind``, spelled
# out here so that readers stay free of Django (a unit test checks they agree).
EMAIL = "email"
PHONE = "phone"
URL = "url"
LINKEDIN = "linkedin"
TWITTER = "twitter"
MASTODON = "mastodon"
FACEBOOK = "facebook"
OTHER = "other"
POINT_KINDS = (EMAIL, PHONE, URL, LINKEDIN, TWITTER, MASTODON, FACEBOOK, OTHER)

# Keys a reader may put in ``PersonRecord.fields``. The first block are ``Contact`` fields (the
# organisation by name); the others have no column yet and are the pipeline's to place.
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "display_name",
    "title",
    "organisation",
    "city",
    "country",
    "language",
    "note",
    "middle_name",
    "nickname",
    "civility",
    "department",
    "address",
    "postal_code",
    "birthday",
)


@dataclass(frozen=True)
class Point:
    """One way to reach someone, as written: ``Point("phone", "06 12 34 56 78", "mobile")``."""

    kind: str
    value: str
    label: str = ""
    primary: bool = False


@dataclass(frozen=True)
class Attachment:
    """A file a record brings for its person (a card's photo), kept with the contact."""

    name: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass
class PersonRecord:
    """One person as a source describes them."""

    source_name: str
    record_number: int
    fields: dict[str, str] = field(default_factory=dict)
    points: list[Point] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Columns or properties with no field of their own, by their name in the source.
    extra: dict[str, str] = field(default_factory=dict)
    # What kind of source provenance names ("card"); empty: an import like any other.
    source_kind: str = ""
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Participant:
    """Someone in an exchange: an email address, or a LinkedIn profile URL (``kind``)."""

    role: str  # "from", "to", "cc" or "bcc"
    address: str
    name: str = ""
    kind: str = EMAIL


@dataclass
class MessageRecord:
    """One exchange: an email, a LinkedIn message or invitation.

    Direction is not decided here: the pipeline knows which addresses are the workspace's.
    ``signature`` is what the sender's signature says about them (never for a workspace user,
    never for automated mail). ``automated`` marks newsletters, notifications and bounces.
    """

    source_name: str
    record_number: int
    external_id: str
    channel: str  # "email" or "linkedin": values of Interaction.Channel
    occurred_at: dt.datetime | None
    subject: str = ""
    body: str = ""
    sender: Participant | None = None
    recipients: list[Participant] = field(default_factory=list)
    signature: PersonRecord | None = None
    thread_id: str = ""
    automated: bool = False
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """Something left out. ``field`` empty: the whole record (or, with number 0, the source).

    With ``field`` set, only that value was left out and the record itself still comes.
    """

    source_name: str
    record_number: int
    field: str
    reason: str


Record = PersonRecord | MessageRecord | Skipped
