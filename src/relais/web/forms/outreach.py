"""Forms of the campaign pages: a template, a campaign with its steps, a one-to-one mail.

They only shape what was typed; the outreach services check the rest (a template compiles, a
campaign has a segment and steps) and their errors come back on the same fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.accounts.models import User
from relais.contacts.models import Segment
from relais.outreach.models import Campaign, Template

MAX_STEPS = 5
_CHECKED = {
    "hx-trigger": "keyup changed delay:400ms",
    "hx-target": "#check-findings",
    "hx-swap": "outerHTML",
    "hx-include": "closest form",
    "hx-sync": "closest form:replace",
}


def _live(url: str, rows: int | None = None, **attrs: str) -> dict[str, Any]:
    """Attributes of an input that sends the whole form to ``url`` as one types."""
    out: dict[str, Any] = {"hx-post": url, **_CHECKED, **attrs}
    if rows:
        out["rows"] = rows
    return out


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=Template.Language.choices)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    body_text = forms.CharField(label=_("Plain-text body"), widget=forms.Textarea)
    body_html = forms.CharField(
        label=_("HTML body"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Optional: without it the message goes as plain text only."),
    )

    def __init__(self, *args: Any, check_url: str, **kwargs: Any) -> None:
        """``check_url``: where the live check posts; empty for a read-only view."""
        super().__init__(*args, **kwargs)
        if not check_url:
            return
        self.fields["subject"].widget.attrs.update(_live(check_url))
        self.fields["body_text"].widget.attrs.update(_live(check_url, rows=12))
        self.fields["body_html"].widget.attrs.update(
            _live(check_url, rows=8, spellcheck="false")
        )


class MailForm(forms.Form):
    """A one-to-one mail from the contact page."""

    to_email = forms.ChoiceField(label=_("To"))
    subject = forms.CharField(label=_("Subject"), max_length=500)
    body_text = forms.CharField(label=_("Message"), widget=forms.Textarea)
    force = forms.BooleanField(
        label=_("Send even though the check blocks it (admins only)"), required=False
    )

    def __init__(
        self, *args: Any, addresses: list[str], check_url: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_email"].choices = [(a, a) for a in addresses]  # type: ignore[attr-defined]
        self.fields["subject"].widget.attrs.update(_live(check_url))
        self.fields["body_text"].widget.attrs.update(_live(check_url, rows=12))


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    segment = forms.ModelChoiceField(
        label=_("Segment"),
        queryset=Segment.objects.order_by("name"),
        empty_label=_("Choose a segment"),
    )
    sender_mode = forms.ChoiceField(
        label=_("Visible sender"), choices=Campaign.SenderMode.choices
    )
    sender = forms.ModelChoiceField(
        label=_("Sender"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "email"),
        required=False,
        help_text=_(
            "With “Each contact's owner”, contacts without an owner get this sender."
        ),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Campaign.Purpose.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_STEPS + 1):
            self.fields[f"step_{i}_template"] = forms.ModelChoiceField(
                label=_("Step %(n)d: template") % {"n": i},
                queryset=Template.objects.all(),
                required=i == 1,
                empty_label=_("(no step)") if i > 1 else _("Choose a template"),
            )
            self.fields[f"step_{i}_delay"] = forms.IntegerField(
                label=_("days after the previous step"),
                min_value=0,
                max_value=365,
                initial=0 if i == 1 else 3,
                required=False,
            )

    def step_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (i, self[f"step_{i}_template"], self[f"step_{i}_delay"])
            for i in range(1, MAX_STEPS + 1)
        ]

    def steps(self) -> list[tuple[Template, int]]:
        data = self.cleaned_data
        out = []
        for i in range(1, MAX_STEPS + 1):
            template = data.get(f"step_{i}_template")
            if template is not None:
                out.append((template, data.get(f"step_{i}_delay") or 0))
        return out
