"""Events in, workflows out, web forms.

An ``Event`` is something that happened to a contact outside Relais (a cart abandoned, an
order placed, a form submitted), received once per ``external_id``. A ``Workflow`` starts a
``Run`` per triggering event; the run's steps are copied into it when it starts, so changing a
workflow never restarts nor reshapes runs in flight. A waiting run is only a row with its
``wake_at``; a worker claims it with a lease and records each step it completes
(``StepRun``, unique per run and position: the idempotency key) in the same transaction as the
step's own writes — so a worker killed at any moment leaves each step either done once or not
at all (relais.automation.services.runs).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventSecret(models.Model):
    """The HMAC key of the events API; a rotated one stays valid for a grace period."""

    secret = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"events secret of {self.created_at:%Y-%m-%d}"


class Event(models.Model):
    external_id = models.CharField(max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=64, db_index=True)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    data = models.JSONField(default=dict, blank=True)
    via = models.CharField(max_length=16, default="api")  # api, form
    interaction = models.ForeignKey(
        "timeline.Interaction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["contact", "type", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.type} {self.external_id}"


class Workflow(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    # The event type that starts a run, and conditions on its data ({"path": value}).
    trigger_type = models.CharField(_("trigger event"), max_length=64, db_index=True)
    conditions = models.JSONField(default=dict, blank=True)
    # Event types that cancel a waiting run of the same contact (order_placed for a cart).
    cancel_on = models.JSONField(default=list, blank=True)
    steps = models.JSONField(default=list)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
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


class Run(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped by a condition")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    workflow = models.ForeignKey(
        Workflow, on_delete=models.CASCADE, related_name="runs"
    )
    version = models.PositiveIntegerField(default=1)
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="workflow_runs"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    steps = models.JSONField(default=list)  # the workflow's steps when the run started
    cancel_on = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.WAITING
    )
    position = models.PositiveIntegerField(default=0)  # the next step to run
    wake_at = models.DateTimeField(null=True, blank=True)
    # A wait for an event: its type; the run is woken when it arrives or at wake_at.
    waiting_for = models.CharField(max_length=64, blank=True)
    wait_started_at = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=40, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "event"],
                condition=models.Q(event__isnull=False),
                name="one_run_per_workflow_event",
            )
        ]
        indexes = [
            models.Index(fields=["status", "wake_at"]),
            models.Index(fields=["contact", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.workflow_id}/{self.pk} {self.status}"


class StepRun(models.Model):
    """One completed step of a run; (run, position) is the step's idempotency key."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="step_runs")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    outcome = models.CharField(max_length=32)  # done, skipped, waiting-over, stopped…
    detail = models.CharField(max_length=500, blank=True)
    delivery = models.ForeignKey(
        "outreach.Delivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField()

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"], name="one_step_run_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.position} {self.kind}: {self.outcome}"


class WebForm(models.Model):
    """A form people fill in on a hosted page or a page of the user's site."""

    name = models.CharField(_("name"), max_length=200)
    # The public, unguessable part of the form's URL.
    key = models.CharField(max_length=40, unique=True)
    # [{"name": "email", "label": "Email", "maps_to": "email", "required": true}, …]
    fields = models.JSONField(default=list)
    consent_text = models.TextField(_("consent text"), blank=True)
    thanks = models.CharField(_("thank-you message"), max_length=500, blank=True)
    tags = models.JSONField(default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class FormSubmission(models.Model):
    form = models.ForeignKey(
        WebForm, on_delete=models.CASCADE, related_name="submissions"
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="form_submissions",
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    values = models.JSONField(default=dict)
    # The consent text as the person saw it, and whether they ticked it.
    consent_text = models.TextField(blank=True)
    consented = models.BooleanField(default=False)
    ip_hash = models.CharField(max_length=64, db_index=True)
    submitted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.form_id} at {self.submitted_at:%Y-%m-%d %H:%M}"


class KnowsOverride(models.Model):
    """A user's own word on how well they know a contact ("I know her well")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+"
    )
    strength = models.FloatField()  # 0..1
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "contact"], name="one_knows_override"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} knows {self.contact_id}: {self.strength:.2f}"
