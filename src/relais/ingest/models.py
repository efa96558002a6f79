"""An import batch: one run of an import over one or several sources.

Provenance entries point at their batch so that a whole import can be reported on,
segmented ("contacts from the Salon 2024 list") and audited. ``ImportedRecord`` keeps one
fingerprint per source record written, so that importing the same file again adds nothing
and an interrupted import picks up where it stopped; ``ImportedTagLink`` remembers the tags an
import put on contacts it did not create, so that undoing the import removes exactly those.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    label = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    stats = models.JSONField(default=dict, blank=True)
    # Identity of what was asked for (sources and column mapping): an unfinished batch with
    # the same key is resumed instead of opening a new one.
    sources_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.label} ({self.started_at:%Y-%m-%d %H:%M})"


class ImportedRecord(models.Model):
    """One source record written by a batch, known by the fingerprint of what it said."""

    fingerprint = models.CharField(max_length=40, unique=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="records"
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty fields of an existing contact that this record filled: {"title": "CEO"}.
    filled = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return self.fingerprint


class ImportedTagLink(models.Model):
    """A tag a batch put on a contact it did not create."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="tag_links"
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey("contacts.Tag", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.tag_id}"


class CardDraft(models.Model):
    """A card photo read but not yet confirmed: what the confirm page shows.

    Private to the person who took it. Confirming imports it through the pipeline (the
    contact, its provenance and the photo as an attachment) and deletes the draft;
    discarding deletes it.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    # The trade show or event the card was collected at, and the tag to give the contact.
    event = models.CharField(max_length=200, blank=True)
    tag = models.CharField(max_length=80, blank=True)
    # What the card reader found: {"first_name": ..., "phones": [[value, label], ...]}, and
    # the confidence of each field (readers/card.py: confidences).
    fields = models.JSONField(default=dict)
    confidence = models.JSONField(default=dict)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name
