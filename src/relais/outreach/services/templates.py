"""Writing templates: every part is compiled before it is saved, so a saved template renders."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.core.errors import InvalidInput
from relais.outreach.models import Template

from .render import TemplateProblem, compile_message

if TYPE_CHECKING:
    from relais.accounts.models import User

EDITABLE = ("name", "language", "subject", "body_text", "body_html")


def _check(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = " ".join(str(values.get("name", "")).split())
    values["name"] = name
    if not name:
        errors["name"] = "A template needs a name."
    elif len(name) > 200:
        errors["name"] = "Longer than 200 characters."
    if values.get("language") not in Template.Language.values:
        errors["language"] = (
            f"Unknown language '{values.get('language')}': use one of "
            f"{', '.join(Template.Language.values)}."
        )
    subject = " ".join(str(values.get("subject", "")).split())
    values["subject"] = subject
    if not subject:
        errors["subject"] = "A message needs a subject."
    elif len(subject) > 500:
        errors["subject"] = "Longer than 500 characters."
    if not str(values.get("body_text", "")).strip():
        errors["body_text"] = "A message needs a plain-text body."
    if not errors:
        try:
            compile_message(values["subject"], values["body_text"], values["body_html"])
        except TemplateProblem as exc:
            field = {"subject": "subject", "text": "body_text", "html": "body_html"}
            errors[field.get(exc.part, "body_text")] = exc.message
    return errors


def create_template(
    *,
    actor: User | None,
    name: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str = "",
) -> Template:
    """Save a template after checking that every part compiles (``InvalidInput`` otherwise)."""
    ensure_can_write(actor)
    values: dict[str, Any] = {
        "name": name,
        "language": language,
        "subject": subject,
        "body_text": body_text,
        "body_html": body_html,
    }
    errors = _check(values)
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            template = Template.objects.create(created_by=actor, **values)
            record(actor=actor, action="template.create", obj=template)
    except IntegrityError:
        raise InvalidInput(
            {"name": f"A template named '{values['name']}' exists already."}
        ) from None
    return template


def update_template(
    *, actor: User | None, template: Template, **fields: Any
) -> Template:
    """Change some of name, language, subject, body_text, body_html."""
    ensure_can_write(actor)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise InvalidInput({unknown[0]: "Not a field of a template."})
    values = {name: getattr(template, name) for name in EDITABLE}
    values.update(fields)
    errors = _check(values)
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            for name, value in values.items():
                setattr(template, name, value)
            template.save()
            record(
                actor=actor,
                action="template.update",
                obj=template,
                changes={"fields": sorted(fields)},
            )
    except IntegrityError:
        raise InvalidInput(
            {"name": f"A template named '{values['name']}' exists already."}
        ) from None
    return template


def delete_template(*, actor: User | None, template: Template) -> None:
    """Delete a template no campaign step uses."""
    ensure_can_write(actor)
    if template.steps.exists():
        raise InvalidInput(
            {"template": "A campaign uses this template: it cannot be deleted."}
        )
    with transaction.atomic():
        record(actor=actor, action="template.delete", obj=template)
        template.delete()
