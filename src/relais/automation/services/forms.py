"""Web forms: built in Relais, filled in on a hosted page or on the user's own site.

A submission becomes a ``form_submitted`` event (``events.record_event``): the person is found
through the matching engine or created with provenance ``form``, the event is on the timeline
and may start workflows. The consent text the person saw is stored with their answer, and a
ticked box records the ``consent`` lawful basis (never over an existing one).

Spam protection, since the page is public and posted from other sites (no CSRF token can
work there): a honeypot field people do not see, a signed time stamp (a form sent less than
RELAIS_FORMS_MIN_SECONDS after it was shown, or with no stamp, is refused), and at most
RELAIS_FORMS_PER_HOUR submissions an hour from one address, counted by a keyed hash of it
(the address itself is never stored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.automation.models import FormSubmission, WebForm
from relais.contacts.normalize import InvalidValue, normalize_email
from relais.contacts.services import add_tags
from relais.core.errors import InvalidInput, NotFound, RelaisError

from .events import EventInput, record_event

if TYPE_CHECKING:
    from relais.accounts.models import User

MAPS_TO = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "organisation",
    "title",
    "city",
    "message",
)
HONEYPOT = "website"
STAMP = "relais_stamp"
MAX_VALUE = 2000
_SALT = "relais.automation.forms.stamp"


class SpamRefused(RelaisError):
    """A submission refused as automated (honeypot, too fast, no stamp) or over the limit."""

    def __init__(self, message: str, *, too_many: bool = False) -> None:
        super().__init__(message)
        self.too_many = too_many


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    maps_to: str
    required: bool


def fields_of(form: WebForm) -> list[FormField]:
    return [
        FormField(f["name"], f["label"], f["maps_to"], bool(f.get("required")))
        for f in form.fields
    ]


def parse_field_lines(text: str) -> list[dict[str, Any]]:
    """The builder's lines ``Label | maps_to | required`` → field definitions."""
    fields, errors = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        label = parts[0]
        maps_to = (parts[1] if len(parts) > 1 else "").lower()
        required = len(parts) > 2 and parts[2].lower() in (
            "required",
            "requis",
            "yes",
            "oui",
            "1",
        )
        if not label or maps_to not in MAPS_TO:
            errors["fields"] = (
                f"line {number}: write 'Label | field | required', field one of {', '.join(MAPS_TO)}."
            )
            continue
        fields.append(
            {
                "name": maps_to,
                "label": label[:200],
                "maps_to": maps_to,
                "required": required,
            }
        )
    if errors:
        raise InvalidInput(errors)
    return fields


def create_form(
    *,
    actor: User | None,
    name: str,
    fields: list[dict[str, Any]],
    consent_text: str = "",
    thanks: str = "",
    tags: list[str] | None = None,
) -> WebForm:
    """Create a form; it needs an email field (the person is found or created by it)."""
    ensure_can_write(actor)
    errors = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = "Give the form a name."
    # One shape whatever the caller gave (the builder's lines, the API, the demo): every field
    # named by the contact field it fills, with a label, and only known contact fields.
    fields = [
        {
            "name": str(f.get("maps_to", "")).lower(),
            "label": (str(f.get("label") or f.get("maps_to", "")).strip())[:200],
            "maps_to": str(f.get("maps_to", "")).lower(),
            "required": bool(f.get("required")),
        }
        for f in fields
    ]
    unknown = [f["maps_to"] for f in fields if f["maps_to"] not in MAPS_TO]
    if unknown:
        errors["fields"] = (
            f"Unknown contact field {unknown[0]!r}: use one of {', '.join(MAPS_TO)}."
        )
    names = [f["maps_to"] for f in fields]
    if "fields" in errors:
        pass
    elif "email" not in names:
        errors["fields"] = "A form needs an email field."
    elif len(set(names)) != len(names):
        errors["fields"] = "Each contact field may appear once."
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        form = WebForm.objects.create(
            name=name[:200],
            key=secrets.token_urlsafe(18),
            fields=fields,
            consent_text=consent_text.strip(),
            thanks=thanks.strip()[:500],
            tags=[t.strip() for t in tags or [] if t.strip()],
            created_by=actor,
        )
        record(actor=actor, action="form.create", obj=form, changes={"name": form.name})
    return form


def get_form(key: str) -> WebForm:
    form = WebForm.objects.filter(key=key, active=True).first()
    if form is None:
        raise NotFound("This form does not exist or was closed.")
    return form


def stamp(form: WebForm) -> str:
    """A signed 'shown at' time for the form's page."""
    return signing.dumps({"k": form.key, "t": time.time()}, salt=_SALT)


def ip_hash(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"form-ip:{address}".encode(), hashlib.sha256).hexdigest()


def _check_spam(
    form: WebForm, data: Mapping[str, str], address: str, now: float
) -> str:
    if data.get(HONEYPOT):
        raise SpamRefused("Refused as automated.")
    try:
        shown = signing.loads(data.get(STAMP, ""), salt=_SALT, max_age=86400)
    except signing.BadSignature:
        raise SpamRefused(
            "The form expired or was not shown by Relais: reload the page."
        ) from None
    if (
        shown.get("k") != form.key
        or now - float(shown.get("t", 0)) < settings.RELAIS_FORMS_MIN_SECONDS
    ):
        raise SpamRefused("Sent too fast to be a person: please try again.")
    hashed = ip_hash(address)
    recent = FormSubmission.objects.filter(
        ip_hash=hashed, submitted_at__gte=timezone.now() - dt.timedelta(hours=1)
    ).count()
    if recent >= settings.RELAIS_FORMS_PER_HOUR:
        raise SpamRefused(
            "Too many submissions from your address: try again later.", too_many=True
        )
    return hashed


def submit(
    form: WebForm, data: Mapping[str, str], *, address: str, now: float | None = None
) -> FormSubmission:
    """Check and store one submission; raises ``SpamRefused`` or ``InvalidInput``."""
    hashed = _check_spam(form, data, address, time.time() if now is None else now)
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in fields_of(form):
        value = (
            " ".join(str(data.get(field.name, "")).split())
            if field.maps_to != "message"
            else str(data.get(field.name, "")).strip()
        )
        if len(value) > MAX_VALUE:
            errors[field.name] = f"Longer than {MAX_VALUE} characters."
        elif field.required and not value:
            errors[field.name] = f"{field.label}: required."
        elif field.maps_to == "email" and value:
            try:
                normalize_email(value)
            except InvalidValue:
                errors[field.name] = f"'{value[:100]}' is not an email address."
        values[field.maps_to] = value
    if not values.get("email") and "email" not in errors:
        errors["email"] = "An email address is required."
    if errors:
        raise InvalidInput(errors)
    consented = bool(form.consent_text) and data.get("consent") in (
        "on",
        "1",
        "yes",
        "true",
    )
    contact_values = {k: v for k, v in values.items() if k != "message" and v}
    if consented:
        contact_values["lawful_basis"] = "consent"
    with transaction.atomic():
        event = record_event(
            EventInput(
                external_id=f"form:{form.key[:12]}:{uuid.uuid4().hex}",
                type="form_submitted",
                occurred_at=timezone.now(),
                contact=contact_values,
                data={
                    "form": form.name,
                    **({"message": values["message"]} if values.get("message") else {}),
                },
            ),
            via="form",
        )
        if form.tags and event.contact is not None:
            add_tags(actor=None, contact=event.contact, names=form.tags)
        return FormSubmission.objects.create(
            form=form,
            contact=event.contact,
            event=event,
            values=values,
            consent_text=form.consent_text,
            consented=consented,
            ip_hash=hashed,
            submitted_at=timezone.now(),
        )


def snippet(form: WebForm) -> str:
    """The HTML to paste into a page of one's own site (a plain form posting to Relais)."""
    from django.utils.html import escape

    base = settings.RELAIS_BASE_URL
    action = f"{base}/f/{form.key}/"
    rows = []
    for field in fields_of(form):
        kind = {"email": "email", "phone": "tel"}.get(field.maps_to, "text")
        required = " required" if field.required else ""
        control = (
            f'<textarea name="{field.name}"{required}></textarea>'
            if field.maps_to == "message"
            else f'<input type="{kind}" name="{field.name}"{required}>'
        )
        rows.append(f"  <label>{escape(field.label)}<br>{control}</label><br>")
    if form.consent_text:
        rows.append(
            f'  <label><input type="checkbox" name="consent" value="on"> {escape(form.consent_text)}</label><br>'
        )
    return "\n".join(
        [
            f'<form method="post" action="{escape(action)}" accept-charset="utf-8">',
            *rows,
            f'  <input type="text" name="{HONEYPOT}" tabindex="-1" autocomplete="off" '
            'style="position:absolute;left:-5000px" aria-hidden="true">',
            f'  <input type="hidden" name="{STAMP}" data-relais-form="{escape(form.key)}">',
            '  <button type="submit">OK</button>',
            "</form>",
            f'<script src="{escape(base)}/f/{escape(form.key)}/stamp.js" async></script>',
        ]
    )
