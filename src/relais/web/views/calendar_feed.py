"""The public address of a user's calendar feed: the signed token in the URL is the credential.

No session, no login redirect: a calendar application fetches it. A wrong, tampered or reset
token, or a deactivated user, gets the same 404 and no data.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from relais.core.errors import NotFound
from relais.reminders import calendar


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = calendar.user_for_token(token)
    except NotFound as exc:
        raise Http404(exc.message) from None
    response = HttpResponse(
        calendar.tasks_calendar(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="relais-tasks.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
