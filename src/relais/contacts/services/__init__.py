"""Use cases on contacts: the one place where contacts, their points, tags and notes change.

The CLI, the API, the HTML views and background jobs all call these functions. Each write
checks the actor's role, runs in a transaction, records provenance and writes the audit log.
"""

from .contacts import (
    CONTACT_FIELDS,
    PointInput,
    Source,
    create_contact,
    delete_contact,
    update_contact,
)
from .notes import add_note, delete_note, update_note
from .organisations import (
    create_organisation,
    delete_organisation,
    get_or_create_organisation,
    update_organisation,
)
from .points import add_point, remove_point, update_point
from .tags import (
    add_tags,
    create_tag,
    delete_tag,
    get_or_create_tag,
    remove_tag,
    rename_tag,
    set_tags,
)

__all__ = [
    "CONTACT_FIELDS",
    "PointInput",
    "Source",
    "add_note",
    "add_point",
    "add_tags",
    "create_contact",
    "create_organisation",
    "create_tag",
    "delete_contact",
    "delete_note",
    "delete_organisation",
    "delete_tag",
    "get_or_create_organisation",
    "get_or_create_tag",
    "remove_point",
    "remove_tag",
    "rename_tag",
    "set_tags",
    "update_contact",
    "update_note",
    "update_organisation",
    "update_point",
]
