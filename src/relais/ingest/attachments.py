"""Files an import keeps with the contacts it wrote: the photos of business cards.

Called by the import pipeline inside the chunk's transaction, after the writer has chosen the
contact (new, or an existing one the card matched): the photo goes with that contact, so a
merge carries it and an erasure deletes it (``contacts.Attachment`` cascades).
"""

from __future__ import annotations

import hashlib

from relais.contacts.models import Attachment as StoredAttachment

from .models import ImportBatch
from .readers.records import Attachment


def keep_attachment(
    contact_id: int, attachment: Attachment, batch: ImportBatch
) -> None:
    """Store ``attachment`` on the contact, unless that contact already holds the same file."""
    digest = hashlib.sha256(attachment.data).hexdigest()
    if StoredAttachment.objects.filter(contact_id=contact_id, sha256=digest).exists():
        return
    StoredAttachment.objects.create(
        contact_id=contact_id,
        name=attachment.name[:255],
        content_type=attachment.content_type[:100],
        data=attachment.data,
        size=len(attachment.data),
        sha256=digest,
        batch=batch,
    )
