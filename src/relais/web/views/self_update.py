"""The public self-update page: a contact, following the link emailed to them, sees what the
base holds about them and corrects it. No login: the signed link is the credential
(``relais.privacy.services.self_update``). The form is CSRF-protected, requests are rate
limited per link and per address, and a bad link gets a plain page saying why — never a
stack trace, never a hint about who the link was for."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from relais.core.errors import InvalidInput
from relais.privacy.services.self_update import LinkInvalid, held, open_link, submit
from relais.web.forms.errors import add_service_errors
from relais.web.forms.privacy import SelfUpdateForm

# Requests allowed per hour: page views per client address, form posts per link.
VIEWS_PER_HOUR = 120
POSTS_PER_HOUR = 20


def _over_limit(key: str, limit: int) -> bool:
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


@never_cache
def self_update(request: HttpRequest, token: str) -> HttpResponse:
    address = request.META.get("REMOTE_ADDR", "")
    if _over_limit(f"selfupdate:ip:{address}", VIEWS_PER_HOUR):
        return render(request, "web/public/too_many.html", status=429)
    try:
        link = open_link(token)
    except LinkInvalid as exc:
        return render(
            request, "web/public/link_invalid.html", {"reason": exc.reason}, status=404
        )
    contact = link.contact
    if request.method == "POST":
        if _over_limit(f"selfupdate:link:{link.pk}", POSTS_PER_HOUR):
            return render(request, "web/public/too_many.html", status=429)
        form = SelfUpdateForm(request.POST, current_language=contact.language)
        if form.is_valid():
            try:
                proposal = submit(link, form.corrections())
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                return render(
                    request,
                    "web/public/self_update_done.html",
                    {"applied": proposal.status == "applied"},
                )
        status = 400
    else:
        form = SelfUpdateForm.for_contact(held(contact))
        status = 200
    return render(
        request,
        "web/public/self_update.html",
        {"form": form, "held": held(contact), "contact": contact},
        status=status,
    )
