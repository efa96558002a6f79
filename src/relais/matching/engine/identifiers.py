"""Strong identifiers: a personal address, a mobile number or a LinkedIn profile decides alone.

Unless several people use it: a number or an address found on contacts whose names clearly
differ (a switchboard, a family mailbox) is evidence for the model, never proof. Role addresses
(contact@, info@) never count as identifiers at all (``features.features_of`` sets them apart).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from ..features import Features
from ..model import FIRST_NAME, LAST_NAME, level_of

# Above this many contacts on one value, it is shared whatever the names say.
MAX_GROUP = 20
_FIRST_ELSE = len(FIRST_NAME.levels) - 1
_LAST_ELSE = len(LAST_NAME.levels) - 1


def clearly_different(a: Features, b: Features) -> bool:
    """Two names that cannot be one person's: different first names or different surnames
    (nicknames, initials, typos and swapped names are not differences). A contact without a
    name is never clearly different."""
    if not (a.first or a.last) or not (b.first or b.last):
        return False
    return (
        level_of(FIRST_NAME, a, b) == _FIRST_ELSE
        or level_of(LAST_NAME, a, b) == _LAST_ELSE
    )


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
