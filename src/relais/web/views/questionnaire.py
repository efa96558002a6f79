"""The public questionnaire: a contact, following their link, says how they tend to work.

No login: the signed token is the contact's self-update link
(``relais.privacy.services.self_update.open_link``), so it expires, is replaced and dies with
the contact exactly as that link does. The form is CSRF-protected and rate limited like the
self-update page; a bad link gets the same plain page saying why.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from relais.core.errors import InvalidInput
from relais.insight.questionnaire import ITEMS
from relais.insight.services import submit_self_answers
from relais.privacy.services.self_update import LinkInvalid, open_link

from .self_update import POSTS_PER_HOUR, VIEWS_PER_HOUR, _over_limit

SCALE = (1, 2, 3, 4, 5)


@never_cache
def questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    address = request.META.get("REMOTE_ADDR", "")
    if _over_limit(f"questionnaire:ip:{address}", VIEWS_PER_HOUR):
        return render(request, "web/public/too_many.html", status=429)
    try:
        link = open_link(token)
    except LinkInvalid as exc:
        return render(
            request, "web/public/link_invalid.html", {"reason": exc.reason}, status=404
        )
    lang = "fr" if (get_language() or "").startswith("fr") else "en"
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if _over_limit(f"questionnaire:link:{link.pk}", POSTS_PER_HOUR):
            return render(request, "web/public/too_many.html", status=429)
        answers = {i.key: request.POST.get(i.key, "") for i in ITEMS}
        try:
            submit_self_answers(link, answers, lang=lang)
        except InvalidInput as exc:
            errors = exc.errors
            status = 400
        else:
            return render(request, "web/public/questionnaire_done.html")
    items = [
        {
            "key": i.key,
            "text": i.fr if lang == "fr" else i.en,
            "value": answers.get(i.key, ""),
            "error": errors.get(i.key),
        }
        for i in ITEMS
    ]
    return render(
        request,
        "web/public/questionnaire.html",
        {"items": items, "scale": SCALE, "errors": errors, "contact": link.contact},
        status=status,
    )
