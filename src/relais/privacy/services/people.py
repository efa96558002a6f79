"""Finding everything that is one person, from one email address or phone number.

A person may be several contact rows: duplicates, archived copies kept by a merge. Access
and erasure must cover them all, so the search spreads: every contact holding the given
value, then every contact sharing one of their personal emails, or a phone under the same
name, or pointing at one of them through a contact-to-contact link (a merge archive), until
nothing new is found. Shared addresses (contact@, info@…) and switchboard numbers never link
two rows: they would pull colleagues into someone else's erasure.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import (
    InvalidValue,
    is_shared_address,
    normalize_email,
    normalize_phone,
)
from relais.core.errors import InvalidInput, NotFound
from relais.core.text import fold

IDENTIFYING = (ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE)
_MAX_ROUNDS = 5
# Labels of numbers a whole team answers.
_SHARED_LABELS = ("standard", "switchboard", "accueil", "fax")


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


def _name_key(contact: Contact) -> tuple[str, str]:
    return fold(contact.last_name).strip(), fold(contact.first_name).strip()


def _same_person(a: Contact, b: Contact) -> bool:
    """Whether two contact rows sharing a phone are one person: same surname (and first name
    when both give one), or one of them archived (a merge's copy)."""
    if Contact.Status.ARCHIVED in (a.status, b.status):
        return True
    (last_a, first_a), (last_b, first_b) = _name_key(a), _name_key(b)
    return (
        bool(last_a)
        and last_a == last_b
        and (not first_a or not first_b or first_a == first_b)
    )


def person_contacts(identifier: str) -> list[Contact]:
    """Every contact row of the person reachable by ``identifier`` (email or phone).

    An identifier several different people hold (a shared ``contact@`` address, a
    switchboard number) is refused: it does not say whose data to act on.
    """
    kind, value = parse_identifier(identifier)
    found = list(
        Contact.objects.filter(
            points__kind=kind, points__normalized_value=value
        ).distinct()
    )
    if not found:
        raise NotFound(f"No contact has the {kind} {identifier.strip()}.")
    first = found[0]
    if (kind == "email" and is_shared_address(value) and len(found) > 1) or any(
        not _same_person(first, other) for other in found[1:]
    ):
        ids = ", ".join(f"#{c.pk}" for c in found)
        raise InvalidInput(
            {
                "identifier": f"{identifier.strip()} is held by several people ({ids}): "
                "give an email or phone of the person alone."
            }
        )
    return expand({c.pk for c in found})


def expand(ids: set[int]) -> list[Contact]:
    """``ids`` and the other rows of the same person: contacts sharing one of their personal
    emails (not a shared address such as contact@), sharing a phone under the same name (not a
    colleague on the same switchboard), or linked to them (a merge archive)."""
    links = _self_links()
    for _round in range(_MAX_ROUNDS):
        people = {c.pk: c for c in Contact.objects.filter(pk__in=ids)}
        pairs = set(
            ContactPoint.objects.filter(contact_id__in=ids, kind__in=IDENTIFYING)
            .exclude(label__in=_SHARED_LABELS)
            .values_list("kind", "normalized_value")
        )
        condition = Q()
        for kind, value in pairs:
            if kind == ContactPoint.Kind.EMAIL and is_shared_address(value):
                continue
            condition |= Q(kind=kind, normalized_value=value)
        found = set(ids)
        if condition:
            holders = ContactPoint.objects.filter(condition).exclude(contact_id__in=ids)
            for point in holders.select_related("contact"):
                other = point.contact
                if point.kind == ContactPoint.Kind.EMAIL or any(
                    _same_person(other, mine) for mine in people.values()
                ):
                    found.add(other.pk)
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
