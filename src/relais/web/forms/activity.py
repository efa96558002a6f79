"""The small forms of the contact page: a note, a tag, a task, a logged call or meeting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.accounts.selectors import list_users
from relais.contacts.services.notes import MAX_NOTE
from relais.timeline.models import Interaction

from .filters import user_name


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return user_name(obj)


class NoteForm(forms.Form):
    prefix = "note"
    body = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("What did you learn? What was agreed?")}
        ),
    )


class TagForm(forms.Form):
    prefix = "tag"
    names = forms.CharField(
        label=_("Add tags"),
        max_length=400,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. VIP, Salon 2026"), "autocomplete": "off"}
        ),
    )

    def tag_names(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["names"].split(",") if n.strip()]


class TaskForm(forms.Form):
    prefix = "task"
    title = forms.CharField(
        label=_("Task"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Send the proposal")}),
    )
    due_date = forms.DateField(
        label=_("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    assignee = UserChoiceField(label=_("For"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = list_users()


class InteractionForm(forms.Form):
    prefix = "log"
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Interaction.Channel.choices,
        initial=Interaction.Channel.CALL,
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Interaction.Direction.choices,
        initial=Interaction.Direction.OUTBOUND,
    )
    occurred_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Pricing for 2027")}),
    )
    body = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )
