"""What the model compares for one contact: the normalised keys computed once per record.

Both scorers read these values: Splink (DuckDB or Spark) as the columns of its input table, and
the incremental check in plain Python. Computing them once, here, is what keeps the two in step.
Empty values are ``None`` so that the model's "missing" level reads the same in SQL and Python.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from relais.core.text import fold
from relais.names.nicknames import block_key, first_name_variants

from .engine.types import MatchRecord
from .normalize import (
    PersonName,
    canonical_email,
    email_domain_organisation,
    email_local_key,
    is_shared_address,
    name_signatures,
    organisation_match_key,
    person_name,
)

_DIGIT = re.compile(r"\d")
_TITLE_NOISE = frozenset({"de", "des", "du", "la", "le", "of", "the", "and", "et", "&"})


# Not ``frozen``: a frozen dataclass sets each of its 30 fields through ``object.__setattr__``,
# which made building a million of them cost 17 s more. Treat instances as read-only anyway
# (``dataclasses.replace`` to change one).
@dataclass(slots=True)
class Features:
    unique_id: int
    first: str | None
    first_groups: list[int] | None  # nickname groups (see nicknames.GROUPS)
    initials: str | None
    is_initial: bool
    last: str | None
    last_core: str | None
    name_key: str | None  # blocking: first name's group (or the name) + surname
    tokens_key: str | None  # blocking: both names sorted, whichever field they sit in
    initial_key: str | None  # blocking: surname + first initial
    prefix_key: (
        str | None
    )  # blocking: first name's group + 4 letters of the surname (typos)
    org: str | None
    org_words: list[str] | None  # organisation key and company email domains
    emails: list[str] | None  # canonical personal addresses (identifiers)
    shared_emails: list[str] | None  # role addresses and addresses several people use
    email_locals: list[str] | None  # local parts of ``emails``, separators removed
    block_locals: list[str] | None  # those the batch blocks on (see batch.cap_blocks)
    free_locals: list[str] | None  # those not made from the name (robert255, fredo.c)
    email_local1: str | None  # the first address's local part, for a fuzzy comparison
    # The kinds of personal addresses held: "personal" (Gmail, Orange…), "work" (a company
    # domain) or "both"; people have one of each, so one kind against the other is no conflict.
    email_kinds: str | None
    name_sigs: list[str] | None  # local parts this person's name usually makes
    phones: list[str] | None  # E.164, not shared
    shared_phones: list[str] | None  # switchboards: numbers on several distinct people
    mobiles: list[str] | None
    city: str | None
    title: str | None
    title_words: list[str] | None
    linkedin: str | None
    birth_date: str | None
    postcode: str | None
    address: str | None

    def row(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=65536)
def _text(value: str) -> str | None:
    return fold(value) or None


@lru_cache(maxsize=65536)
def _title_words(title: str | None) -> list[str] | None:
    words = {
        w for w in (title or "").replace("-", " ").split() if w not in _TITLE_NOISE
    }
    return sorted(words) if words else None


def _list(values: Collection[str]) -> list[str] | None:
    return sorted(values) if values else None


def _is_free(local: str, last: str, signatures: frozenset[str]) -> bool:
    """A local part that says more than the name: 'robert255', 'fredo.c' — not
    'frederic.canevet' nor 'victoria.saintclair' for someone known as 'V. Saint-Clair'."""
    if len(local) < 3 or local in signatures:
        return False
    return bool(_DIGIT.search(local)) or not (len(last) >= 4 and last in local)


class _NameFeatures(NamedTuple):
    name: PersonName
    signatures: frozenset[str]
    groups: list[int] | None
    name_key: str | None
    tokens_key: str | None
    initial_key: str | None
    prefix_key: str | None
    name_sigs: list[str] | None


@lru_cache(maxsize=8192)
def _name_features(first_name: str, last_name: str) -> _NameFeatures:
    """What a record's name alone decides (cached: the common names repeat across a base; the
    lists are shared between records, which treat them as read-only). An entry holds some
    50 strings (about 5 KB): a small cache, or a long-running process or an import's
    keys pass would keep a gigabyte of names."""
    name = person_name(first_name, last_name)
    variants = first_name_variants(name.first) if name.first else frozenset()
    first_block = block_key(name.first) if name.first else ""
    signatures = name_signatures(name, variants)
    tokens = sorted(t for t in (name.first, name.last) if t)
    return _NameFeatures(
        name=name,
        signatures=signatures,
        groups=sorted(name.groups) or None,
        name_key=f"{first_block}|{name.last}" if name.first and name.last else None,
        tokens_key="|".join(tokens) if len(tokens) == 2 else None,
        initial_key=f"{name.last}|{name.initials[:1]}"
        if name.last and name.initials
        else None,
        prefix_key=f"{first_block}|{name.last_core[:4]}"
        if name.first and len(name.last_core) >= 4
        else None,
        name_sigs=_list(signatures),
    )


def features_of(
    record: MatchRecord,
    *,
    shared_emails: Collection[str] = (),
    shared_phones: Collection[str] = (),
) -> Features:
    """The keys of one record. ``shared_*`` are canonical emails and E.164 numbers known to be
    used by several distinct people (a switchboard): evidence, never proof."""
    names = _name_features(record.first_name, record.last_name)
    name, signatures = names.name, names.signatures
    emails: set[str] = set()
    shared: set[str] = set()
    domains: set[str] = set()
    first_local = ""
    kinds: set[str] = set()
    for email in record.emails:
        if "@" not in email:
            continue
        canonical = canonical_email(email)
        if is_shared_address(email.lower()) or canonical in shared_emails:
            shared.add(canonical)
        else:
            emails.add(canonical)
            if not first_local:
                first_local = email_local_key(email)
        word = email_domain_organisation(email)
        if word:
            domains.add(word)
        if canonical in emails:
            kinds.add("work" if word else "personal")
    locals_ = {email_local_key(e) for e in emails}
    org = organisation_match_key(record.organisation) or None
    phones = set(record.phones) | set(record.mobiles)
    shared_numbers = {p for p in phones if p in shared_phones}
    title = _text(record.title)
    return Features(
        unique_id=record.id,
        first=name.first or None,
        first_groups=names.groups,
        initials=name.initials or None,
        is_initial=name.is_initial,
        last=name.last or None,
        last_core=name.last_core or None,
        name_key=names.name_key,
        tokens_key=names.tokens_key,
        initial_key=names.initial_key,
        prefix_key=names.prefix_key,
        org=org,
        org_words=_list(domains | ({org} if org else set())),
        emails=_list(emails),
        shared_emails=_list(shared),
        email_locals=(block_locals := _list({k for k in locals_ if len(k) >= 3})),
        block_locals=block_locals,
        email_local1=first_local or None,
        email_kinds=("both" if len(kinds) == 2 else next(iter(kinds)))
        if kinds
        else None,
        free_locals=_list({k for k in locals_ if _is_free(k, name.last, signatures)}),
        name_sigs=names.name_sigs,
        phones=_list(phones - shared_numbers),
        shared_phones=_list(shared_numbers),
        mobiles=_list(set(record.mobiles) - shared_numbers),
        city=_text(record.city),
        title=title,
        title_words=_title_words(title),
        linkedin=record.linkedin.strip().lower() or None,
        birth_date=record.birth_date.strip() or None,
        postcode=record.postcode.replace(" ", "").upper() or None,
        address=_text(record.address),
    )
