"""What a profile rests on besides text: the person's own answers and colleagues' views.

Text-based estimates are not stored: they are recomputed from the messages on the timeline,
so they follow the evidence (and vanish with it when a contact is erased).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """One reading of a contact on the two axes: self-answered (questionnaire) or a
    colleague's four sliders. A colleague has one current assessment per contact."""

    class Source(models.TextChoices):
        SELF = "self", _("Own answers")
        COLLEAGUE = "colleague", _("Colleague")

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="assessments"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    pace = models.FloatField()  # -1 reflective … +1 direct
    focus = models.FloatField()  # -1 task … +1 people
    answers = models.JSONField(default=dict)
    lang = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "assessor"],
                condition=models.Q(source="colleague"),
                name="one_assessment_per_colleague",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    pace__gte=-1, pace__lte=1, focus__gte=-1, focus__lte=1
                ),
                name="assessment_axes_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.contact_id}: {self.pace:+.2f}/{self.focus:+.2f}"


class ContactProfile(models.Model):
    """The profile as last computed, so that exports and segments can read it in bulk.

    Refreshed when someone answers or assesses, by ``relais profile refresh`` and nightly
    (new messages move the text estimate); the page always computes it afresh.
    """

    # Its own id, not the contact's: a merge carries the row to the survivor like any other.
    contact = models.OneToOneField(
        "contacts.Contact",
        on_delete=models.CASCADE,
        related_name="communication_profile",
    )
    source = models.CharField(max_length=16)  # self, colleagues, text
    type = models.CharField(max_length=4)
    disc = models.CharField(max_length=1, db_index=True)
    pace = models.FloatField()
    focus = models.FloatField()
    confidence = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.type} ({self.source}, {self.confidence:.2f})"

    def as_record(self) -> dict[str, object]:
        return {
            "source": self.source,
            "type": self.type,
            "disc": self.disc,
            "pace": round(self.pace, 3),
            "focus": round(self.focus, 3),
            "confidence": self.confidence,
        }
