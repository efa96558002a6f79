"""Finding everything that is one person, from one email address or phone number.

A person may be several contact rows: duplicates, archived copies kept by a merge. Access
and erasure must cover them all, so the search spreads: every contact holding the given
value, then every contact sharing one of their emails or phones (or pointing at one of them
through a contact-to-contact link such as a merge archive), until nothing new is found.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import InvalidValue, normalize_email, normalize_phone
from relais.core.errors import InvalidInput, NotFound

IDENTIFYING = (ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE)
_MAX_ROUNDS = 5


def parse_identifier(value: str) -> tuple[str, str]:
    """('email' or 'phone', normalised value) of what a person gave to be found by."""
    raw = value.strip()
    try:
        if "@" in raw:
            return "email", normalize_email(raw)
        return "phone", normalize_phone(raw, str(settings.RELAIS_DEFAULT_REGION))
    except InvalidValue as exc:
        raise InvalidInput({"identifier": f"'{raw}': {exc}"}) from None


def _self_links() -> list[str]:
    return [
        f.name
        for f in Contact._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model is Contact
    ]


def person_contacts(identifier: str) -> list[Contact]:
    """Every contact row of the person reachable by ``identifier`` (email or phone)."""
    kind, value = parse_identifier(identifier)
    ids = set(
        ContactPoint.objects.filter(kind=kind, normalized_value=value).values_list(
            "contact_id", flat=True
        )
    )
    if not ids:
        raise NotFound(f"No contact has the {kind} {identifier.strip()}.")
    return expand(ids)


def expand(ids: set[int]) -> list[Contact]:
    """``ids`` and every contact sharing an email or phone with them, or linked to them."""
    links = _self_links()
    for _round in range(_MAX_ROUNDS):
        pairs = ContactPoint.objects.filter(
            contact_id__in=ids, kind__in=IDENTIFYING
        ).values_list("kind", "normalized_value")
        condition = Q()
        for kind, value in set(pairs):
            condition |= Q(kind=kind, normalized_value=value)
        found = set(ids)
        if condition:
            found |= set(
                ContactPoint.objects.filter(condition).values_list(
                    "contact_id", flat=True
                )
            )
        for name in links:
            found |= set(
                Contact.objects.filter(**{f"{name}__in": ids}).values_list(
                    "pk", flat=True
                )
            )
            found |= {
                pk
                for pk in Contact.objects.filter(pk__in=ids).values_list(
                    f"{name}_id", flat=True
                )
                if pk is not None
            }
        if found == ids:
            break
        ids = found
    return list(Contact.objects.filter(pk__in=ids).order_by("pk"))
