"""Authors of mentions and their contributions (docs/community.md).

An ``Author`` is one handle on one source; a ``Contribution`` is one mention counted once:
it is one-to-one with the mention, so a feed that sends an edited post again updates the
contribution instead of adding one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Author(models.Model):
    source = models.ForeignKey(
        "listening.Source", on_delete=models.CASCADE, related_name="authors"
    )
    handle = models.CharField(_("handle"), max_length=600)
    name = models.CharField(_("name"), max_length=300, blank=True)
    url = models.CharField(_("profile URL"), max_length=1000, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authors",
    )
    # Followers or subscribers when the network gives them; unknown otherwise.
    followers = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["handle", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "handle"], name="unique_author_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.handle


class Contribution(models.Model):
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="contributions"
    )
    mention = models.OneToOneField(
        "listening.Mention", on_delete=models.CASCADE, related_name="contribution"
    )
    kind = models.CharField(_("kind"), max_length=20, db_index=True)
    date = models.DateTimeField(_("date"), db_index=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} by {self.author_id} on {self.date:%Y-%m-%d}"
