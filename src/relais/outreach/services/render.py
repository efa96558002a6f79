"""Personalising a message: Jinja2 in ``ImmutableSandboxedEnvironment`` over a plain dict.

A template never sees a model instance, a settings object or a callable: it gets only the
strings of ``template_fields()`` (absent ones are left undefined so that
``{{ first_name | default("Madame, Monsieur") }}`` works). Names outside that list are refused
when the template is compiled, with the line they are on, so a typo (``{{ frist_name }}``) or an
injection attempt (``{{ config }}``, ``{{ contact.delete() }}``) is a ``TemplateProblem``
rather than a silent blank. Compiling and rendering go through ``relais.core.templating``, which
bounds every render in size, work, loops, output and time (a template cannot build a gigabyte
string or hold the server); text just typed is rendered in a bounded worker process.

Only the HTML part is autoescaped: a name with ``<`` in it stays text in HTML, and stays
itself in the plain-text part and the subject. A campaign compiles each step once
(``compile_message``, cached) and renders it per recipient.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from relais.core.errors import RelaisError
from relais.core.template_worker import render_isolated
from relais.core.templating import (
    Part,
    TemplateRefused,
    compile_part,
    render_compiled,
)

if TYPE_CHECKING:
    from relais.accounts.models import User
    from relais.contacts.models import Contact
    from relais.outreach.models import Template


class TemplateProblem(RelaisError):
    """A template that cannot be rendered: syntax error, unknown field or filter, unsafe use."""

    def __init__(self, message: str, line: int | None = None, part: str = "") -> None:
        where = (
            f"{part}, line {line}: " if part and line else (f"{part}: " if part else "")
        )
        super().__init__(f"{where}{message}")
        self.problem = message
        self.line = line
        self.part = part


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


# name -> description, in the order the editor shows them.
FIELDS: dict[str, Any] = {
    "first_name": _("The contact's first name"),
    "last_name": _("The contact's last name"),
    "full_name": _("The contact's name as displayed"),
    "organisation": _("The contact's organisation"),
    "title": _("The contact's job title"),
    "city": _("The contact's city"),
    "email": _("The address the message goes to"),
    "owner_name": _("The name of the contact's owner"),
    "sender_name": _("The visible sender's name"),
    "sender_first_name": _("The visible sender's first name"),
    "sender_email": _("The visible sender's address"),
    "signature": _("The visible sender's signature"),
    "unsubscribe_url": _("The unsubscribe link of this message"),
}


_NAMES = frozenset(FIELDS)


def template_fields() -> list[tuple[str, str]]:
    """The fields a template may use, with a description (for the editor's help)."""
    return [(name, str(text)) for name, text in FIELDS.items()]


def _problem(exc: TemplateRefused) -> TemplateProblem:
    return TemplateProblem(exc.message, exc.line, exc.part)


def _compile(source: str, part: str, *, autoescape: bool = False) -> Any:
    try:
        return compile_part(source, _NAMES, autoescape, part)
    except TemplateRefused as exc:
        raise _problem(exc) from None


@dataclass(frozen=True, slots=True)
class CompiledMessage:
    """The three parts of a message, compiled once; ``render`` per recipient."""

    subject: Any
    text: Any
    html: Any | None

    def render(self, fields: Mapping[str, str]) -> RenderedMessage:
        values = {
            k: v for k, v in fields.items() if v
        }  # empty: undefined, so default() applies
        out = []
        for part, template in (
            ("subject", self.subject),
            ("text", self.text),
            ("html", self.html),
        ):
            if template is None:
                out.append("")
                continue
            try:
                out.append(render_compiled(template, values, part=part))
            except TemplateRefused as exc:
                raise _problem(exc) from None
        subject = " ".join(out[0].split())
        return RenderedMessage(subject=subject, text=out[1], html=out[2])


@lru_cache(maxsize=128)
def compile_message(
    subject: str, body_text: str, body_html: str = ""
) -> CompiledMessage:
    """Compile once (cached by content); raises ``TemplateProblem`` naming the part and line."""
    return CompiledMessage(
        subject=_compile(subject, "subject"),
        text=_compile(body_text, "text"),
        html=_compile(body_html, "html", autoescape=True)
        if body_html.strip()
        else None,
    )


def _person_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def fields_for(
    contact: Contact, sender: User | None, *, email: str = "", unsubscribe_url: str = ""
) -> dict[str, str]:
    """The strings a template gets for ``contact`` sent by ``sender`` (never a model)."""
    organisation = contact.organisation.name if contact.organisation_id else ""  # type: ignore[union-attr]
    owner = contact.owner if contact.owner_id else None
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "full_name": contact.display_name,
        "organisation": organisation,
        "title": contact.title,
        "city": contact.city,
        "email": email,
        "owner_name": _person_name(owner),
        "sender_name": _person_name(sender),
        "sender_first_name": sender.first_name if sender else "",
        "sender_email": sender.email if sender else "",
        "signature": sender.signature if sender else "",
        "unsubscribe_url": unsubscribe_url,
    }


def render_message(
    *,
    subject: str,
    body_text: str,
    body_html: str,
    contact: Contact,
    sender: User | None,
    email: str = "",
    unsubscribe_url: str = "",
) -> RenderedMessage:
    """Render one message for one contact; raises ``TemplateProblem``.

    The text may just have been typed (editor, API preview, one-to-one mail): it is rendered in
    a bounded worker process (``relais.core.template_worker``), so that no template can hold
    the server, and answers within two seconds.
    """
    compile_message(
        subject, body_text, body_html
    )  # the problems, named by part and line
    parts = [Part("subject", subject), Part("text", body_text)]
    if body_html.strip():
        parts.append(Part("html", body_html, autoescape=True))
    values = fields_for(contact, sender, email=email, unsubscribe_url=unsubscribe_url)
    try:
        out = render_isolated(parts, {k: v for k, v in values.items() if v}, _NAMES)
    except TemplateRefused as exc:
        raise _problem(exc) from None
    return RenderedMessage(
        subject=" ".join(out["subject"].split()),
        text=out["text"],
        html=out.get("html", ""),
    )


def preview(
    *, template: Template, contact: Contact, sender: User | None = None
) -> RenderedMessage:
    """What ``contact`` would receive from ``template`` (the unsubscribe link is a placeholder)."""
    from relais.outreach.services.recipients import primary_email

    return render_message(
        subject=template.subject,
        body_text=template.body_text,
        body_html=template.body_html,
        contact=contact,
        sender=sender if sender is not None else contact.owner,
        email=primary_email(contact),
        unsubscribe_url="#unsubscribe",
    )
