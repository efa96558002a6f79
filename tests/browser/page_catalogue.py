"""Every page of the web UI, discovered from the URLconf and filled with the demo's objects.

``python page_catalogue.py EMAIL`` (run against a server's database, after ``relais demo``)
prints a JSON list of every route as the signed-in user EMAIL reaches it: its name, a
concrete URL and what a GET gives (``page``: a whole HTML page the browser suite visits;
``fragment``: an HTMX fragment; ``file``: a download; ``post-only``: a 405 to a GET; or
``error`` with the status). Nothing here lists the pages themselves, so a page added by a new
area is visited as soon as its route is merged:

- a route without parameters needs nothing;
- a route with ``<int:pk>`` takes the newest object (``#oldest``: the oldest) of the model
  named for its longest matching path prefix in ``OBJECTS`` (one line per new kind of object, e.g. ``"listening/mentions/": "listening.Mention"``);
- a route with a signed token gets one from ``TOKENS``, or is listed in ``SKIPPED`` with why.

A route that fits none of these is reported as ``unresolved`` and fails the suite, saying
which line to add.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402

# Path prefix of a route with ``<int:pk>`` -> the model whose newest row fills it.
OBJECTS: dict[str, str] = {
    # Opening an access export is audited: not on the contact the README photographs.
    "contacts/<int:pk>/access/": "contacts.Contact#oldest",
    "contacts/": "contacts.Contact",
    "imports/": "ingest.ImportBatch",
    "segments/": "contacts.Segment",
    "duplicates/merges/": "matching.Merge",
    "duplicates/": "matching.MatchCandidate",
    "self-updates/": "privacy.SelfUpdateProposal",
    "tasks/": "timeline.Task",
    "users/": "accounts.User",
    "outreach/campaigns/": "outreach.Campaign",
    "outreach/templates/": "outreach.Template",
    "mentions/": "listening.Mention",
    "automation/workflows/": "automation.Workflow",
    "automation/forms/": "automation.WebForm",
}


def _richest_contact() -> object:
    """The contact page worth a screenshot: the active contact with the most exchanges."""
    from django.db.models import Count

    from relais.contacts.models import Contact

    return (
        Contact.objects.filter(merged_into__isnull=True)
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )


# Model label -> which row fills its routes, when the newest one is not the best example.
PICK: dict[str, Callable[[], object]] = {"contacts.Contact": _richest_contact}


def _self_update_token() -> str:
    from relais.contacts.models import Contact
    from relais.privacy.services import self_update

    contact = Contact.objects.order_by("pk").first()
    if contact is None:
        raise LookupError("the demo has no contact")
    return self_update.link_url(self_update.issue_link(actor=None, contact=contact))


def _questionnaire_url() -> str:
    from urllib.parse import urlsplit

    from relais.contacts.models import Contact
    from relais.insight.services import questionnaire_url

    contact = Contact.objects.order_by("pk").first()
    if contact is None:
        raise LookupError("the demo has no contact")
    return urlsplit(questionnaire_url(contact)).path


def _form_key() -> str:
    from relais.automation.models import WebForm

    form = WebForm.objects.order_by("pk").first()
    if form is None:
        raise LookupError("the demo has no web form")
    return form.key


def _calendar_token(email: str) -> str:
    from relais.accounts.models import User
    from relais.reminders.calendar import feed_token

    return feed_token(User.objects.get(email=email))


def _unsubscribe_url() -> str:
    from relais.outreach.links import unsubscribe_url
    from relais.outreach.models import Delivery

    delivery = Delivery.objects.order_by("-pk").first()
    if delivery is None:
        raise LookupError("the demo has no delivery for the unsubscribe page")
    return unsubscribe_url(delivery.pk)


# Route name -> a function of the user's email giving the URL (public pages behind a token).
TOKENS: dict[str, Callable[[str], str]] = {
    "web:self_update": lambda email: _self_update_token(),
    "web:calendar_feed": lambda email: f"/calendar/{_calendar_token(email)}.ics",
    "outreach_public:unsubscribe": lambda email: _unsubscribe_url(),
    "web:questionnaire": lambda email: _questionnaire_url(),
    "web:form_page": lambda email: f"/f/{_form_key()}/",
    "web:form_stamp": lambda email: f"/f/{_form_key()}/stamp.js",
}

# Routes not visited, with the reason (each is covered by its own test).
SKIPPED: dict[str, str] = {
    "web:import_preview": "needs an uploaded file: tests/browser/test_browser_import.py",
    "outreach_public:open": "a tracking pixel, not a page: tests/integration/test_tracking*",
    "outreach_public:click": "a tracked redirect, not a page: tests/integration/test_tracking*",
    "web:card_image": "a card waiting for confirmation exists only after photos are uploaded: "
    "tests/browser/test_browser_cards.py",
    "web:card_confirm": "a POST on an uploaded card: tests/browser/test_browser_cards.py",
    "web:card_discard": "a POST on an uploaded card: tests/browser/test_browser_cards.py",
}

API_PREFIX = "api/"


def _routes(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, route) for every named route, ``route`` being the whole path pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route.startswith(API_PREFIX):
                continue  # the API has its own schema tests (tests/integration/test_api_*)
            space = entry.namespace or namespace
            yield from _routes(entry.url_patterns, route, space)
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def _object_model(route: str) -> str | None:
    for path_prefix in sorted(OBJECTS, key=len, reverse=True):
        if route.startswith(path_prefix):
            return OBJECTS[path_prefix]
    return None


def _concrete(name: str, route: str, email: str) -> tuple[str | None, str]:
    """(URL, '') for a route, or (None, why not)."""
    if name in SKIPPED:
        return None, "skipped: " + SKIPPED[name]
    if name in TOKENS:
        try:
            return urlsplit(TOKENS[name](email)).path, ""
        except LookupError as exc:
            return None, f"no object: {exc}"
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        return "/" + route, ""
    if params != [("int", "pk")]:
        return None, f"unresolved: add {name!r} to TOKENS or SKIPPED in {__file__}"
    label = _object_model(route)
    if label is None:
        return None, (
            f"unresolved: add the model of {route!r} to OBJECTS in {__file__}"
        )
    label, _, which = label.partition("#")
    pick = None if which else PICK.get(label)
    order = "pk" if which == "oldest" else "-pk"
    row = pick() if pick else apps.get_model(label).objects.order_by(order).first()
    if row is None:
        return None, f"no object: the demo has no {label} for {route!r}"
    return "/" + re.sub(r"<int:pk>", str(row.pk), route), ""  # type: ignore[attr-defined]


def _kind(client: Client, url: str) -> tuple[str, int]:
    response = client.get(url)
    status = response.status_code
    if status == 405:
        return "post-only", status
    if status in (301, 302):
        return "redirect", status
    if status >= 400:
        return "error", status
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return "file", status
    body = response.content[:2000].lower()
    return ("page" if b"<html" in body else "fragment"), status


def catalogue(email: str) -> list[dict[str, object]]:
    from relais.accounts.models import User

    # The served host, not "testserver": the server allows only the names it is reached by.
    client = Client(
        raise_request_exception=False, HTTP_HOST="127.0.0.1"
    )  # 500s as rows
    client.force_login(User.objects.get(email=email))
    rows: list[dict[str, object]] = []
    for name, route in _routes(get_resolver().url_patterns):
        url, why = _concrete(name, route, email)
        row: dict[str, object] = {"name": name, "route": route, "url": url}
        if url is None:
            row.update(kind=why.split(":")[0], why=why)
        else:
            kind, status = _kind(client, url)
            row.update(kind=kind, status=status)
        rows.append(row)
    return rows


if __name__ == "__main__":
    print(json.dumps(catalogue(sys.argv[1]), indent=1))
