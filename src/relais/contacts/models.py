"""People, organisations, the ways to reach them, and where every fact came from.

A contact belongs to the workspace. ``owner`` is an assignment (who follows this person up),
never an access boundary. Contact points keep the value as given next to its normalised form
so that matching works on the latter and display on the former. ``Provenance`` rows record,
for a contact and each of its contact points, every source record that contributed to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.core.fields import created_by_batch_field


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=300)
    normalized_name = models.CharField(max_length=300, db_index=True, editable=False)
    domains = models.JSONField(_("domains"), default=list, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    created_by_batch = created_by_batch_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=80)
    # Case- and accent-insensitive identity: "VIP", "vip" and "Vìp" are one tag.
    key = models.CharField(max_length=80, unique=True, editable=False)
    created_by_batch = created_by_batch_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The lawful bases for holding a person's data (GDPR art. 6); privacy records them
# (ConsentRecord), contacts keeps the current one on each row.
class LawfulBasis(models.TextChoices):
    CONSENT = "consent", _("Opt-in consent")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CUSTOMER = "customer", _("Customer (contract)")
    OPTED_OUT = "opted_out", _("Opted out")


class Contact(models.Model):
    class Status(models.TextChoices):
        LEAD = "lead", _("Lead")
        PROSPECT = "prospect", _("Prospect")
        CUSTOMER = "customer", _("Customer")
        PARTNER = "partner", _("Partner")
        ARCHIVED = "archived", _("Archived")

    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    display_name = models.CharField(_("display name"), max_length=300)
    title = models.CharField(_("title"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    city = models.CharField(_("city"), max_length=150, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text="ISO 3166-1 alpha-2"
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text="e.g. fr, en"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.LEAD
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_contacts",
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="contacts"
    )
    # Set when this contact was merged into another (and archived): the survivor holds
    # everything it had, and undoing the merge clears it (relais.matching.services.undo).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="merged_contacts",
    )
    # How likely (0-100) what we hold is still true: decays with time since the last
    # confirmation and drops on signals (docs/privacy.md). Stored by the freshness services
    # so that lists can filter on it; null until first computed.
    freshness = models.PositiveSmallIntegerField(
        _("freshness"), null=True, blank=True, db_index=True, editable=False
    )
    freshness_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When key fields were last confirmed (self-update, manual confirmation), by field name:
    # {"title": "2025-03-01T10:00:00+00:00", "organisation": …}. Points keep ``confirmed_at``.
    # Null until something is confirmed: the import's bulk path writes rows without it.
    fields_confirmed_at = models.JSONField(null=True, blank=True, editable=False)
    # The current lawful basis for holding the person (the latest ``privacy.ConsentRecord``),
    # kept here so that lists, exports and campaigns filter without a join.
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=24,
        blank=True,
        default="",
        db_default="",  # the import's bulk path writes rows without it
        db_index=True,
        editable=False,
    )
    # Lower-case ASCII of names, organisation, title, city and contact points, kept by the
    # services; lets plain LIKE queries be accent- and case-insensitive on every database.
    search_text = models.TextField(blank=True, editable=False)
    created_by_batch = created_by_batch_field()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return self.display_name


class ContactPoint(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        URL = "url", _("Website")
        LINKEDIN = "linkedin", _("LinkedIn")
        TWITTER = "twitter", _("X / Twitter")
        MASTODON = "mastodon", _("Mastodon")
        FACEBOOK = "facebook", _("Facebook")
        OTHER = "other", _("Other handle")

    # No index of its own: the unique (contact, kind, normalized_value) index starts with it
    # and answers every query by contact (one index less to maintain on each import row).
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="points", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Free text with usual values work, home, mobile, fax, former, other.
    label = models.CharField(_("label"), max_length=40, blank=True)
    value = models.CharField(_("value"), max_length=500)
    normalized_value = models.CharField(max_length=500, editable=False)
    is_primary = models.BooleanField(_("primary"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    invalid_since = models.DateTimeField(_("invalid since"), null=True, blank=True)
    created_by_batch = created_by_batch_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-is_primary", "id"]
        indexes = [models.Index(fields=["kind", "normalized_value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "kind", "normalized_value"],
                name="unique_point_per_contact",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class Provenance(models.Model):
    """One source record that contributed to a contact: the fields and points it supplied."""

    class SourceKind(models.TextChoices):
        IMPORT = "import", _("Import")
        MANUAL = "manual", _("Entered by hand")
        API = "api", _("API")
        CLI = "cli", _("Command line")
        DEMO = "demo", _("Demo data")
        SELF_UPDATE = "self-update", _("Self-update")
        MERGE = "merge", _("Merge")
        MENTION = "mention", _("Mention")
        CARD = "card", _("Business card")

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="provenance"
    )
    source_kind = models.CharField(max_length=16, choices=SourceKind.choices)
    # File name, mailbox, or a description such as "web form" for manual entries.
    source_name = models.CharField(max_length=500)
    # 1-based record number within the source (row, vCard, message); null for manual entries.
    record_number = models.PositiveIntegerField(null=True, blank=True)
    batch = models.ForeignKey(
        "ingest.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provenance",
    )
    # Contact fields this record supplied, e.g. ["first_name", "title"].
    fields = models.JSONField(default=list, blank=True)
    # What the record said that has no field of its own (nickname, birthday, address, other
    # columns), by name: kept with its source rather than dropped.
    details = models.JSONField(default=dict, blank=True)
    # Ids of the contact points this record supplied, in the record's order: one row per
    # source record, not one per point (an import of a million rows writes a million rows
    # here, not five). A point deleted later is ignored on reading (selectors.py).
    points = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        if self.record_number:
            return f"{self.source_name}, record {self.record_number}"
        return self.source_name


class Attachment(models.Model):
    """A file kept with a contact: the photo of the business card it was read from.

    Kept in the database so that backups, merges (the row follows the surviving contact)
    and erasure (the row goes with the contact) need nothing of their own.
    """

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    batch = models.ForeignKey(
        "ingest.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    body = models.TextField(_("note"))
    created_by_batch = created_by_batch_field()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:60]


class ContactSearch(models.Model):
    """What a contact is found by, folded (lower-case ASCII), in three ranked parts.

    Kept in step by ``relais.contacts.search.index`` (services and the import's bulk path).
    The search backends index these columns: an FTS5 trigram table on SQLite, GIN trigram
    indexes on PostgreSQL (see ``relais.contacts.search``).
    """

    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    # First, last and display names.
    names = models.TextField(blank=True)
    # Emails and phones as written and normalised, phones also as bare digits.
    reach = models.TextField(blank=True)
    # Organisation, title, city, tags, other points, notes and interaction subjects.
    other = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.names


class Segment(models.Model):
    """A saved filter over contacts: the audience of a list, an export or a campaign.

    ``definition`` is versioned JSON (``relais.contacts.segments.definition``); members are
    computed when asked for, never stored, so a segment is always current.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(_("definition"), default=dict)
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
