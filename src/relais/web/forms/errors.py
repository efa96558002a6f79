"""Putting a service's InvalidInput back on the form the person filled in."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from relais.core.errors import InvalidInput


def add_service_errors(
    form: forms.Form, exc: InvalidInput, aliases: Mapping[str, str] | None = None
) -> None:
    """Each message goes under its field (renamed by ``aliases``), or above the form if the
    form has no such field."""
    for name, message in exc.errors.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, message)
