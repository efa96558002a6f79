"""What every web view shares: login, turning service errors into error pages, HTMX helpers.

Views stay thin: they turn a request into a service or selector call and render the result.
``web_view`` makes "every page requires login" and "no stack trace reaches a user" hold for
all of them: NotFound becomes the 404 page, Forbidden (a read-only user writing) the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from relais.accounts.services import ensure_can_write
from relais.core.errors import Forbidden, NotFound

if TYPE_CHECKING:
    from relais.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``web_view``: the user is signed in."""

    user: User


View = Callable[..., HttpResponse]


def web_view(view: View) -> View:
    """Require a signed-in user; show service NotFound/Forbidden as the 404/403 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from None
        # Full pages and HTMX fragments share URLs: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    return login_required(wrapper)


def write_view(view: View) -> View:
    """A POST that changes data: a read-only user gets the 403 page whatever the form holds."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ensure_can_write(request.user)  # type: ignore[arg-type]
        return view(request, *args, **kwargs)

    return web_view(require_POST(wrapper))


def is_htmx(request: HttpRequest) -> bool:
    """An HTMX call wanting a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    )


def fragments(
    request: HttpRequest, parts: Iterable[tuple[str, dict[str, Any]]], status: int = 200
) -> HttpResponse:
    """Several templates in one response: the target swap first, then out-of-band swaps."""
    html = "".join(
        render_to_string(template, context, request=request)
        for template, context in parts
    )
    return HttpResponse(html, status=status)


def retarget(
    response: HttpResponse, target: str, swap: str = "outerHTML"
) -> HttpResponse:
    """Send an HTMX response somewhere else than the element asked for (e.g. a form with errors)."""
    response["HX-Retarget"] = target
    response["HX-Reswap"] = swap
    return response
