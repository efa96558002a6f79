"""Keeps the search index (``ContactSearch`` rows) in step with what contacts hold.

One rule builds a contact's searchable text from its names, points, organisation, title, city,
tags, notes and interaction subjects. The services call ``index_contacts`` for the contact they
changed; the import calls it once per chunk for every contact the chunk wrote. Work is done in
bulk: a fixed number of queries per 500 contacts, then the backend brings its own structures
(FTS5 table, typo vocabulary) in step.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from relais.contacts.hooks import search_texts
from relais.contacts.models import Contact, ContactPoint, ContactSearch, Note
from relais.core.text import fold

from . import vocabulary
from .query import index_words

# How much of notes and interaction subjects is indexed per contact, newest first: enough to
# find "the one who asked about the Lyon office", bounded so a mailbox import cannot bloat it.
OTHER_TEXT_LIMIT = 4000
CHUNK = 500
_REACH_KINDS = (ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE)


@dataclass
class Document:
    """A contact's indexed text, and the words worth remembering for typo lookups."""

    contact_id: int
    names: str
    reach: str
    other: str
    vocabulary: set[str] = field(default_factory=set)


def _unique_words(*parts: str) -> str:
    return " ".join(dict.fromkeys(fold(" ".join(p for p in parts if p)).split()))


def _name_words(*parts: str) -> str:
    """Names, plus the pieces and the joined form of a compound word: 'lefebvre-martin' is
    also 'lefebvre', 'martin' and 'lefebvremartin'; "o'brien" is also 'obrien'."""
    words: list[str] = []
    for word in _unique_words(*parts).split():
        words.append(word)
        pieces = [p for p in re.split(r"[^a-z0-9]+", word) if p]
        if len(pieces) > 1:
            words.extend([*pieces, "".join(pieces)])
    return " ".join(dict.fromkeys(words))


def name_words(first_name: str, last_name: str, display_name: str) -> set[str]:
    """The typo-vocabulary words a contact's names bring (see ``build_document``)."""
    return index_words(_name_words(first_name, last_name, display_name))


def forget_erased(words: Iterable[str]) -> None:
    """After an erasure (once the texts that named the person are redacted): rebuild the
    documents that still hold these words, drop the vocabulary words nobody bears any more,
    and rewrite the backend's index so that the erased entries leave no trace in it."""
    from django.db.models import Q

    from . import get_backend

    words = set(words)
    holding = Q(pk__in=[])
    for word in words:
        holding |= Q(names__contains=word) | Q(other__contains=word)
    index_contacts(ContactSearch.objects.filter(holding).values_list("pk", flat=True))
    vocabulary.forget_words(words)
    get_backend().purged()


def build_document(
    *,
    contact_id: int,
    first_name: str,
    last_name: str,
    display_name: str,
    title: str,
    city: str,
    organisation: str,
    points: Iterable[tuple[str, str, str]],
    tags: Iterable[str],
    texts: Iterable[str] = (),
) -> Document:
    """The one rule: ``points`` are (kind, value, normalised); ``texts`` notes and subjects."""
    names = _name_words(first_name, last_name, display_name)
    reach: list[str] = []
    other = [organisation, title, city, *tags]
    for kind, value, normalized in points:
        forms = [normalized, value] if fold(value) != fold(normalized) else [normalized]
        if kind == ContactPoint.Kind.PHONE:
            # Bare digits, and without a 1- to 3-digit country code, so that a fragment typed
            # from the national form ('06 12 34' → '61234') starts one of these words.
            digits = "".join(ch for ch in normalized if ch.isdigit())
            forms += [digits] + [digits[i:] for i in (1, 2, 3) if len(digits) - i >= 6]
        (reach if kind in _REACH_KINDS else other).extend(forms)
    extra, size = [], 0
    for text in texts:
        folded = fold(text)
        if not folded:
            continue
        extra.append(folded[: OTHER_TEXT_LIMIT - size])
        size += len(extra[-1]) + 1
        if size >= OTHER_TEXT_LIMIT:
            break
    return Document(
        contact_id=contact_id,
        names=names,
        reach=" ".join(dict.fromkeys(fold(" ".join(reach)).split())),
        other=" ".join([_unique_words(*other), *extra]).strip(),
        vocabulary=index_words(names) | index_words(fold(organisation)),
    )


def _documents(ids: list[int]) -> list[Document]:
    points: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for contact_id, kind, value, normalized in ContactPoint.objects.filter(
        contact_id__in=ids
    ).values_list("contact_id", "kind", "value", "normalized_value"):
        points[contact_id].append((kind, value, normalized))
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, name in Contact.tags.through.objects.filter(
        contact_id__in=ids
    ).values_list("contact_id", "tag__name"):
        tags[contact_id].append(name)
    texts: dict[int, list[str]] = defaultdict(list)
    for contact_id, body in (
        Note.objects.filter(contact_id__in=ids)
        .order_by("-created_at", "-id")
        .values_list("contact_id", "body")
    ):
        texts[contact_id].append(body)
    for contact_id, more in search_texts(ids).items():
        texts[contact_id].extend(more)
    return [
        build_document(
            contact_id=pk,
            first_name=first,
            last_name=last,
            display_name=display,
            title=title,
            city=city,
            organisation=organisation or "",
            points=points[pk],
            tags=tags[pk],
            texts=texts[pk],
        )
        for pk, first, last, display, title, city, organisation in Contact.objects.filter(
            pk__in=ids
        ).values_list(
            "pk",
            "first_name",
            "last_name",
            "display_name",
            "title",
            "city",
            "organisation__name",
        )
    ]


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def index_contacts(contact_ids: Iterable[int | None]) -> int:
    """Recompute the index entries of these contacts (ids of deleted contacts are ignored)."""
    from . import get_backend

    ids = sorted({int(pk) for pk in contact_ids if pk is not None})
    backend = get_backend()
    count = 0
    with transaction.atomic():
        for part in _chunks(ids):
            documents = _documents(part)
            ContactSearch.objects.bulk_create(
                [
                    ContactSearch(
                        contact_id=d.contact_id,
                        names=d.names,
                        reach=d.reach,
                        other=d.other,
                    )
                    for d in documents
                ],
                update_conflicts=True,
                unique_fields=["contact"],
                update_fields=["names", "reach", "other"],
            )
            backend.indexed(documents)
            count += len(documents)
    return count


def rebuild_index() -> int:
    """Index every contact again from scratch (after a restore, or to repair the index)."""
    from . import get_backend

    with transaction.atomic():
        ContactSearch.objects.all().delete()
        get_backend().cleared()
    ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
    count = 0
    for start in range(0, len(ids), 20 * CHUNK):
        count += index_contacts(ids[start : start + 20 * CHUNK])
    return count
