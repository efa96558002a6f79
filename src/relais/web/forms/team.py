"""Forms of the team pages: my account, the audit log filters, the lead report period, handover."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.accounts.models import Role, User
from relais.accounts.selectors import list_users
from relais.audit.selectors import AuditFilter

from .filters import user_name


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of emails and of the interface"),
        choices=settings.LANGUAGES,
    )


class DigestForm(forms.Form):
    wanted = forms.BooleanField(
        required=False, label=_("Email me the daily digest of my tasks")
    )


def _label(value: str) -> str:
    return str(_("system")) if value == "system" else value


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(required=False, label=_("Who"))
    action = forms.ChoiceField(required=False, label=_("Action"))
    object_type = forms.ChoiceField(required=False, label=_("Object"))
    since = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, choices: dict[str, list[str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, key, everyone in (
            ("actor", "actors", _("Anyone")),
            ("action", "actions", _("Any action")),
            ("object_type", "object_types", _("Any object")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            values = list(choices[key])
            wanted = str(self.data.get(name, ""))
            if wanted and wanted not in values:
                values.append(
                    wanted
                )  # a link with a value not in the log still shows it
            field.choices = [("", everyone), *((v, _label(v)) for v in values)]

    def to_filter(self, contact_id: int | None = None) -> AuditFilter:
        """The selector's filter; a value that did not validate is not applied."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                k: v
                for k, v in getattr(self, "cleaned_data", {}).items()
                if k not in self.errors
            }
        )
        return AuditFilter(
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            since=data.get("since"),
            until=data.get("until"),
            contact_id=contact_id,
        )


WEEK, MONTH, CUSTOM = "week", "month", "custom"


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        required=False,
        label=_("Period"),
        choices=[
            (WEEK, _("This week")),
            (MONTH, _("This month")),
            (CUSTOM, _("Custom")),
        ],
    )
    since = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def dates(self) -> tuple[dt.date, dt.date]:
        """The period asked for; this week (from Monday) by default."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        period = data.get("period") or (
            CUSTOM if data.get("since") or data.get("until") else WEEK
        )
        if period == MONTH:
            return today.replace(day=1), today
        if period == CUSTOM:
            return data.get("since") or today - dt.timedelta(days=29), data.get(
                "until"
            ) or today
        return today - dt.timedelta(days=today.weekday()), today


class HandoverForm(forms.Form):
    successor = forms.ChoiceField(label=_("Hand over to"))
    deactivate = forms.BooleanField(
        required=False,
        label=_("Deactivate the departing user"),
        help_text=_("They can no longer sign in; their API tokens stop working."),
    )

    def __init__(self, *args: Any, departing: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (str(u.pk), f"{user_name(u)} ({u.email})")
            for u in list_users()
            if u.pk != departing.pk and u.role != Role.READONLY
        ]
