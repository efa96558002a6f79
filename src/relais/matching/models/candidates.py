"""Pairs of contacts that may be one person, and the "not the same person" decisions.

``MatchCandidate`` is one pair the engine proposed (``left_id < right_id``), with the evidence it
gave, waiting in the review queue or already decided. ``NotSameDecision`` remembers that
someone said two contacts are different people, so the pair is never proposed again: it is
keyed by the contacts' ids, so editing either contact or re-running dedupe does not revive it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchCandidate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        MERGED = "merged", _("Merged")
        NOT_SAME = "not_same", _("Not the same person")
        SKIPPED = "skipped", _("Skipped")

    class DecidedBy(models.TextChoices):
        IDENTIFIER = "identifier", _("Same identifier")
        MODEL = "model", _("Scoring model")

    left = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+"
    )
    probability = models.FloatField()
    decided_by = models.CharField(max_length=16, choices=DecidedBy.choices)
    # The engine's Evidence values as dicts: field, outcome, weight, detail, params.
    evidence = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merge = models.ForeignKey(
        "matching.Merge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )

    class Meta:
        ordering = ["-probability", "id"]
        indexes = [models.Index(fields=["status", "-probability"])]
        constraints = [
            models.UniqueConstraint(
                fields=["left", "right"], name="unique_match_candidate"
            ),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")),
                name="match_candidate_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id} ({self.probability:.2f})"


class NotSameDecision(models.Model):
    """Two contacts someone said are different people (``left_id < right_id``)."""

    left = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="unique_not_same"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")),
                name="not_same_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_id}≠{self.right_id}"
