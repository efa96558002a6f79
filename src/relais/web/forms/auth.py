"""The sign-in form: Django's, with an email field that browsers and password managers know."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from relais.accounts import throttle


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This email and password do not match. Check them and try again."
        ),
        "inactive": _("This account is disabled. Ask an admin of your workspace."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")
        self.fields["username"].widget = forms.EmailInput(
            attrs={
                "autofocus": True,
                "autocomplete": "email",
                "placeholder": "you@company.com",
            }
        )
        self.fields["password"].label = _("Password")

    def clean(self) -> dict[str, Any]:
        """Django's check, behind the throttle (``relais.accounts.throttle``): once an account
        or a client has failed too often, even the right password waits."""
        account = str(self.data.get("username", ""))
        client = throttle.client_of(self.request)
        try:
            throttle.check(account=account, client=client)
        except throttle.Throttled as exc:
            raise forms.ValidationError(
                _("Too many failed sign-in attempts: try again in %(minutes)s minutes.")
                % {"minutes": max(1, (exc.seconds + 59) // 60)},
                code="throttled",
            ) from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.failed(account=account, client=client)
            raise
        throttle.succeeded(account=account)
        return cleaned
