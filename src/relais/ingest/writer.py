"""Writing a chunk of people into the base in a fixed number of queries.

An import of a million rows cannot afford a service call (and its dozen queries) per record,
so the chunk is handled set-wise: the identifiers of the whole chunk are looked up at once
(``normalized_value IN (…)``), new contacts, points, provenance rows, tags and notes are
inserted with ``bulk_create``, and search texts are computed in Python. The rules are those
of the contact services: a point held twice is one point with two provenance rows, the first
point of a kind is primary, search text is the folded names, organisation, points and tags.

Matching (docs/cli.md, `relais import`): a record belongs to an existing contact when they share a
normalised email (not a shared address such as contact@), a LinkedIn profile, or a phone
number that one of the two sides says is a mobile (or libphonenumber says so). It then only
fills the contact's empty fields; what it filled is returned so that undo can clear it. One
exception: a contact this same batch created takes the better-written name of its records
(``survivorship.names``: the spelling more of them share over a typo, accents, proper case),
so that "François TINCHAL" is not left as the "Francois Tinchl" read first; undo deletes
such a contact whole, so there is nothing to remember.

Everything runs inside the caller's transaction: a chunk is written entirely or not at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import phonenumbers
from django.db import connection
from django.utils import timezone

from relais.contacts.models import (
    Contact,
    ContactPoint,
    Note,
    Organisation,
    Provenance,
    Tag,
)
from relais.contacts.normalize import organisation_key, tag_key
from relais.contacts.services.contacts import default_display_name
from relais.contacts.services.search_text import refresh_search_texts, search_text_for
from relais.contacts.services.source import provenance_values
from relais.core.bulk import allocate_ids, db_datetime, insert_rows, json_adapter
from relais.matching.services import survivorship

from .facts import PersonFacts
from .models import ImportBatch, ImportedTagLink

if TYPE_CHECKING:
    from relais.accounts.models import User

_PRIORITY = {"email": 0, "linkedin": 1, "phone": 2}
_MOBILE_LABELS = ("mobile", "cell", "portable", "gsm", "iphone")
_IN_BATCH = 500  # values per IN (…) query: far below every database's limit


def chunks(values: Iterable[Any], size: int = _IN_BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@lru_cache(maxsize=65536)
def _is_mobile_number(e164: str) -> bool:
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return False
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _mobile_label(label: str) -> bool:
    return any(word in label for word in _MOBILE_LABELS)


@dataclass
class Outcome:
    contact_id: int
    created: bool  # this record created the contact
    changed: bool  # this record gave an existing contact something new
    filled: dict[str, str] = field(default_factory=dict)


class _NewContact:
    """A contact this chunk creates: the columns it writes, before it has an id."""

    __slots__ = (
        "pk",
        "first_name",
        "last_name",
        "display_name",
        "title",
        "city",
        "country",
        "language",
        "organisation_id",
    )

    def __init__(self) -> None:
        self.pk: int | None = None
        self.first_name = self.last_name = self.display_name = ""
        self.title = self.city = self.country = self.language = ""
        self.organisation_id: int | None = None


class _Point:
    __slots__ = ("pk", "kind", "label", "value", "normalized_value", "is_primary")

    def __init__(
        self,
        pk: int,
        kind: str,
        label: str,
        value: str,
        normalized_value: str,
        is_primary: bool,
    ) -> None:
        self.pk = pk
        self.kind = kind
        self.label = label
        self.value = value
        self.normalized_value = normalized_value
        self.is_primary = is_primary


@dataclass
class _Target:
    """A contact the chunk writes to: one it creates, or an existing one it enriches."""

    contact: Any  # Contact (existing) or _NewContact
    new: bool
    points: dict[tuple[str, str], _Point] = field(default_factory=dict)
    primary_kinds: set[str] = field(default_factory=set)
    tag_ids: set[int] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    changed_fields: set[str] = field(default_factory=set)
    org_name: str = ""
    tag_names: list[str] = field(default_factory=list)
    touched: bool = False
    name_votes: Counter[str] | None = None  # spellings of the name its records write


class PeopleWriter:
    """Writes the people of one chunk after another for one batch; caches organisations and tags."""

    def __init__(self, batch: ImportBatch, actor: User | None) -> None:
        self.batch = batch
        self.actor = actor
        self._orgs: dict[str, tuple[int, str]] = {}
        self._tags: dict[str, tuple[int, str]] = {}

    # -- organisations and tags, created once and remembered ----------------------------

    def _resolve_organisations(self, names: set[str]) -> None:
        wanted = {organisation_key(n): n for n in names}
        missing = [k for k in wanted if k not in self._orgs]
        for part in chunks(missing):
            for pk, key, name in (
                Organisation.objects.filter(normalized_name__in=part)
                .order_by("-id")
                .values_list("id", "normalized_name", "name")
            ):
                self._orgs[key] = (
                    pk,
                    name,
                )  # lowest id last: it wins, as in the service
        new = [
            Organisation(
                name=wanted[k][:300], normalized_name=k, created_by_batch=self.batch
            )
            for k in wanted
            if k not in self._orgs
        ]
        for org in Organisation.objects.bulk_create(new):
            self._orgs[org.normalized_name] = (org.pk, org.name)

    def _resolve_tags(self, names: set[str]) -> None:
        wanted = {tag_key(n): n for n in names}
        missing = [k for k in wanted if k not in self._tags]
        for part in chunks(missing):
            for pk, key, name in Tag.objects.filter(key__in=part).values_list(
                "id", "key", "name"
            ):
                self._tags[key] = (pk, name)
        new = [
            Tag(name=wanted[k], key=k, created_by_batch=self.batch)
            for k in wanted
            if k not in self._tags
        ]
        # Another import running at the same time may create the same tag between the read
        # above and this write (an IntegrityError on the key, on PostgreSQL): the conflict is
        # skipped and every new key read back, whoever created it.
        Tag.objects.bulk_create(new, ignore_conflicts=True)
        for part in chunks([t.key for t in new]):
            for pk, key, name in Tag.objects.filter(key__in=part).values_list(
                "id", "key", "name"
            ):
                self._tags[key] = (pk, name)

    # -- matching ------------------------------------------------------------------------

    def _lookup(
        self, items: list[PersonFacts]
    ) -> dict[tuple[str, str], tuple[int, str]]:
        """Existing points with the chunk's identifiers: (kind, value) → (contact id, label)."""
        wanted: dict[str, set[str]] = defaultdict(set)
        for item in items:
            if item.contact_id is None:
                for kind, value in item.identifiers():
                    wanted[kind].add(value)
        found: dict[tuple[str, str], tuple[int, str]] = {}
        table = ContactPoint._meta.db_table
        with connection.cursor() as cursor:
            for kind, values in wanted.items():
                for part in chunks(values):
                    # The (kind, normalized_value) index answers this without a scan.
                    cursor.execute(
                        f'SELECT "normalized_value", "contact_id", "label" FROM "{table}" '  # noqa: S608
                        f'WHERE "kind" = %s AND "normalized_value" IN '
                        f"({', '.join(['%s'] * len(part))}) "
                        'ORDER BY "contact_id" DESC',
                        [kind, *part],
                    )
                    for value, contact_id, label in cursor.fetchall():
                        found[(kind, value)] = (contact_id, label)
        return found

    def _match(
        self,
        item: PersonFacts,
        existing: dict[tuple[str, str], tuple[int, str]],
        local: dict[tuple[str, str], Any],
    ) -> Any:
        """The target key (contact id, or ("new", n)) this item belongs to, or None."""
        if item.contact_id is not None:
            return item.contact_id
        labels = {(p.kind, p.normalized): p.label for p in item.points}
        for kind, value in sorted(
            item.identifiers(), key=lambda k: _PRIORITY.get(k[0], 9)
        ):
            key = (kind, value)
            other_label = ""
            if key in local:
                target, other_label = local[key]
            elif key in existing:
                target, other_label = existing[key]
            else:
                continue
            if kind == "phone" and not (
                _mobile_label(labels.get(key, ""))
                or _mobile_label(other_label)
                or _is_mobile_number(value)
            ):
                continue
            return target
        return None

    # -- writing -------------------------------------------------------------------------

    def write(self, items: list[PersonFacts]) -> list[Outcome]:
        """Write ``items`` (in the caller's transaction); one outcome per item, in order."""
        if not items:
            return []
        self._resolve_organisations({i.organisation for i in items if i.organisation})
        self._resolve_tags({t for i in items for t in i.tags})
        existing = self._lookup(items)
        local: dict[tuple[str, str], tuple[Any, str]] = {}
        target_keys: list[Any] = []
        new_count = 0
        for item in items:
            key = self._match(item, existing, local)
            if key is None:
                key = ("new", new_count)
                new_count += 1
            target_keys.append(key)
            for point in item.points:
                if (point.kind, point.normalized) not in local:
                    local[(point.kind, point.normalized)] = (key, point.label)
        targets = self._targets(target_keys)
        return self._apply(items, target_keys, targets)

    def _targets(self, keys: list[Any]) -> dict[Any, _Target]:
        ids = {k for k in keys if isinstance(k, int)}
        targets: dict[Any, _Target] = {}
        for part in chunks(ids):
            for contact in Contact.objects.filter(pk__in=part):
                targets[contact.pk] = _Target(contact, new=False)
            for row in ContactPoint.objects.filter(contact_id__in=part).values_list(
                "contact_id",
                "id",
                "kind",
                "label",
                "value",
                "normalized_value",
                "is_primary",
            ):
                target = targets[row[0]]
                point = _Point(*row[1:])
                target.points[(point.kind, point.normalized_value)] = point
                if point.is_primary:
                    target.primary_kinds.add(point.kind)
            through = Contact.tags.through
            for contact_id, tag_id in through.objects.filter(
                contact_id__in=part
            ).values_list("contact_id", "tag_id"):
                targets[contact_id].tag_ids.add(tag_id)
            for contact_id, body in Note.objects.filter(
                contact_id__in=part, author__isnull=True
            ).values_list("contact_id", "body"):
                targets[contact_id].notes.add(body)
        for key in keys:
            if key not in targets:
                targets[key] = _Target(_NewContact(), new=True)
        return targets

    def _apply(
        self, items: list[PersonFacts], keys: list[Any], targets: dict[Any, _Target]
    ) -> list[Outcome]:
        now = timezone.now()
        stamp = db_datetime(now)
        batch_id = self.batch.pk
        actor_id = self.actor.pk if self.actor is not None else None
        to_json = json_adapter()
        empty = to_json({})
        fields_json: dict[tuple[str, ...], Any] = {}
        source_kind = Provenance.SourceKind.IMPORT.value
        for target, pk in zip(
            (t for t in targets.values() if t.new),
            allocate_ids(Contact, sum(1 for t in targets.values() if t.new)),
            strict=True,
        ):
            target.contact.pk = pk
        # Ids for every point the chunk might add (those left unused are never reused),
        # so that rows are built as the items are read.
        point_ids = iter(allocate_ids(ContactPoint, sum(len(i.points) for i in items)))
        point_rows: list[tuple[Any, ...]] = []
        provenance_rows: list[tuple[Any, ...]] = []
        tag_links: list[tuple[_Target, int]] = []
        notes: list[tuple[_Target, str]] = []
        results: list[tuple[_Target, bool, bool, dict[str, str]]] = []
        seen_new: set[int] = set()
        for item, key in zip(items, keys, strict=True):
            target = targets[key]
            contact = target.contact
            created = target.new and id(target) not in seen_new
            seen_new.add(id(target))
            filled: dict[str, str] = {}
            changed = False
            for name, value in item.fields.items():
                if not getattr(contact, name):
                    setattr(contact, name, value)
                    target.changed_fields.add(name)
                    filled[name] = value
            if target.new or contact.created_by_batch_id == batch_id:
                self._better_name(target, item, created)
            supplied = list(item.fields)
            if item.organisation:
                supplied.append("organisation")
                if contact.organisation_id is None:
                    org_id, org_name = self._orgs[organisation_key(item.organisation)]
                    contact.organisation_id = org_id
                    target.org_name = org_name
                    target.changed_fields.add("organisation")
                    filled["organisation"] = org_name
            supplied_points: list[int] = []
            held = target.points
            for fact in item.points:
                point_key = (fact.kind, fact.normalized)
                point = held.get(point_key)
                if point is None:
                    primary = fact.kind not in target.primary_kinds
                    point = _Point(
                        next(point_ids),
                        fact.kind,
                        fact.label,
                        fact.value,
                        fact.normalized,
                        primary,
                    )
                    target.primary_kinds.add(fact.kind)
                    held[point_key] = point
                    point_rows.append(
                        (
                            point.pk,
                            contact.pk,
                            fact.kind,
                            fact.label,
                            fact.value,
                            fact.normalized,
                            primary,
                            batch_id,
                            stamp,
                        )
                    )
                    changed = True
                supplied_points.append(point.pk)
            # One provenance row per record, by the rule every writer follows
            # (contacts/services/source.py).
            fields, ids = provenance_values(supplied, supplied_points)
            field_key = tuple(fields)
            if field_key not in fields_json:
                fields_json[field_key] = to_json(fields)
            provenance_rows.append(
                (
                    contact.pk,
                    item.source_kind or source_kind,
                    item.source_name[:500],
                    item.record_number,
                    batch_id,
                    fields_json[field_key],
                    to_json(ids),
                    to_json(item.details) if item.details else empty,
                    stamp,
                    actor_id,
                )
            )
            for name in item.tags:
                tag_id, tag_name = self._tags[tag_key(name)]
                if tag_id not in target.tag_ids:
                    target.tag_ids.add(tag_id)
                    target.tag_names.append(tag_name)
                    tag_links.append((target, tag_id))
                    changed = True
            if item.note:
                body = (
                    f"{item.note}\n\n({item.source_name}, record {item.record_number})"
                )
                if body not in target.notes:
                    target.notes.add(body)
                    notes.append((target, body))
                    changed = True
            changed = changed or bool(filled)
            target.touched = target.touched or changed
            results.append((target, created, changed and not target.new, filled))

        self._save_contacts(targets, stamp)
        insert_rows(ContactPoint, _POINT_COLUMNS, point_rows)
        insert_rows(Provenance, _PROVENANCE_COLUMNS, provenance_rows)
        self._save_tags(tag_links)
        Note.objects.bulk_create(
            [
                Note(
                    contact_id=t.contact.pk,
                    body=body,
                    created_by_batch=self.batch,
                    created_at=now,
                    updated_at=now,
                )
                for t, body in notes
            ]
        )
        touched = [t.contact.pk for t in targets.values() if not t.new and t.touched]
        if touched:
            refresh_search_texts(touched)
        return [
            Outcome(t.contact.pk, created, changed, filled)
            for t, created, changed, filled in results
        ]

    def _better_name(self, target: _Target, item: PersonFacts, created: bool) -> None:
        """Give a contact this batch created the better-written name of its records."""
        first = item.fields.get("first_name", "")
        last = item.fields.get("last_name", "")
        if not (first or last):
            return
        contact = target.contact
        if target.name_votes is None:
            target.name_votes = (
                Counter()
                if created
                else survivorship.name_votes((contact.first_name, contact.last_name))
            )
        target.name_votes.update(survivorship.name_votes((first, last)))
        old = (contact.first_name, contact.last_name)
        new = survivorship.better_names(old, (first, last), target.name_votes)
        if new == old:
            return
        contact.first_name, contact.last_name = new
        target.changed_fields.update(("first_name", "last_name"))
        if contact.display_name == default_display_name(*old):
            contact.display_name = default_display_name(*new)
            target.changed_fields.add("display_name")
        target.touched = True

    def _save_contacts(self, targets: dict[Any, _Target], stamp: Any) -> None:
        rows = []
        for target in targets.values():
            if not target.new:
                continue
            contact = target.contact
            rows.append(
                (
                    contact.pk,
                    contact.first_name,
                    contact.last_name,
                    contact.display_name,
                    contact.title,
                    contact.organisation_id,
                    contact.city,
                    contact.country,
                    contact.language,
                    Contact.Status.LEAD,
                    search_text_for(
                        contact,
                        target.org_name,
                        ((p.value, p.normalized_value) for p in target.points.values()),
                        target.tag_names,
                    ),
                    self.batch.pk,
                    stamp,
                    stamp,
                )
            )
        insert_rows(Contact, _CONTACT_COLUMNS, rows)
        changed = [t for t in targets.values() if not t.new and t.changed_fields]
        fields = sorted({f for t in changed for f in t.changed_fields})
        if changed:
            Contact.objects.bulk_update([t.contact for t in changed], fields)

    def _save_tags(self, links: list[tuple[_Target, int]]) -> None:
        if not links:
            return
        insert_rows(
            Contact.tags.through,
            ("contact_id", "tag_id"),
            [(t.contact.pk, tag_id) for t, tag_id in links],
            ignore_conflicts=True,
        )
        ImportedTagLink.objects.bulk_create(
            [
                ImportedTagLink(
                    batch=self.batch, contact_id=t.contact.pk, tag_id=tag_id
                )
                for t, tag_id in links
                if not t.new
            ]
        )


_CONTACT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "display_name",
    "title",
    "organisation_id",
    "city",
    "country",
    "language",
    "status",
    "search_text",
    "created_by_batch_id",
    "created_at",
    "updated_at",
)
_POINT_COLUMNS = (
    "id",
    "contact_id",
    "kind",
    "label",
    "value",
    "normalized_value",
    "is_primary",
    "created_by_batch_id",
    "created_at",
)
_PROVENANCE_COLUMNS = (
    "contact_id",
    "source_kind",
    "source_name",
    "record_number",
    "batch_id",
    "fields",
    "points",
    "details",
    "recorded_at",
    "recorded_by_id",
)
