"""Organisations: one row per company, found again by its normalised name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from relais.accounts.services import ensure_can_write
from relais.audit.services import record
from relais.contacts.models import Organisation
from relais.contacts.normalize import (
    InvalidValue,
    normalize_url,
    organisation_key,
)
from relais.core.errors import InvalidInput

from .search_text import touch

if TYPE_CHECKING:
    from relais.accounts.models import User


def _clean_domains(domains: list[str]) -> list[str]:
    cleaned: list[str] = []
    for d in domains:
        d = d.strip().lower().removeprefix("www.")
        if "@" in d:
            d = d.rsplit("@", 1)[1]
        if "." not in d or " " in d:
            raise InvalidInput(
                {"domains": f"'{d}' is not a domain name such as example.fr."}
            )
        if d not in cleaned:
            cleaned.append(d)
    return cleaned


def _validate(
    name: str, website: str, domains: list[str]
) -> tuple[str, str, list[str]]:
    name = " ".join(name.split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "An organisation needs a name."
    elif len(name) > 300:
        errors["name"] = "The name is longer than 300 characters."
    if website:
        try:
            website = normalize_url(website)
        except InvalidValue as exc:
            errors["website"] = str(exc)
        else:
            if len(website) > 500:
                errors["website"] = "The address is longer than 500 characters."
    if errors:
        raise InvalidInput(errors)
    return name, website, _clean_domains(domains)


def get_or_create_organisation(name: str) -> Organisation | None:
    """The organisation with this name up to case, accents and legal form; ``None`` for a blank name."""
    name = " ".join(name.split())
    if not name:
        return None
    key = organisation_key(name)
    org = Organisation.objects.filter(normalized_name=key).order_by("id").first()
    if org is None:
        org = Organisation.objects.create(name=name[:300], normalized_name=key)
    return org


def create_organisation(
    *,
    actor: User | None,
    name: str,
    website: str = "",
    domains: list[str] | None = None,
) -> Organisation:
    ensure_can_write(actor)
    name, website, clean_domains = _validate(name, website, domains or [])
    with transaction.atomic():
        org = Organisation.objects.create(
            name=name,
            normalized_name=organisation_key(name),
            website=website,
            domains=clean_domains,
        )
        record(actor=actor, action="organisation.create", obj=org)
    return org


def update_organisation(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str | None = None,
    website: str | None = None,
    domains: list[str] | None = None,
) -> Organisation:
    ensure_can_write(actor)
    new_name, new_website, new_domains = _validate(
        organisation.name if name is None else name,
        organisation.website if website is None else website,
        organisation.domains if domains is None else domains,
    )
    changes = {
        field: [old, new]
        for field, old, new in (
            ("name", organisation.name, new_name),
            ("website", organisation.website, new_website),
            ("domains", organisation.domains, new_domains),
        )
        if old != new
    }
    if not changes:
        return organisation
    with transaction.atomic():
        organisation.name, organisation.website, organisation.domains = (
            new_name,
            new_website,
            new_domains,
        )
        organisation.normalized_name = organisation_key(new_name)
        organisation.save()
        record(
            actor=actor, action="organisation.update", obj=organisation, changes=changes
        )
        if "name" in changes:
            for contact in organisation.contacts.all():
                touch(contact)
    return organisation


def delete_organisation(*, actor: User | None, organisation: Organisation) -> None:
    """Delete an organisation; its contacts stay, without an organisation."""
    ensure_can_write(actor)
    with transaction.atomic():
        contacts = list(organisation.contacts.all())
        record(actor=actor, action="organisation.delete", obj=organisation)
        organisation.delete()
        for contact in contacts:
            contact.organisation_id = None
            touch(contact)
