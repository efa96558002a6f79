"""The workflow editor and the web form builder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class WorkflowForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    trigger = forms.CharField(
        label=_("Starts on the event"),
        max_length=64,
        help_text=_("An event type, e.g. cart_abandoned, signed_up, form_submitted."),
    )
    cancel_on = forms.CharField(
        label=_("Cancelled by the events"),
        required=False,
        max_length=500,
        help_text=_("Event types separated by commas, e.g. order_placed."),
    )
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "One step a line: wait 2h · wait for EVENT up to 3d · if no EVENT · "
            "if consent marketing · if tag NAME · send TEMPLATE · task TITLE in 2d · "
            "tag NAME · set FIELD VALUE"
        ),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class WebFormForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    fields_text = forms.CharField(
        label=_("Fields"),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        initial="E-mail | email | required\nFirst name | first_name\nLast name | last_name",
        help_text=_(
            "One field a line: Label | contact field | required. Contact fields: email, "
            "first_name, last_name, phone, organisation, title, city, message."
        ),
    )
    consent_text = forms.CharField(
        label=_("Consent checkbox text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Stored with each answer as the person saw it. Leave empty for no box."
        ),
    )
    thanks = forms.CharField(
        label=_("Thank-you message"), required=False, max_length=500
    )
    tags = forms.CharField(
        label=_("Tags given to the people who answer"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas."),
    )
