"""Strong identifiers: a personal address, a mobile number or a LinkedIn profile decides alone.

Unless several people use it: a number or an address found on contacts whose names clearly
differ (a switchboard, a family mailbox) is evidence for the model, never proof. Role addresses
(contact@, info@) never count as identifiers at all (``features.features_of`` sets them apart).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from relais.names.nicknames import are_nicknames

from ..features import Features
from ..normalize import jaro_winkler

# Above this many contacts on one value, it is shared whatever the names say.
MAX_GROUP = 20


def _compatible(x: str | None, y: str | None) -> bool:
    """Two name parts that may be one person's: missing, equal, nicknames, an initial that
    fits, or a typo away (Jaro-Winkler >= 0.75, or the same letters in another order)."""
    if not x or not y or x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return (
        are_nicknames(x, y)
        or jaro_winkler(x, y) >= 0.75
        or sorted(x) == sorted(y)  # letters swapped: "foSia" for "Sofia"
    )


def clearly_different(a: Features, b: Features) -> bool:
    """Two names that cannot be one person's (Jean Martin and Marie Martin, a switchboard's
    Marie Dupont and Paul Durand). Nicknames, initials, typos and swapped names are not
    differences; a contact without a name is never clearly different."""
    if not (a.first or a.last) or not (b.first or b.last):
        return False
    direct = _compatible(a.first, b.first) and _compatible(a.last, b.last)
    swapped = _compatible(a.first, b.last) and _compatible(a.last, b.first)
    return not (direct or swapped)


PROOF_KINDS = frozenset({"email", "mobile", "linkedin"})


def identifier_values(f: Features) -> Iterator[tuple[str, str]]:
    """(kind, value) of the values that may identify a contact: personal addresses, mobiles
    and LinkedIn profiles (kinds in ``PROOF_KINDS``), and other numbers ("phone"), which never
    decide alone but are checked for sharing (a switchboard) like the others."""
    for email in f.emails or ():
        yield "email", email
    mobiles = set(f.mobiles or ())
    for phone in f.phones or ():
        yield ("mobile" if phone in mobiles else "phone"), phone
    if f.linkedin:
        yield "linkedin", f.linkedin


def group_by_identifier(
    features: Iterable[Features],
) -> dict[tuple[str, str], list[Features]]:
    groups: dict[tuple[str, str], list[Features]] = defaultdict(list)
    for f in features:
        for key in identifier_values(f):
            groups[key].append(f)
    return {k: v for k, v in groups.items() if len(v) > 1}


def is_shared(members: Sequence[Features]) -> bool:
    """Whether the contacts holding one value are several distinct people."""
    if len(members) > MAX_GROUP:
        return True
    return any(
        clearly_different(a, b) for i, a in enumerate(members) for b in members[i + 1 :]
    )
