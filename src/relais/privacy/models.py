"""What the base records about its own freshness and lawfulness.

- ``ConsentRecord``: every lawful basis ever recorded for a contact, with its source and date
  (the history); the latest one is copied to ``Contact.lawful_basis`` for filtering.
- ``FreshnessSignal``: something that says a contact's details may be wrong (a hard bounce,
  an auto-reply saying the person left, a newer signature naming another employer).
- ``FreshnessSnapshot``: the share of the base per freshness band on a day (the dashboard).
- ``SelfUpdateLink`` / ``SelfUpdateProposal``: the self-service update links sent to contacts
  and the corrections they sent back (applied, or waiting for the owner's review).
- ``SuppressedIdentifier``: a salted hash of each email and phone of an erased person, so
  that no import brings them back; ``Erasure``: the register of erasures, without the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.contacts.models import LawfulBasis


class ConsentRecord(models.Model):
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="consent_records"
    )
    basis = models.CharField(_("lawful basis"), max_length=24, choices=LawfulBasis)
    # Where the basis comes from: "web form", "trade show 2024 sign-up sheet", "self-update"…
    source = models.CharField(_("source"), max_length=300, blank=True)
    # When the person gave it (or the basis began); may predate when it was recorded.
    given_at = models.DateTimeField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"{self.basis} ({self.given_at:%Y-%m-%d})"


class FreshnessSignal(models.Model):
    class Kind(models.TextChoices):
        BOUNCE = "bounce", _("Hard bounce")
        LEFT = "left", _("Auto-reply: left the company")
        NEW_EMPLOYER = "new_employer", _("Signature shows another employer")

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="freshness_signals"
    )
    point = models.ForeignKey(
        "contacts.ContactPoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=Kind)
    occurred_at = models.DateTimeField()
    # What was seen: the employer a signature names, the auto-reply's words.
    detail = models.CharField(max_length=500, blank=True)
    # Set when a later confirmation (self-update, manual check) settles the signal.
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"


class FreshnessSnapshot(models.Model):
    """The base by freshness band on one day (one row per day, taken by the nightly job)."""

    day = models.DateField(unique=True)
    fresh = models.PositiveIntegerField(default=0)
    ageing = models.PositiveIntegerField(default=0)
    stale = models.PositiveIntegerField(default=0)
    unknown = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)

    @property
    def total(self) -> int:
        return self.fresh + self.ageing + self.stale + self.unknown


class SelfUpdateLink(models.Model):
    """A self-service update link issued for a contact. The signed token names this row: a
    newer link revokes the older ones, erasure deletes them (cascade)."""

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="self_update_links"
    )
    token = models.CharField(max_length=300, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"self-update link #{self.pk}"


class SelfUpdateProposal(models.Model):
    """Corrections a contact sent through their link, waiting for review (review mode)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="self_updates"
    )
    # {"fields": {"title": [old, new]}, "emails": {"add": [...], "remove": [...]}, ...}
    changes = models.JSONField(default=dict)
    status = models.CharField(
        max_length=16, choices=Status, default=Status.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"self-update #{self.pk} ({self.status})"


class SuppressedIdentifier(models.Model):
    """A keyed hash of an erased email or phone (never the value): imports skip it."""

    digest = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:12]}…"


class Erasure(models.Model):
    """One erasure done, for accountability: counts only, no personal data."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_ids = models.JSONField(default=list)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"erasure #{self.pk}"
