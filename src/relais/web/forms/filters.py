"""The filter bar of the contact list and the scope switch of the tasks page (GET forms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.accounts.selectors import list_users
from relais.contacts.models import Contact
from relais.contacts.selectors import ContactFilter, list_tags
from relais.privacy.models import LawfulBasis
from relais.privacy.selectors import NO_BASIS

if TYPE_CHECKING:
    from relais.accounts.models import User

ME, NOBODY = "me", "none"


def user_name(user: User) -> str:
    return user.get_full_name() or user.email


class ContactFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    # Free text shown as a select: a link such as ?tag=vip works whatever the case and accents.
    tag = forms.CharField(
        required=False, max_length=80, label=_("Tag"), widget=forms.Select
    )
    status = forms.ChoiceField(required=False, label=_("Status"))
    owner = forms.ChoiceField(required=False, label=_("Owner"))
    freshness = forms.ChoiceField(
        required=False,
        label=_("Freshness"),
        choices=[
            ("", _("Any freshness")),
            ("fresh", _("Fresh")),
            ("ageing", _("Ageing")),
            ("stale", _("Probably stale")),
            ("unknown", _("Not scored yet")),
        ],
    )
    lawful_basis = forms.ChoiceField(
        required=False,
        label=_("Lawful basis"),
        choices=[
            ("", _("Any lawful basis")),
            *LawfulBasis.choices,
            (NO_BASIS, _("None recorded")),
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        status_field = self.fields["status"]
        owner_field = self.fields["owner"]
        assert isinstance(status_field, forms.ChoiceField)
        assert isinstance(owner_field, forms.ChoiceField)
        tags = [(t.name, t.name) for t in list_tags()]
        wanted = str(self.data.get("tag", ""))
        if wanted and wanted not in dict(tags):
            tags.append((wanted, wanted))
        tag_widget = self.fields["tag"].widget
        assert isinstance(tag_widget, forms.Select)
        tag_widget.choices = [("", _("All tags")), *tags]
        status_field.choices = [("", _("All active")), *Contact.Status.choices]
        owner_field.choices = [
            ("", _("Anyone")),
            (ME, _("Me")),
            (NOBODY, _("Nobody")),
            *((str(u.pk), user_name(u)) for u in list_users()),
        ]

    def to_filter(self, user: User) -> ContactFilter:
        """The selector's filter; a value that did not validate is simply not applied."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                k: v
                for k, v in getattr(self, "cleaned_data", {}).items()
                if k not in self.errors
            }
        )
        owner = data.get("owner") or ""
        owner_id = user.pk if owner == ME else int(owner) if owner.isdigit() else None
        return ContactFilter(
            q=data.get("q") or "",
            tag=data.get("tag") or "",
            status=data.get("status") or "",
            owner_id=owner_id,
            unassigned=owner == NOBODY,
            freshness=data.get("freshness") or "",
            lawful_basis=data.get("lawful_basis") or "",
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


class TaskScopeForm(forms.Form):
    scope = forms.ChoiceField(
        required=False,
        choices=[("mine", _("Mine")), ("everyone", _("Everyone"))],
        label=_("Show"),
    )

    @property
    def everyone(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("scope") == "everyone"
