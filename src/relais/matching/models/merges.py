"""A merge of two contacts: who, when, why, and the record that makes it undoable exactly.

The merged contact is archived (``Contact.merged_into``), never deleted. ``changes`` lists every
change the merge made — rows moved from one contact to the other, fields set, duplicate rows
folded into their twin (kept whole), rows created — so that undo can reverse exactly those
changes and nothing else: what happened to the contacts since stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Merge(models.Model):
    class Reason(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        REVIEW = "review", _("Review")
        MANUAL = "manual", _("By hand")

    survivor = models.ForeignKey(
        "contacts.Contact",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged = models.ForeignKey(
        "contacts.Contact",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Names at the time of the merge, kept if a contact is deleted later.
    survivor_name = models.CharField(max_length=300)
    merged_name = models.CharField(max_length=300)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    probability = models.FloatField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # See the module docstring; written by services.merge, read by services.undo.
    changes = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.survivor_name}"

    @property
    def why(self) -> str:
        """ "automatic, probability 0.99", "review, probability 0.87", "manual"."""
        if self.probability is None:
            return str(self.reason)
        return f"{self.reason}, probability {self.probability:.2f}"
