"""The yearly "please check your details" email, ready for campaigns to send.

The text lives in templates (``privacy/mail/check_details.{en,fr}.txt``: a ``Subject:`` line,
a blank line, the body) so that it can be edited like any other message; ``check_details_email``
fills it in for one contact, in their language, with their self-update link
(``services.self_update.self_update_url``). The campaigns issue sends it; nothing here sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from relais.contacts.models import Contact

from .models import SelfUpdateLink
from .services.self_update import max_age, self_update_url

if TYPE_CHECKING:
    from relais.accounts.models import User

LANGUAGES = ("en", "fr")
TEMPLATE = "privacy/mail/check_details.{language}.txt"


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def check_details_email(
    contact: Contact, *, sender: str = "", actor: User | None = None
) -> Email:
    """The "are your details still right?" email for ``contact``, in French when their
    language is French, else English, with their self-update link."""
    language = "fr" if (contact.language or "").lower().startswith("fr") else "en"
    link = self_update_url(contact, actor=actor)
    current = SelfUpdateLink.objects.filter(
        contact=contact, revoked_at__isnull=True
    ).first()
    expires = (current.issued_at if current else timezone.now()) + max_age()
    with translation.override(language):
        text = render_to_string(
            TEMPLATE.format(language=language),
            {
                "first_name": contact.first_name,
                "display_name": contact.display_name,
                "link": link,
                "expires": formats.date_format(timezone.localtime(expires).date()),
                "sender": sender,
            },
        ).strip()
    head, _blank, body = text.partition("\n\n")
    return Email(
        subject=head.removeprefix("Subject:").strip(), body=body.strip() + "\n"
    )
