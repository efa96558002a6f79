"""What reminders remember: the digests already sent, and each user's calendar feed key.

``DigestSent`` makes the daily digest go out once per user and day, however many times the
job runs (its unique constraint is the claim a sender takes before sending). ``CalendarFeed``
holds the random part of a user's feed link; resetting it makes the old link stop working.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DigestSent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    # How many tasks the email listed, for the record.
    tasks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Signed into the feed's link together with the user id; a new key revokes old links.
    key = models.CharField(max_length=64)
    # When the current key was made (the link last reset).
    key_set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"feed of {self.user_id}"


class DigestOptOut(models.Model):
    """A user who asked for no daily digest (from My account); everyone else gets it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"no digest for {self.user_id}"
