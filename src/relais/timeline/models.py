"""The shared memory of the team: interactions across channels, and tasks.

An interaction is one exchange (an email, a call, a meeting, a LinkedIn message…) with one or
more contacts, written by or involving a user. Anyone in the team sees the whole timeline of a
contact, whoever had the conversation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.core.fields import created_by_batch_field


class Interaction(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        LINKEDIN = "linkedin", _("LinkedIn")
        SMS = "sms", _("SMS")
        SOCIAL = "social", _("Social")
        OTHER = "other", _("Other")

    class Direction(models.TextChoices):
        INBOUND = "in", _("Inbound")
        OUTBOUND = "out", _("Outbound")

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices
    )
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    body = models.TextField(_("body"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    contacts = models.ManyToManyField(
        "contacts.Contact", through="Participant", related_name="interactions"
    )
    # Identity in the source (an email Message-ID, a LinkedIn conversation id) so that
    # importing the same mailbox twice does not duplicate the timeline.
    external_id = models.CharField(max_length=500, blank=True, db_index=True)
    created_by_batch = created_by_batch_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}: {self.subject}"[
                :120
            ]
        )


class Participant(models.Model):
    class Role(models.TextChoices):
        FROM = "from", _("From")
        TO = "to", _("To")
        CC = "cc", _("Cc")
        BCC = "bcc", _("Bcc")
        PARTICIPANT = "participant", _("Participant")

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="participants"
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(
        max_length=16, choices=Role.choices, default=Role.PARTICIPANT
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "contact"], name="unique_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.contact_id}"


class Task(models.Model):
    title = models.CharField(_("title"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["done", "due_date", "id"]

    def __str__(self) -> str:
        return self.title
