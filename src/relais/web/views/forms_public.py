"""The public pages of a web form: the hosted page, its submission, the stamp script.

Public by design: anyone may fill in a form, from Relais's hosted page or from a copy of the
snippet on another site. There is no session and no CSRF token (a page on another site cannot
hold one); the form's unguessable key names it, and spam is held off by the honeypot, the
signed time stamp and the per-address limit of ``relais.automation.services.forms``. The
hosted page may be framed (``<iframe>``) by any site; nothing here reads a cookie.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from relais.automation.services import forms
from relais.core.errors import InvalidInput, NotFound


def _page(
    request: HttpRequest, form, *, errors=None, values=None, status=200
) -> HttpResponse:
    return render(
        request,
        "web/public/form.html",
        {
            "form": form,
            "rows": [
                {
                    "field": f,
                    "value": (values or {}).get(f.name, ""),
                    "error": (errors or {}).get(f.name, ""),
                }
                for f in forms.fields_of(form)
            ],
            "stamp": forms.stamp(form),
            "honeypot": forms.HONEYPOT,
            "stamp_name": forms.STAMP,
            "problem": (errors or {}).get("__all__", ""),
        },
        status=status,
    )


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def form_page(request: HttpRequest, key: str) -> HttpResponse:
    try:
        form = forms.get_form(key)
    except NotFound:
        return render(request, "web/public/form_closed.html", status=404)
    if request.method == "GET":
        return _page(request, form)
    data = {k: request.POST.get(k, "") for k in request.POST}
    try:
        forms.submit(form, data, address=request.META.get("REMOTE_ADDR", ""))
    except forms.SpamRefused as exc:
        if exc.too_many:
            return render(request, "web/public/too_many.html", status=429)
        return _page(
            request, form, errors={"__all__": exc.message}, values=data, status=400
        )
    except InvalidInput as exc:
        return _page(request, form, errors=exc.errors, values=data, status=422)
    return render(request, "web/public/form_thanks.html", {"form": form})


@never_cache
def form_stamp(request: HttpRequest, key: str) -> HttpResponse:
    """The script of the snippet: fills the time stamp when the page is shown."""
    try:
        form = forms.get_form(key)
    except NotFound:
        return HttpResponse("", content_type="text/javascript", status=404)
    selector = json.dumps(f'input[data-relais-form="{form.key}"]')
    script = (
        f"document.querySelectorAll({selector}).forEach(function (e) "
        f"{{ e.value = {json.dumps(forms.stamp(form))}; }});\n"
    )
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
