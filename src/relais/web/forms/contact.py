"""The create/edit contact form: fields, several emails and phones, tags.

Emails and phones are lists of rows (``email-value``, ``email-label``, ``email-id`` repeated),
so a person can add as many as they need; each row is checked on its own so the error sits
next to the number that is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from relais.accounts.selectors import list_users
from relais.contacts.models import Contact
from relais.contacts.normalize import InvalidValue, normalize_point
from relais.contacts.services import PointInput
from relais.contacts.services.edit import PointEdit
from relais.core.errors import InvalidInput

from .activity import UserChoiceField
from .errors import add_service_errors

KINDS = ("email", "phone")
LABEL_CHOICES = [
    ("", "—"),
    ("work", _("work")),
    ("home", _("home")),
    ("mobile", _("mobile")),
    ("other", _("other")),
]
LANGUAGES = [
    ("", "—"),
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
]
ROW_ERRORS = {
    "email": _("This is not a valid email address."),
    "phone": _("This is not a valid phone number."),
}


class ContactForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=300,
        required=False,
        help_text=_(
            "How the contact appears in lists. Leave empty to use the first and last name."
        ),
    )
    title = forms.CharField(label=_("Job title"), max_length=300, required=False)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=300, required=False
    )
    city = forms.CharField(label=_("City"), max_length=150, required=False)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        validators=[
            RegexValidator(
                r"^[A-Za-z]{2}$", _("Use a two-letter country code such as FR or BE.")
            )
        ],
        widget=forms.TextInput(
            attrs={"placeholder": "FR", "size": 3, "autocapitalize": "characters"}
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=Contact.Status.choices, initial=Contact.Status.LEAD
    )
    owner = UserChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("Nobody")
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=1000,
        required=False,
        help_text=_("Separate tags with commas."),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. VIP, Salon 2026")}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = list_users()
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        current = str(self.initial.get("language") or "")
        if current and current not in dict(LANGUAGES):
            language.choices = [*LANGUAGES, (current, current)]

    @classmethod
    def initial_for(cls, contact: Contact) -> dict[str, Any]:
        return {
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "display_name": contact.display_name,
            "title": contact.title,
            "organisation": contact.organisation.name if contact.organisation else "",
            "city": contact.city,
            "country": contact.country,
            "language": contact.language,
            "status": contact.status,
            "owner": contact.owner_id,
            "tags": ", ".join(t.name for t in contact.tags.all()),
        }

    def tag_names(self) -> list[str]:
        return [
            t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()
        ]

    def field_values(self) -> dict[str, Any]:
        """What the services take as contact fields (everything but tags)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "tags"}


@dataclass
class PointRow:
    kind: str
    value: str = ""
    label: str = ""
    id: int | None = None
    error: str = ""

    @property
    def custom_label(self) -> str:
        """A label outside the usual choices (e.g. 'fax' from an import), kept as an option."""
        return "" if self.label in dict(LABEL_CHOICES) else self.label


class PointRows:
    """The email and phone rows of the form, each kind shown as its own list."""

    def __init__(self, rows: list[PointRow]) -> None:
        self.rows = rows
        self.errors: dict[str, str] = {}

    @classmethod
    def from_post(cls, data: QueryDict) -> PointRows:
        rows = []
        for kind in KINDS:
            values, labels, ids = (
                data.getlist(f"{kind}-{k}") for k in ("value", "label", "id")
            )
            for i, value in enumerate(values):
                raw_id = ids[i] if i < len(ids) else ""
                rows.append(
                    PointRow(
                        kind=kind,
                        value=value.strip(),
                        label=labels[i] if i < len(labels) else "",
                        id=int(raw_id) if raw_id.isdigit() else None,
                    )
                )
        return cls(rows)

    @classmethod
    def from_contact(cls, contact: Contact | None) -> PointRows:
        rows = [
            PointRow(kind=p.kind, value=p.value, label=p.label, id=p.pk)
            for p in (contact.points.all() if contact else [])
            if p.kind in KINDS
        ]
        return cls(rows)

    def of_kind(self, kind: str) -> list[PointRow]:
        rows = [r for r in self.rows if r.kind == kind]
        return rows or [PointRow(kind=kind)]

    @property
    def emails(self) -> list[PointRow]:
        return self.of_kind("email")

    @property
    def phones(self) -> list[PointRow]:
        return self.of_kind("phone")

    def validate(self, country: str) -> bool:
        region = (
            country.upper()
            if len(country) == 2
            else str(settings.RELAIS_DEFAULT_REGION)
        )
        for row in self.rows:
            if not row.value:
                continue
            try:
                normalize_point(row.kind, row.value, region)
            except InvalidValue:
                row.error = str(ROW_ERRORS[row.kind])
        return not any(r.error for r in self.rows)

    def inputs(self) -> list[PointInput]:
        return [
            PointInput(kind=r.kind, value=r.value, label=r.label)
            for r in self.rows
            if r.value
        ]

    def edits(self) -> list[PointEdit]:
        return [
            PointEdit(kind=r.kind, value=r.value, label=r.label, id=r.id)
            for r in self.rows
            if r.value
        ]


class ContactEditor:
    """The contact form and its point rows, validated together."""

    def __init__(
        self,
        data: QueryDict | None = None,
        contact: Contact | None = None,
        creator: Any = None,
    ) -> None:
        self.contact = contact
        # A new contact belongs to the person creating it unless they choose another owner.
        initial = (
            ContactForm.initial_for(contact)
            if contact
            else ({"owner": creator.pk} if creator is not None else {})
        )
        self.form = ContactForm(data, initial=initial)
        self.points = (
            PointRows.from_post(data)
            if data is not None
            else PointRows.from_contact(contact)
        )

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        country = self.form.cleaned_data.get("country", "") if form_ok else ""
        return self.points.validate(country) and form_ok

    def add_service_errors(self, exc: InvalidInput) -> None:
        """Errors on ``email``/``phone`` go under that list; ``name`` goes above the form."""
        rest = {k: v for k, v in exc.errors.items() if k not in KINDS}
        self.points.errors.update({k: v for k, v in exc.errors.items() if k in KINDS})
        if rest:
            add_service_errors(self.form, InvalidInput(rest))

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or self.points.errors
            or any(r.error for r in self.points.rows)
        )
