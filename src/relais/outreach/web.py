"""The public pages a delivered message links to: open pixel, click redirect, unsubscribe.

No login: the signed token in the address is the credential (``relais.outreach.tokens``).
Under ``relais serve`` the pixel and the click are answered before Django by
``relais.outreach.dispatch``; these views answer them for any other WSGI server and for tests,
through the same service functions. A bad token is a 404 page, never a 500.

Unsubscribe follows RFC 8058: a mail client's one-click POST carries the body
``List-Unsubscribe=One-Click`` and no cookie, so the view is exempt from CSRF (the token
authenticates it, and unsubscribing is what the token's owner asked for). A GET never
unsubscribes — link checkers fetch every link of a message — it shows a page with a button.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from relais.outreach import tokens
from relais.outreach.models import Delivery
from relais.outreach.pixel import GIF, HEADERS
from relais.outreach.services.tracking import NotTracked, record_click, record_open
from relais.outreach.services.unsubscribe import unsubscribe

ONE_CLICK = "One-Click"


def _client(request: HttpRequest) -> dict[str, str]:
    return {
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
        "ip": request.META.get("REMOTE_ADDR", ""),
        "method": request.method or "GET",
    }


@require_http_methods(["GET", "HEAD"])
def open_pixel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        record_open(token, **_client(request))
    except NotTracked:
        raise Http404 from None
    response = HttpResponse(GIF)
    for name, value in HEADERS:
        response[name] = value
    return response


@require_http_methods(["GET", "HEAD"])
def click(request: HttpRequest, token: str) -> HttpResponse:
    try:
        url = record_click(token, **_client(request))
    except NotTracked:
        raise Http404 from None
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _delivery(token: str) -> Delivery:
    try:
        found = tokens.verify(token)
    except tokens.BadToken:
        raise Http404 from None
    if found.kind != "unsubscribe":
        raise Http404
    delivery = (
        Delivery.objects.select_related("contact").filter(pk=found.delivery_id).first()
    )
    if delivery is None:
        raise Http404
    return delivery


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    delivery = _delivery(token)
    # The contact's language, unless the visitor chose one with the language switch.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = (chosen or delivery.contact.language or translation.get_language())[:2]
    with translation.override(language if language in ("fr", "en") else "fr"):
        if request.method == "POST":
            one_click = request.POST.get("List-Unsubscribe") == ONE_CLICK
            if not one_click and request.POST.get("confirm") != "1":
                return render(
                    request,
                    "web/public/unsubscribe.html",
                    {"token": token, "delivery": delivery},
                    status=400,
                )
            unsubscribe(delivery, one_click=one_click)
            return render(
                request, "web/public/unsubscribe_done.html", {"delivery": delivery}
            )
        return render(
            request,
            "web/public/unsubscribe.html",
            {"token": token, "delivery": delivery},
        )
