"""Forms of the privacy pages: a lawful basis on the contact page, the public self-update
form a contact fills in, and the retention review's bulk choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from relais.contacts.models import Contact
from relais.privacy.models import LawfulBasis
from relais.privacy.services.self_update import Corrections


class ConsentForm(forms.Form):
    basis = forms.ChoiceField(label=_("Lawful basis"), choices=LawfulBasis.choices)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where it comes from: a sign-up form, a contract, an email…"),
    )
    given_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today if left empty."),
    )


class _Lines(forms.CharField):
    """One value per line."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class SelfUpdateForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    title = forms.CharField(label=_("Job title"), max_length=300, required=False)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=300, required=False
    )
    city = forms.CharField(label=_("City"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        choices=[("", "—"), *settings.LANGUAGES],
    )
    emails = _Lines(
        label=_("Email addresses"),
        required=False,
        max_length=5000,
        help_text=_("One per line. Remove one that is no longer yours."),
    )
    phones = _Lines(
        label=_("Phone numbers"),
        required=False,
        max_length=5000,
        help_text=_("One per line."),
    )
    marketing = forms.BooleanField(
        label=_("I agree to receive news and offers from us by email"),
        required=False,
    )

    def __init__(self, *args: Any, current_language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        if current_language and current_language not in dict(settings.LANGUAGES):
            # A language the interface does not offer stays as it is unless changed.
            choices: list[tuple[str, Any]] = [("", "—"), *settings.LANGUAGES]
            field.choices = [*choices, (current_language, current_language)]

    @classmethod
    def for_contact(cls, held: dict[str, Any]) -> SelfUpdateForm:
        initial = {
            **{k: held[k] for k in ("first_name", "last_name", "title", "organisation", "city", "language")},
            "emails": "\n".join(held["emails"]),
            "phones": "\n".join(held["phones"]),
            "marketing": held["marketing"],
        }  # fmt: skip
        return cls(initial=initial, current_language=held["language"])

    def corrections(self) -> Corrections:
        data = self.cleaned_data
        return Corrections(
            fields={
                k: data[k]
                for k in (
                    "first_name",
                    "last_name",
                    "title",
                    "organisation",
                    "city",
                    "language",
                )
            },  # fmt: skip
            emails=data["emails"],
            phones=data["phones"],
            marketing=bool(data["marketing"]),
        )


class RetentionForm(forms.Form):
    contacts = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(choices=[("keep", _("Keep")), ("erase", _("Erase"))])
