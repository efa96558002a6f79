"""Linking a mention's author to a contact, with the evidence (docs/listening.md, "Contacts").

In this order, the first rule that finds someone wins: an exact handle or profile URL already
on a contact (Mastodon acct, Bluesky handle, a profile or blog address), the author's email,
then the author's name through the matching engine's incremental search: a name alone scores
about 0.66 there, so a name links when exactly one active contact scores at least ``NAME_MIN``
(two Julie Martins: no link). The engine's evidence is kept with the link. A user's "not this person" is kept and that contact is never proposed again
for that author.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from relais.contacts.models import Contact, ContactPoint
from relais.contacts.normalize import (
    InvalidValue,
    normalize_email,
    normalize_mastodon,
    normalize_url,
)
from relais.core.text import fold
from relais.matching import engine
from relais.matching.services.incremental import draft_record

from ..models import Mention, NotThisPerson

Kind = ContactPoint.Kind


def author_key(mention: Mention) -> str:
    """Who wrote it, as one stable string (for "not this person")."""
    for value in (mention.author_handle, mention.author_url, mention.author_email):
        if value:
            return value.strip().lower()[:600]
    return ("name:" + fold(mention.author_name))[:600] if mention.author_name else ""


def identifiers(mention: Mention) -> list[tuple[str, str, str]]:
    """(rule, point kind, normalised value) candidates, strongest first."""
    found: list[tuple[str, str, str]] = []
    for raw in (mention.author_handle, mention.author_url):
        if not raw:
            continue
        with contextlib.suppress(InvalidValue):
            found.append(("handle", Kind.MASTODON, normalize_mastodon(raw)))
        if "/" in raw:
            with contextlib.suppress(InvalidValue):
                found.append(("profile URL", Kind.URL, normalize_url(raw)))
        else:  # a Bluesky handle or a forum username, kept on contacts as "other"
            found.append(("handle", Kind.OTHER, fold(raw.lstrip("@"))))
            found.append(("handle", Kind.OTHER, fold("@" + raw.lstrip("@"))))
    if mention.author_email:
        with contextlib.suppress(InvalidValue):
            found.append(("email", Kind.EMAIL, normalize_email(mention.author_email)))
    return found


def _refused(mentions: Iterable[Mention]) -> set[tuple[str, int]]:
    keys = {author_key(m) for m in mentions} - {""}
    return set(
        NotThisPerson.objects.filter(author_key__in=keys).values_list(
            "author_key", "contact_id"
        )
    )


NAME_MIN = 0.6


Candidate = tuple[
    int, float, list[str]
]  # contact id, probability, the engine's reasons


def _by_name(name: str) -> list[Candidate]:
    """Active contacts the engine finds for this name at NAME_MIN or more."""
    first, _, last = name.strip().rpartition(" ")
    if not first or not last:
        return []
    record = draft_record(first_name=first, last_name=last)
    pairs = engine.find_matches_for(record, min_probability=NAME_MIN, limit=3)
    found = {(p.right_id if p.left_id == 0 else p.left_id): p for p in pairs}
    active = (
        Contact.objects.filter(pk__in=found, merged_into__isnull=True)
        .exclude(status=Contact.Status.ARCHIVED)
        .values_list("pk", flat=True)
    )
    return [
        (
            pk,
            found[pk].probability,
            [e.detail % e.params for e in found[pk].evidence if e.outcome == "agree"],
        )
        for pk in active
    ]


def link_mentions(
    mentions: list[Mention], names: dict[str, list[Candidate]] | None = None
) -> int:
    """Link each unlinked mention to a contact when a rule finds one; returns how many.

    ``names`` caches the engine's answers by author name across calls (one poll pass).
    """
    todo = [
        m
        for m in mentions
        if m.contact_id is None
        and (m.author_handle or m.author_url or m.author_email or m.author_name)
    ]
    if not todo:
        return 0
    wanted = {m.pk: identifiers(m) for m in todo}
    values = {value for ids in wanted.values() for _, _, value in ids}
    points: dict[tuple[str, str], int] = {}
    for kind, value, owner in (
        ContactPoint.objects.filter(
            normalized_value__in=values, contact__merged_into__isnull=True
        )
        .order_by("id")
        .values_list("kind", "normalized_value", "contact_id")
    ):
        points.setdefault((kind, value), owner)
    refused = _refused(todo)
    names = {} if names is None else names
    linked: list[Mention] = []
    for mention in todo:
        key = author_key(mention)
        no = {cid for k, cid in refused if k == key}
        for rule, kind, value in wanted[mention.pk]:
            found = points.get((kind, value))
            if found and found not in no:
                mention.contact_id = found
                mention.link_evidence = {"rule": rule, "detail": value, "score": 1.0}
                break
        else:
            if not mention.author_name:
                continue
            if mention.author_name not in names:
                names[mention.author_name] = _by_name(mention.author_name)
            left = [c for c in names[mention.author_name] if c[0] not in no]
            if len(left) != 1:  # nobody, or two people of that name: no link
                continue
            contact_id, probability, reasons = left[0]
            mention.contact_id = contact_id
            mention.link_evidence = {
                "rule": "name",
                "detail": "; ".join(reasons) or mention.author_name,
                "score": round(probability, 3),
            }
        linked.append(mention)
    Mention.objects.bulk_update(linked, ["contact", "link_evidence"])
    return len(linked)
