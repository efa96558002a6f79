"""Reaching out: templates, campaigns and sequences, one delivery per message, and what
happened to it afterwards (opens, clicks, bounces, replies, unsubscribes).

A campaign is an ordered list of steps sent to a segment; a single mailing is a campaign with
one step, a sequence is one with follow-up steps after N days that stop for a contact who
replies, bounces or unsubscribes. A one-to-one mail from a contact page is a delivery with no
campaign. Every delivery is one row created *before* anything is sent: its state machine is
what makes sending exactly once across crashes (``relais.outreach.services.sending``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Template(models.Model):
    """A reusable message: subject, HTML and plain-text bodies written in Jinja2.

    Rendered in ``ImmutableSandboxedEnvironment`` with only the fields it is given.
    """

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    name = models.CharField(_("name"), max_length=200, unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.FRENCH
    )
    subject = models.CharField(_("subject"), max_length=500)
    body_text = models.TextField(_("plain-text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
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
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class SenderMode(models.TextChoices):
        # The visible sender: one fixed user, or each contact's owner (a campaign prepared by
        # marketing sent under the salesperson's name). Contacts without an owner fall back to
        # ``sender``.
        FIXED = "fixed", _("One sender")
        OWNER = "owner", _("Each contact's owner")

    class Purpose(models.TextChoices):
        # What the privacy layer checks with ``can_contact(contact, purpose)``.
        MARKETING = "marketing", _("Marketing")
        SERVICE = "service", _("Service message")

    name = models.CharField(_("name"), max_length=200)
    segment = models.ForeignKey(
        "contacts.Segment",
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.MARKETING
    )
    sender_mode = models.CharField(
        _("sender"), max_length=8, choices=SenderMode.choices, default=SenderMode.FIXED
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Overrides of RELAIS_SEND_RATE_PER_SECOND / _PER_HOUR for this campaign (null: the setting).
    rate_per_second = models.FloatField(null=True, blank=True)
    rate_per_hour = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """One message of a campaign; step 1 goes at once, step N ``delay_days`` after step N-1."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(default=1)
    delay_days = models.PositiveSmallIntegerField(
        _("days after the previous step"), default=0
    )
    template = models.ForeignKey(
        Template,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="steps",
    )

    class Meta:
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"], name="unique_step_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} #{self.position}"


class Delivery(models.Model):
    """One message to one contact: created before sending, moved through its states once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        # Handed to the SMTP connection; if the process dies here the outcome is decided by the
        # send journal on restart (see services.sending).
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DEFERRED = "deferred", _("Retry scheduled")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        SKIPPED = (
            "skipped",
            _("Not sent"),
        )  # unsubscribed, suppressed, no consent, stopped…

    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="deliveries"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_email = models.CharField(max_length=320)
    from_email = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    # Message-ID without angle brackets; unique so a reply or a DSN finds its delivery.
    message_id = models.CharField(max_length=300, unique=True)
    # The links of this message in order: a click token names an index into this list, so the
    # redirect only ever goes to a link that was in the message (no open redirect).
    links = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    skip_reason = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The bodies of a one-to-one mail (no step, so no template to render again on a retry).
    body_text = models.TextField(blank=True, default="")
    body_html = models.TextField(blank=True, default="")
    # The sender run that holds this row while it is ``sending``: its send journal decides the
    # row's outcome if that run dies (services.sending.reconcile).
    claim = models.CharField(max_length=32, blank=True, default="", db_index=True)
    interaction = models.ForeignKey(
        "timeline.Interaction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # A contact gets each step of a campaign at most once.
            models.UniqueConstraint(
                fields=["step", "contact"],
                condition=models.Q(step__isnull=False),
                name="unique_delivery_per_step",
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"[:120]


class DeliveryEvent(models.Model):
    """Something that happened to a delivery after it left.

    Opens and clicks flagged ``machine`` (Apple Mail Privacy Protection, link scanners) are
    kept but left out of the human figures; ``reason`` says why. No raw IP address is stored.
    """

    class Kind(models.TextChoices):
        OPEN = "open", _("Open")
        CLICK = "click", _("Click")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe")
        BOUNCE_HARD = "bounce_hard", _("Hard bounce")
        BOUNCE_SOFT = "bounce_soft", _("Soft bounce")
        REPLY = "reply", _("Reply")
        COMPLAINT = "complaint", _("Complaint")

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(db_index=True)
    link_index = models.SmallIntegerField(null=True, blank=True)
    machine = models.BooleanField(default=False)
    reason = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    # Set on opens and clicks written from the tracking spool: a spool file replayed after a
    # crash finds its hits already written and skips them (relais.outreach.spool).
    hit_key = models.CharField(max_length=40, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["delivery", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.delivery_id}"
