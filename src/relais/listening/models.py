"""Where mentions come from (``Source``), the mentions themselves with their versions, the
seen-set that deduplicates feed items, and the team's corrections of labels and links.

Identity of a feed item (docs/listening.md, "Deduplication"): ``SeenItem`` holds one row per
(source, item key) — the guid, else the canonical link, else a hash of title + published date —
pointing at its mention. A mention is also found by ``Mention.identity`` (its canonical URL when
it has one) so that the same post reached through two feeds is one mention. Seen rows are
pruned by age (``RELAIS_SEEN_DAYS``), never by count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        YOUTUBE = "youtube", "YouTube"
        MASTODON = "mastodon", "Mastodon"
        DISCOURSE = "discourse", "Discourse"
        BLUESKY = "bluesky", "Bluesky"
        WEBHOOK = "webhook", _("Webhook")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    url = models.CharField(_("URL"), max_length=1000, blank=True)
    # Kind-specific settings, e.g. {"tag": "relais"} (Mastodon), {"query": "relais",
    # "handle": "brand.bsky.social", "app_password": "…"} (Bluesky).
    config = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    interval_minutes = models.PositiveIntegerField(null=True, blank=True)
    # Conditional GET and the connector's own cursor (last id seen, search cursor).
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    cursor = models.CharField(max_length=500, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_errors = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def health(self) -> str:
        if self.consecutive_errors:
            return "failing"
        return "ok" if self.last_success_at else "never polled"


class Mention(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        SEEN = "seen", _("Seen")
        HANDLED = "handled", _("Handled")
        IGNORED = "ignored", _("Ignored")

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="mentions"
    )
    # "u:<canonical url>" when the item has a link, else "s:<source id>:<item key>".
    identity = models.CharField(max_length=600, unique=True)
    url = models.CharField(_("URL"), max_length=1000, blank=True)
    guid = models.CharField(max_length=1000, blank=True)
    author_name = models.CharField(_("author"), max_length=300, blank=True)
    author_handle = models.CharField(_("handle"), max_length=300, blank=True)
    author_url = models.CharField(_("profile URL"), max_length=1000, blank=True)
    author_email = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    text = models.TextField(_("text"), blank=True)
    content_hash = models.CharField(max_length=64)
    lang = models.CharField(_("language"), max_length=8, blank=True, db_index=True)
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, db_index=True
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=20, blank=True, db_index=True)
    scores = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    # How the contact was found: {"rule": "handle", "detail": "…", "score": 1.0}.
    link_evidence = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_mentions",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.text[:80]

    @property
    def link(self) -> str:
        """The URL when it is a web address, safe for an href (never javascript: or data:)."""
        return self.url if self.url.lower().startswith(("https://", "http://")) else ""


class MentionVersion(models.Model):
    """A previous state of a mention that was edited in its source."""

    mention = models.ForeignKey(
        Mention, on_delete=models.CASCADE, related_name="versions"
    )
    title = models.CharField(max_length=1000, blank=True)
    text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.mention_id} before {self.replaced_at:%Y-%m-%d %H:%M}"


class SeenItem(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="seen")
    key = models.CharField(
        max_length=64
    )  # SHA-256 of the item key (guid, link or hash)
    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="seen")
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key"], name="unique_seen_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.key[:12]}"


class NotThisPerson(models.Model):
    """A user said this author is not this contact: never linked automatically again."""

    author_key = models.CharField(max_length=600)
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author_key", "contact"], name="unique_not_this_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_key} is not contact {self.contact_id}"


class LabelCorrection(models.Model):
    """A label a user corrected: the text and the right label, for retraining the classifier."""

    mention = models.ForeignKey(
        Mention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
    )
    text = models.TextField()
    previous_label = models.CharField(max_length=20, blank=True)
    label = models.CharField(max_length=20)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"{self.previous_label or '-'} -> {self.label}"
