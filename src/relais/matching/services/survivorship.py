"""Which value a merged contact keeps, field by field ("survivorship").

- Names: the most complete form wins — "Frédéric" over "Fred", "Hélène" over "Helene",
  "Canevet" over "CANEVET" — whoever holds it; a swapped "CANEVET Frédéric" is put the right
  way round first. Where one spelling is a typo of the other (a letter dropped, doubled or
  changed: "Tinchl", "Forrdton"), the spelling more of the merged records share wins; else
  the longer when a letter was dropped, else the survivor's (a doubled letter may be a typo
  or a real double another record lost); in proper case when either form was ("TINCHAL" +
  "Tinchl": "Tinchal").
- Title and organisation: the value from the most recent *trustworthy* source wins. Sources
  rank: something a person typed or confirmed (web form, API, command line, self-update)
  above an import of a contact list, above what a mail signature said; within a rank the
  newest wins. A blank never wins over a value.
- City, country, language, owner: the survivor's, filled from the other when blank.
- Status: the furthest along (customer > partner > prospect > lead).
- A former employer's address: when the organisations differ, the work emails of the
  contact whose organisation lost are labelled "former" (personal addresses are left alone).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from relais.contacts.models import Contact, Provenance
from relais.core.text import fold

# Personal mail providers (first label of the domain): an address there is not an employer's.
PERSONAL_PROVIDERS = frozenset(
    {
        "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "aol",
        "icloud", "me", "mac", "orange", "wanadoo", "free", "sfr", "laposte", "gmx",
        "proton", "protonmail", "neuf", "bbox", "numericable", "yandex", "mail", "zoho",
    }
)  # fmt: skip
MAIL_SOURCE_SUFFIXES = (".mbox", ".mbx", ".eml", ".msg", ".emlx")
_TYPED = {
    Provenance.SourceKind.MANUAL,
    Provenance.SourceKind.API,
    Provenance.SourceKind.CLI,
    Provenance.SourceKind.SELF_UPDATE,
}
STATUS_ORDER: dict[str, int] = {
    Contact.Status.ARCHIVED: 0,
    Contact.Status.LEAD: 1,
    Contact.Status.PROSPECT: 2,
    Contact.Status.PARTNER: 3,
    Contact.Status.CUSTOMER: 4,
}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def source_rank(kind: str, name: str) -> int:
    """3: typed by a person; 2: an imported contact list; 1: a mail signature; 0: a merge."""
    if kind in _TYPED:
        return 3
    if kind == Provenance.SourceKind.MERGE:
        return 0
    lowered = name.lower()
    if lowered.endswith(MAIL_SOURCE_SUFFIXES) or lowered.startswith("imap"):
        return 1
    return 2


@dataclass(frozen=True, order=True)
class Trust:
    """How much a field's value is trusted: rank first, then how recent."""

    rank: int
    at: dt.datetime


def field_trust(
    provenance: Iterable[Provenance], field: str, fallback: dt.datetime
) -> Trust:
    """The trust of the latest source that supplied ``field`` (merges do not count)."""
    best: Trust | None = None
    for row in provenance:
        if field not in (row.fields or []):
            continue
        rank = source_rank(row.source_kind, row.source_name)
        if rank == 0:
            continue
        trust = Trust(rank, row.recorded_at or _EPOCH)
        if best is None or trust.at > best.at or (trust.at == best.at and trust > best):
            best = trust
    return best or Trust(1, fallback)


def trusted_value(mine: str, mine_trust: Trust, theirs: str, their_trust: Trust) -> str:
    """The value of the more trusted side; a blank never wins; ties keep ``mine``."""
    if not theirs:
        return mine
    if not mine:
        return theirs
    return theirs if their_trust > mine_trust else mine


def _accents(value: str) -> int:
    return sum(
        1 for ch in unicodedata.normalize("NFD", value) if unicodedata.combining(ch)
    )


def completeness(value: str) -> tuple[int, int, bool]:
    """Longer (folded) first, then more accents, then not written in capitals."""
    return (len(fold(value).replace(" ", "")), _accents(value), not value.isupper())


def spelling(value: str) -> str:
    """The letters of a name, folded, without spaces: the key of ``name_votes``."""
    return fold(value).replace(" ", "")


def name_votes(names: Iterable[str]) -> Counter[str]:
    """How many records write each spelling (see ``spelling``)."""
    return Counter(spelling(n) for n in names if n)


def one_typo_apart(a: str, b: str) -> bool:
    """Two spellings of at least four letters one letter dropped, doubled or changed apart."""
    if a == b or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _proper_case(value: str, model: str) -> str:
    """``value`` (in capitals) written in proper case, word by word like ``model``."""
    models = model.split(" ")
    words = value.split(" ")
    out = []
    for index, word in enumerate(words):
        like = models[index] if len(models) == len(words) else ""
        if like and fold(like) == fold(word):
            out.append(like)
        elif like and like.islower():
            out.append(word.lower())
        else:
            out.append(
                "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
            )
    return " ".join(out)


def doubled_letter(a: str, b: str) -> bool:
    """One spelling is the other with one letter written twice ("Robinsson", "Robinson"):
    a typo of the shorter or a double letter the longer one lost — either way round."""
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(
        long[i] == long[i + 1] and long[:i] + long[i + 1 :] == short
        for i in range(len(long) - 1)
    )


def most_complete(
    mine: str, theirs: str, votes: Mapping[str, int] | None = None
) -> str:
    """ "Frédéric" over "Fred", "Hélène" over "HELENE"; between a spelling and its typo, the
    one more records share (``votes``), else the longer when a letter was dropped ("Tinchl");
    a doubled or changed letter cannot tell which is the typo, so ``mine`` stays (ties too)."""
    if not theirs:
        return mine
    if not mine:
        return theirs
    a, b = spelling(mine), spelling(theirs)
    typo = one_typo_apart(a, b)
    votes = votes or {}
    winner, other = mine, theirs
    if typo and votes.get(a, 0) != votes.get(b, 0):
        if votes.get(b, 0) > votes.get(a, 0):
            winner, other = theirs, mine
    elif typo and (len(a) == len(b) or doubled_letter(a, b)):
        pass  # "Robinsson" or "Robinson", "Catherine" or "Katherine": no way to tell
    elif completeness(theirs) > completeness(mine):
        winner, other = theirs, mine
    if typo and winner.isupper() and len(winner) > 1 and not other.isupper():
        return _proper_case(winner, other)
    return winner


def _letters(value: str) -> str:
    return "".join(ch for ch in fold(value) if ch.isalnum())


def same_name(a: str, b: str) -> bool:
    """The same name up to accents, case and punctuation, one the start of the other (Fred,
    Frédéric; W., William), or a typo of the other (Tinchl, Tinchal)."""
    fa, fb = _letters(a), _letters(b)
    return bool(fa and fb) and (
        fa.startswith(fb) or fb.startswith(fa) or one_typo_apart(fa, fb)
    )


def looks_swapped(first: str, last: str) -> bool:
    """ "CANEVET Frédéric": the surname in capitals written where the first name goes."""
    return first.isupper() and len(first) > 1 and not last.isupper()


def names(
    mine: tuple[str, str],
    theirs: tuple[str, str],
    votes: Mapping[str, int] | None = None,
) -> tuple[str, str]:
    """(first, last) of the merged contact: each the most complete form (``votes``: see
    ``most_complete``), after putting a swapped pair ("CANEVET Frédéric" against "Frédéric
    Canevet") the right way round."""
    (my_first, my_last), (their_first, their_last) = mine, theirs
    crossed = same_name(my_first, their_last) and same_name(my_last, their_first)
    straight = same_name(my_first, their_first) and same_name(my_last, their_last)
    if crossed and not straight:
        if looks_swapped(my_first, my_last) and not looks_swapped(
            their_last, their_first
        ):
            my_first, my_last = my_last, my_first
        else:
            their_first, their_last = their_last, their_first
    return (
        most_complete(my_first, their_first, votes),
        most_complete(my_last, their_last, votes),
    )


def better_names(
    mine: tuple[str, str],
    theirs: tuple[str, str],
    votes: Mapping[str, int] | None = None,
) -> tuple[str, str]:
    """``names`` when the two are one name, straight or swapped ("MARCHAND Helene" and "H.
    Marchand"); ``mine`` otherwise (an import joins records by an address or a number, and
    "William Sonfonwood" must not become "SONFONWOOD W." for want of seeing the swap)."""
    new = names(mine, theirs, votes)
    straight = same_name(new[0], mine[0]) and same_name(new[1], mine[1])
    crossed = same_name(new[0], mine[1]) and same_name(new[1], mine[0])
    return new if straight or crossed else mine


def furthest_status(mine: str, theirs: str) -> str:
    return theirs if STATUS_ORDER.get(theirs, 0) > STATUS_ORDER.get(mine, 0) else mine


def is_work_address(email: str) -> bool:
    """An address at an organisation's domain rather than at a personal mail provider."""
    domain = email.rpartition("@")[2].lower()
    return bool(domain) and domain.split(".")[0] not in PERSONAL_PROVIDERS
