"""My account: the language Relais writes to me in, and my private calendar feed link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.accounts import services as accounts
from relais.core.errors import InvalidInput
from relais.reminders import calendar, digest
from relais.web.forms import DigestForm, LanguageForm, add_service_errors

from .base import AuthedRequest, web_view


def _page(
    request: AuthedRequest, form: LanguageForm, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "digest_form": DigestForm(
            initial={"wanted": digest.wants_digest(request.user)}
        ),
        "feed_url": calendar.feed_url(request.user),
        "digest_hour": settings.RELAIS_DIGEST_HOUR,
        "mail_on": bool(settings.RELAIS_SMTP_HOST),
    }
    return render(request, "web/account/detail.html", context, status=status)


@web_view
def account(request: AuthedRequest) -> HttpResponse:
    """Any signed-in user, read-only ones included, manages their own preferences."""
    user = request.user
    if request.method != "POST":
        current = user.language or request.LANGUAGE_CODE
        return _page(request, LanguageForm(initial={"language": current}))
    form = LanguageForm(request.POST)
    if form.is_valid():
        try:
            accounts.set_language(
                actor=user, user=user, language=form.cleaned_data["language"]
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your language is saved."))
            response = redirect("web:account")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                samesite="Lax",
                max_age=365 * 24 * 3600,
            )
            return response
    return _page(request, form, status=400)


@web_view
@require_POST
def calendar_reset(request: AuthedRequest) -> HttpResponse:
    calendar.reset_feed(actor=request.user, user=request.user)
    messages.success(
        request, _("New calendar link created: the old one no longer works.")
    )
    return redirect("web:account")


@web_view
@require_POST
def digest_preference(request: AuthedRequest) -> HttpResponse:
    form = DigestForm(request.POST)
    wanted = form.is_valid() and form.cleaned_data["wanted"]
    digest.set_wants_digest(actor=request.user, user=request.user, wanted=wanted)
    messages.success(
        request,
        _("You will get the daily digest.")
        if wanted
        else _("You will no longer get the daily digest."),
    )
    return redirect("web:account")
