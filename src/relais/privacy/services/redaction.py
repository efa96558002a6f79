"""Removing a person's values from free text anywhere in the database.

After an erasure deletes the person's rows, their name, emails and phones can still sit in
text that belongs to others: a shared email thread, a note on a colleague ("call Anaïs at
06 12 34 56 78"), a task, an audit entry's ``changes``, an import's report. ``redact_everywhere``
walks every text, char and JSON column of every model (introspected, so tables added later
are covered), finds the rows that hold one of the values (one query per column) and
replaces each occurrence with ``[erased]``. Phones are matched on their digits whatever the
separators ("06.12.34.56.78", "+33 (0)6 12 34 56 78").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Cast

from relais.contacts.models import Contact, ContactPoint

ERASED = "[erased]"
# Tables that hold no free text about contacts, or whose values must stay as they are.
_SKIPPED_APPS = {"auth", "contenttypes", "sessions", "accounts", "admin"}
_SKIPPED_MODELS = {"privacy.suppressedidentifier", "privacy.erasure"}
_SEP = r"[^0-9A-Za-z]{0,3}"


@dataclass
class Values:
    """What identifies the person in text: exact strings, and phone digit patterns."""

    texts: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)  # national significant numbers

    def add_phone(self, e164: str, given: str = "") -> None:
        self.texts.update(v for v in (e164, given.strip()) if v)
        try:
            number = phonenumbers.parse(e164, None)
        except phonenumbers.NumberParseException:
            return
        national = phonenumbers.national_significant_number(number)
        if len(national) >= 6:
            self.phones.add(national)
        for fmt in (
            phonenumbers.PhoneNumberFormat.NATIONAL,
            phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        ):
            self.texts.add(phonenumbers.format_number(number, fmt))

    def patterns(self) -> list[str]:
        texts = sorted((t for t in self.texts if len(t) >= 3), key=len, reverse=True)
        return [re.escape(t) for t in texts] + [
            _SEP.join(digits) for digits in sorted(self.phones)
        ]

    def regex(self) -> re.Pattern[str]:
        return re.compile("|".join(self.patterns()), re.IGNORECASE)


def _columns() -> Iterable[tuple[type[models.Model], models.Field[Any, Any]]]:
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in _SKIPPED_APPS or meta.label_lower in _SKIPPED_MODELS:
            continue
        if meta.proxy or not meta.managed:
            continue
        for f in meta.concrete_fields:
            if not isinstance(
                f, models.CharField | models.TextField | models.JSONField
            ):
                continue
            # A vocabulary (kind, status, role…) or a short code (country, language) never
            # holds a name, an address or a number: not worth a scan of the table.
            if f.choices or (
                isinstance(f, models.CharField) and (f.max_length or 0) < 20
            ):
                continue
            yield model, f


def _condition(name: str, values: Values, is_json: bool) -> Q:
    condition = Q()
    for text in values.texts:
        if len(text) < 3:
            continue
        condition |= Q(**{f"{name}__icontains": text})
        if is_json:
            escaped = json.dumps(text)[1:-1]
            if escaped != text:
                condition |= Q(**{f"{name}__icontains": escaped})
    for digits in values.phones:
        if connection.vendor == "postgresql":
            condition |= Q(**{f"{name}__regex": _SEP.join(digits)})
        else:
            # SQLite's REGEXP is a Python call per row: look for the usual spellings with
            # LIKE instead (the last eight digits in pairs, spaced, dotted, dashed or not);
            # the regular expression then redacts whatever form the rows found hold.
            for variant in _phone_variants(digits):
                condition |= Q(**{f"{name}__contains": variant})
    return condition


def _phone_variants(digits: str) -> set[str]:
    tail = digits[-8:]
    pairs = [tail[i : i + 2] for i in range(0, len(tail), 2)]
    return {sep.join(pairs) for sep in (" ", ".", "-", "", "\u00a0", "\u202f")}


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_scrub(k, pattern): _scrub(v, pattern) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Match:
    """A row whose column holds one of the person's values."""

    model: type[models.Model]
    column: models.Field[Any, Any]
    pk: Any
    value: Any


def find_everywhere(values: Values) -> Iterator[Match]:
    """Every text, char and JSON value of the database holding one of ``values`` (one
    query per column; the database narrows, the regular expression confirms)."""
    if not values.patterns():
        return
    pattern = values.regex()
    for model, f in _columns():
        is_json = isinstance(f, models.JSONField)
        name = f.attname
        qs = model._default_manager.all()
        if is_json:
            qs = qs.annotate(_text=Cast(name, models.TextField()))
            condition = _condition("_text", values, True)
        else:
            condition = _condition(name, values, False)
        for pk, current in qs.filter(condition).values_list("pk", name):
            if _scrub(current, pattern) != current:
                yield Match(model, f, pk, current)


def redact_everywhere(values: Values) -> dict[str, int]:
    """Replace the person's values in every text column of the database; rows changed per
    table ("contacts.note": 2)."""
    pattern = values.regex() if values.patterns() else None
    changed: dict[str, int] = {}
    for match in find_everywhere(values):
        assert pattern is not None
        cleaned = _scrub(match.value, pattern)
        f = match.column
        if not isinstance(f, models.JSONField) and f.max_length:
            cleaned = cleaned[: f.max_length]
        match.model._default_manager.filter(pk=match.pk).update(**{f.attname: cleaned})
        label = match.model._meta.label_lower
        changed[label] = changed.get(label, 0) + 1
    return changed


def person_values(
    contacts: Sequence[Contact], points: Sequence[ContactPoint]
) -> Values:
    """What identifies these contact rows in free text: full names (and a surname nobody
    else bears), and the given points (websites aside: they are the company's)."""
    values = Values()
    ids = [c.pk for c in contacts]
    for c in contacts:
        names = {
            c.display_name,
            f"{c.first_name} {c.last_name}",
            f"{c.last_name} {c.first_name}",
            f"{c.last_name.upper()} {c.first_name}",
        }
        values.texts.update(
            n.strip() for n in names if len(n.strip()) > 3 and " " in n.strip()
        )
        # A surname alone is removed only when no one else in the base bears it.
        if (
            len(c.last_name) >= 4
            and not Contact.objects.filter(last_name__iexact=c.last_name)
            .exclude(pk__in=ids)
            .exists()
        ):
            values.texts.add(c.last_name)
    for point in points:
        if point.kind == ContactPoint.Kind.PHONE:
            values.add_phone(point.normalized_value, point.value)
        elif (
            point.kind != ContactPoint.Kind.URL
        ):  # a website is the company's, not theirs
            values.texts.update({point.value, point.normalized_value})
    return values
