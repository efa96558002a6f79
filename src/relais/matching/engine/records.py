"""Reading contacts from the database as ``MatchRecord`` values, in chunks (a million fit)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

import phonenumbers

from relais.contacts.models import Contact, ContactPoint

from .types import MatchRecord

CHUNK = 2000
_MOBILE_LABELS = ("mobile", "cell", "portable", "gsm", "iphone", "mobil")
_MOBILE_PREFIXES = ("+336", "+337", "+447", "+324", "+417", "+4915", "+4916", "+4917")
_KINDS = (ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE, ContactPoint.Kind.LINKEDIN)


@lru_cache(maxsize=262144)
def is_mobile_number(e164: str) -> bool:
    """Whether a number is a mobile one by its numbering plan (06/07 in France, 07 in the UK).

    The prefixes are read first: libphonenumber calls the blocks regulators keep for fiction
    (06 39 98, 07700 900) "unknown", and those are what demo and test data use.
    """
    if e164.startswith(_MOBILE_PREFIXES):
        return True
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _records(rows: list[tuple], mobiles: bool = True) -> list[MatchRecord]:
    ids = [row[0] for row in rows]
    points: dict[int, dict[str, list[str]]] = defaultdict(
        lambda: {"email": [], "phone": [], "mobile": [], "linkedin": []}
    )
    for contact_id, kind, label, value in (
        ContactPoint.objects.filter(contact_id__in=ids, kind__in=_KINDS)
        .order_by("contact_id", "kind", "-is_primary", "id")
        .values_list("contact_id", "kind", "label", "normalized_value")
    ):
        mine = points[contact_id]
        mine[kind].append(value)
        if (
            mobiles
            and kind == ContactPoint.Kind.PHONE
            and (
                any(word in label.lower() for word in _MOBILE_LABELS)
                or is_mobile_number(value)
            )
        ):
            mine["mobile"].append(value)
    out = []
    for pk, first, last, org, title, city, country in rows:
        mine = points.get(pk) or {
            "email": [],
            "phone": [],
            "mobile": [],
            "linkedin": [],
        }
        out.append(
            MatchRecord(
                id=pk,
                first_name=first,
                last_name=last,
                organisation=org or "",
                title=title,
                city=city,
                country=country,
                emails=tuple(mine["email"]),
                phones=tuple(mine["phone"]),
                mobiles=tuple(mine["mobile"]),
                linkedin=mine["linkedin"][0] if mine["linkedin"] else "",
            )
        )
    return out


_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "organisation__name",
    "title",
    "city",
    "country",
)


def load_records(
    contact_ids: Iterable[int] | None = None, *, mobiles: bool = True
) -> Iterator[MatchRecord]:
    """Contacts as ``MatchRecord`` values: the given ids (those that exist), or every contact
    that is not archived, in id order.

    ``mobiles=False`` leaves ``mobiles`` empty (telling a mobile number from a landline costs
    a libphonenumber parse): for callers that do not compare phones, like the blocking keys.
    """
    if contact_ids is not None:
        ids = sorted(set(contact_ids))
        for start in range(0, len(ids), CHUNK):
            rows = list(
                Contact.objects.filter(pk__in=ids[start : start + CHUNK])
                .order_by("id")
                .values_list(*_FIELDS)
            )
            yield from _records(rows, mobiles)
        return
    last = 0
    active = Contact.objects.exclude(status=Contact.Status.ARCHIVED).order_by("id")
    while True:
        rows = list(active.filter(pk__gt=last).values_list(*_FIELDS)[:CHUNK])
        if not rows:
            return
        yield from _records(rows, mobiles)
        last = rows[-1][0]
