"""The scoring model: for each field, ordered levels of agreement with their weights and words.

A Fellegi-Sunter model, the one Splink implements: each field of a pair falls into the first
level whose condition holds; the level's m probability (how often true duplicates look like
this) over its u probability (how often two random contacts do) is the evidence it brings.
Every level is written twice, as SQL for Splink (DuckDB or Spark) and as a Python predicate for
the incremental check, over the same ``Features``; tests check the two agree.

The default parameters are set by hand for a contact base (they work on an unlabelled base, no
training needed); ``score_batch(train=True)`` re-estimates them on the data with Splink
(u by random sampling, m by expectation-maximisation).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

from .features import Features
from .normalize import jaro_winkler

Predicate = Callable[[Features, Features], bool]

# Prior: the chance that two contacts of one block are one person before any field is read.
PRIOR = 1e-4


@dataclass(frozen=True, slots=True)
class Level:
    label: str
    sql: str  # with l./r. column prefixes; OVERLAP(a, b) and JW(a, b) are per dialect
    test: Predicate
    m: float
    u: float
    outcome: str  # agree, close, disagree
    detail: str  # English sentence (translated on display), placeholders from the pair

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


@dataclass(frozen=True, slots=True)
class Comparison:
    field: str  # the field named in Evidence
    name: str  # Splink's output column name
    null_sql: str
    null_test: Predicate
    levels: tuple[Level, ...]  # in order; the last one is "else"
    missing_detail: str = dataclasses.field(default="")


def _overlap(a: list[str] | list[int] | None, b: list[str] | list[int] | None) -> bool:
    return bool(a and b and not set(a).isdisjoint(b))


def _jw(a: str | None, b: str | None) -> float:
    return jaro_winkler(a, b) if a and b else 0.0


def _null(column: str) -> tuple[str, Predicate]:
    return (
        f"l.{column} IS NULL OR r.{column} IS NULL",
        lambda a, b: getattr(a, column) is None or getattr(b, column) is None,
    )


def _else(m: float, u: float, detail: str) -> Level:
    return Level("different", "ELSE", lambda a, b: True, m, u, "disagree", detail)


def _swapped(a: Features, b: Features) -> bool:
    return (
        a.first is not None
        and a.first == b.last
        and a.last is not None
        and a.last == b.first
    )


_SWAPPED_SQL = "l.first = r.last AND l.last = r.first"
_SWAPPED_CLOSE_SQL = "JW(l.first, r.last) >= 0.88 AND JW(l.last, r.first) >= 0.88"


def _swapped_close(a: Features, b: Features) -> bool:
    return _jw(a.first, b.last) >= 0.88 and _jw(a.last, b.first) >= 0.88


_SWAPPED_CLOSE = Level(
    "swapped_close", _SWAPPED_CLOSE_SQL, _swapped_close, 0.02, 0.0005, "close",
    _("First name and surname swapped, with a typo (%(left)s / %(right)s)."),
)  # fmt: skip


def _initial_fits(a: Features, b: Features) -> bool:
    """An initial ('F.', 'J.-B.') that starts the other's initials."""
    return bool(
        a.initials
        and b.initials
        and (
            (a.is_initial and b.initials.startswith(a.initials))
            or (b.is_initial and a.initials.startswith(b.initials))
        )
    )


_INITIAL_SQL = (
    "(l.is_initial OR r.is_initial) AND ((l.is_initial AND starts_with(r.initials, l.initials))"
    " OR (r.is_initial AND starts_with(l.initials, r.initials)))"
)


def _part_of(a: str | None, b: str | None) -> bool:
    """One compound first name holds the other whole ('jean' in 'jean baptiste')."""
    if not a or not b or a == b:
        return False
    return a in b.split(" ") or b in a.split(" ")


_PART_SQL = (
    "list_contains(string_split(l.first, ' '), r.first)"
    " OR list_contains(string_split(r.first, ' '), l.first)"
)


def _is_word_overlap(a: list[str] | None, b: list[str] | None) -> bool:
    if not a or not b:
        return False
    common = len(set(a) & set(b))
    return 2 * common >= min(len(a), len(b)) and common > 0


_null_first = _null("first")
FIRST_NAME = Comparison(
    "first_name",
    "first_name",
    *_null_first,
    levels=(
        Level("exact", "l.first = r.first", lambda a, b: a.first == b.first, 0.72, 0.01,
              "agree", _("Same first name (%(left)s).")),
        Level("swapped", _SWAPPED_SQL, _swapped, 0.03, 0.0001, "agree",
              _("First name and surname swapped (%(left)s / %(right)s).")),
        Level("nickname", "OVERLAP(l.first_groups, r.first_groups)",
              lambda a, b: _overlap(a.first_groups, b.first_groups), 0.08, 0.002, "agree",
              _("%(short)s is a nickname of %(long)s.")),
        Level("initial", _INITIAL_SQL, _initial_fits, 0.04, 0.02, "close",
              _("%(short)s is the initial of %(long)s.")),
        Level("typo", "JW(l.first, r.first) >= 0.92", lambda a, b: _jw(a.first, b.first) >= 0.92,
              0.06, 0.003, "close", _("Similar first names (%(left)s, %(right)s).")),
        Level("part", f"({_PART_SQL}) OR JW(l.first, r.first) >= 0.85",
              lambda a, b: _part_of(a.first, b.first) or _jw(a.first, b.first) >= 0.85,
              0.03, 0.012, "close", _("Close first names (%(left)s, %(right)s).")),
        _SWAPPED_CLOSE,
        _else(0.04, 0.953, _("Different first names (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a first name."),
)  # fmt: skip

_null_last = _null("last")
LAST_NAME = Comparison(
    "last_name",
    "last_name",
    *_null_last,
    levels=(
        Level("exact", "l.last = r.last", lambda a, b: a.last == b.last, 0.8, 0.003,
              "agree", _("Same surname (%(left)s).")),
        Level("core", "l.last_core = r.last_core", lambda a, b: a.last_core == b.last_core,
              0.05, 0.0005, "agree", _("Same surname but for a particle (%(left)s, %(right)s).")),
        Level("swapped", _SWAPPED_SQL, _swapped, 0.03, 0.0001, "agree",
              _("First name and surname swapped (%(left)s / %(right)s).")),
        Level("typo", "JW(l.last, r.last) >= 0.92", lambda a, b: _jw(a.last, b.last) >= 0.92,
              0.08, 0.004, "close", _("Similar surnames (%(left)s, %(right)s).")),
        Level("close", "JW(l.last, r.last) >= 0.85", lambda a, b: _jw(a.last, b.last) >= 0.85,
              0.02, 0.01, "close", _("Close surnames (%(left)s, %(right)s).")),
        _SWAPPED_CLOSE,
        _else(0.02, 0.983, _("Different surnames (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a surname."),
)  # fmt: skip

ORGANISATION = Comparison(
    "organisation",
    "organisation",
    "l.org_words IS NULL OR r.org_words IS NULL",
    lambda a, b: a.org_words is None or b.org_words is None,
    levels=(
        Level("exact", "l.org = r.org", lambda a, b: a.org is not None and a.org == b.org,
              0.5, 0.01, "agree", _("Same organisation (%(left)s).")),
        Level("domain", "OVERLAP(l.org_words, r.org_words)",
              lambda a, b: _overlap(a.org_words, b.org_words), 0.2, 0.006, "agree",
              _("Organisation matches the email domain (%(left)s, %(right)s).")),
        Level("close", "JW(l.org, r.org) >= 0.9", lambda a, b: _jw(a.org, b.org) >= 0.9,
              0.05, 0.01, "close", _("Similar organisations (%(left)s, %(right)s).")),
        _else(0.22, 0.974, _("Different organisations (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives an organisation."),
)  # fmt: skip

_EMAIL_NULL = "(l.emails IS NULL AND l.shared_emails IS NULL) OR (r.emails IS NULL AND r.shared_emails IS NULL)"
# An address made from the name says something only when the names differ (F. / Frédéric):
# between two people of the same name — a nickname is the same name (Caro / Caroline) — it is
# what their addresses would look like anyway, and two such addresses look alike
# (camille.fordmontker@free.fr, camillefordmontker@another.com) without being one person's.
_SAME_NAME_SQL = (
    "coalesce(l.last = r.last AND (l.first = r.first"
    " OR OVERLAP(l.first_groups, r.first_groups)), false)"
)
_LOCAL_NAME_SQL = (
    f"NOT {_SAME_NAME_SQL} AND "
    "(OVERLAP(l.email_locals, r.name_sigs) OR OVERLAP(r.email_locals, l.name_sigs))"
)


def _same_name(a: Features, b: Features) -> bool:
    return (
        a.last is not None
        and a.last == b.last
        and (
            (a.first is not None and a.first == b.first)
            or _overlap(a.first_groups, b.first_groups)
        )
    )


_EMAIL_KINDS_SQL = (
    "(l.email_kinds = 'personal' AND r.email_kinds = 'work')"
    " OR (l.email_kinds = 'work' AND r.email_kinds = 'personal')"
)


def _other_kinds(a: Features, b: Features) -> bool:
    return {a.email_kinds, b.email_kinds} == {"personal", "work"}


EMAIL = Comparison(
    "email",
    "email",
    _EMAIL_NULL,
    lambda a, b: (a.emails is None and a.shared_emails is None)
    or (b.emails is None and b.shared_emails is None),
    levels=(
        Level("same", "OVERLAP(l.emails, r.emails)", lambda a, b: _overlap(a.emails, b.emails),
              0.4, 0.0001, "agree", _("Same email address (%(value)s).")),
        Level("local", "OVERLAP(l.free_locals, r.free_locals)",
              lambda a, b: _overlap(a.free_locals, b.free_locals), 0.15, 0.0005, "agree",
              _("Same address name at another domain (%(left)s, %(right)s).")),
        Level("name", _LOCAL_NAME_SQL,
              lambda a, b: not _same_name(a, b) and (
                  _overlap(a.email_locals, b.name_sigs)
                  or _overlap(b.email_locals, a.name_sigs)
              ),
              0.2, 0.05, "agree", _("The email address is built from the name (%(value)s).")),
        Level("close", f"NOT {_SAME_NAME_SQL} AND "
              "JW(l.email_local1, r.email_local1) >= 0.88 AND "
              "(l.free_locals IS NOT NULL OR r.free_locals IS NOT NULL)",
              lambda a, b: not _same_name(a, b)
              and _jw(a.email_local1, b.email_local1) >= 0.88
              and (a.free_locals is not None or b.free_locals is not None),
              0.1, 0.005, "close",
              _("Similar email addresses (%(left)s, %(right)s).")),
        Level("shared", "OVERLAP(l.shared_emails, r.shared_emails)",
              lambda a, b: _overlap(a.shared_emails, b.shared_emails), 0.05, 0.01, "close",
              _("Same shared address (%(value)s): several people use it.")),
        # A personal address on one side, a work address on the other: most people have
        # both, so this is hardly a disagreement (as a mobile against a landline).
        Level("kinds", _EMAIL_KINDS_SQL, _other_kinds, 0.2, 0.25, "close",
              _("A personal address on one side, a work address on the other (%(left)s, "
                "%(right)s).")),
        _else(0.3, 0.978, _("Different email addresses (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives an email address."),
)  # fmt: skip

_PHONE_NULL = "(l.phones IS NULL AND l.shared_phones IS NULL) OR (r.phones IS NULL AND r.shared_phones IS NULL)"
PHONE = Comparison(
    "phone",
    "phone",
    _PHONE_NULL,
    lambda a, b: (a.phones is None and a.shared_phones is None)
    or (b.phones is None and b.shared_phones is None),
    levels=(
        Level("same", "OVERLAP(l.phones, r.phones)", lambda a, b: _overlap(a.phones, b.phones),
              0.45, 0.0005, "agree", _("Same phone number (%(value)s).")),
        Level("shared", "OVERLAP(l.shared_phones, r.shared_phones)",
              lambda a, b: _overlap(a.shared_phones, b.shared_phones), 0.05, 0.005, "close",
              _("Same shared number (%(value)s): several people use it.")),
        Level("mobiles", "l.mobiles IS NOT NULL AND r.mobiles IS NOT NULL",
              lambda a, b: a.mobiles is not None and b.mobiles is not None, 0.08, 0.95,
              "disagree", _("Different mobile numbers (%(left)s, %(right)s).")),
        Level("kinds", "(l.mobiles IS NULL) <> (r.mobiles IS NULL)",
              lambda a, b: (a.mobiles is None) != (b.mobiles is None), 0.3, 0.3, "close",
              _("A mobile on one side, another kind of number on the other (%(left)s, %(right)s).")),
        _else(0.4, 0.97, _("Different phone numbers (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a phone number."),
)  # fmt: skip

CITY = Comparison(
    "city",
    "city",
    *_null("city"),
    levels=(
        Level("exact", "l.city = r.city", lambda a, b: a.city == b.city, 0.7, 0.08, "agree",
              _("Same city (%(left)s).")),
        Level("close", "JW(l.city, r.city) >= 0.9", lambda a, b: _jw(a.city, b.city) >= 0.9,
              0.06, 0.01, "close", _("Similar cities (%(left)s, %(right)s).")),
        _else(0.24, 0.91, _("Different cities (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a city."),
)  # fmt: skip

TITLE = Comparison(
    "title",
    "title",
    *_null("title"),
    levels=(
        Level("exact", "l.title = r.title", lambda a, b: a.title == b.title, 0.4, 0.03, "agree",
              _("Same title (%(left)s).")),
        Level("words", "OVERLAP(l.title_words, r.title_words) AND "
              "2 * len(list_intersect(l.title_words, r.title_words)) >= "
              "least(len(l.title_words), len(r.title_words))",
              lambda a, b: _is_word_overlap(a.title_words, b.title_words), 0.25, 0.05, "close",
              _("Similar titles (%(left)s, %(right)s).")),
        _else(0.35, 0.94, _("Different titles (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a title."),
)  # fmt: skip

LINKEDIN = Comparison(
    "linkedin",
    "linkedin",
    *_null("linkedin"),
    levels=(
        Level("same", "l.linkedin = r.linkedin", lambda a, b: a.linkedin == b.linkedin, 0.9,
              0.0001, "agree", _("Same LinkedIn profile (%(left)s).")),
        _else(0.05, 0.9999, _("Different LinkedIn profiles (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a LinkedIn profile."),
)  # fmt: skip


def _one_edit(a: str | None, b: str | None) -> bool:
    """Damerau-Levenshtein distance of at most 1 (a typed date or postcode)."""
    if not a or not b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) <= 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


BIRTH_DATE = Comparison(
    "birth_date",
    "birth_date",
    *_null("birth_date"),
    levels=(
        Level("exact", "l.birth_date = r.birth_date", lambda a, b: a.birth_date == b.birth_date,
              0.85, 0.0005, "agree", _("Same date of birth (%(left)s).")),
        Level("typo", "damerau_levenshtein(l.birth_date, r.birth_date) <= 1",
              lambda a, b: _one_edit(a.birth_date, b.birth_date), 0.1, 0.01, "close",
              _("Dates of birth one keystroke apart (%(left)s, %(right)s).")),
        _else(0.05, 0.99, _("Different dates of birth (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a date of birth."),
)  # fmt: skip

POSTCODE = Comparison(
    "postcode",
    "postcode",
    *_null("postcode"),
    levels=(
        Level("exact", "l.postcode = r.postcode", lambda a, b: a.postcode == b.postcode, 0.8,
              0.005, "agree", _("Same postcode (%(left)s).")),
        Level("typo", "damerau_levenshtein(l.postcode, r.postcode) <= 1",
              lambda a, b: _one_edit(a.postcode, b.postcode), 0.08, 0.02, "close",
              _("Postcodes one keystroke apart (%(left)s, %(right)s).")),
        _else(0.12, 0.975, _("Different postcodes (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives a postcode."),
)  # fmt: skip

ADDRESS = Comparison(
    "address",
    "address",
    *_null("address"),
    levels=(
        Level("exact", "l.address = r.address", lambda a, b: a.address == b.address, 0.7,
              0.0005, "agree", _("Same address (%(left)s).")),
        Level("close", "JW(l.address, r.address) >= 0.9",
              lambda a, b: _jw(a.address, b.address) >= 0.9, 0.15, 0.005, "close",
              _("Similar addresses (%(left)s, %(right)s).")),
        _else(0.15, 0.9945, _("Different addresses (%(left)s, %(right)s).")),
    ),
    missing_detail=_("Only one side gives an address."),
)  # fmt: skip

COMPARISONS: tuple[Comparison, ...] = (
    FIRST_NAME,
    LAST_NAME,
    ORGANISATION,
    EMAIL,
    PHONE,
    CITY,
    TITLE,
    LINKEDIN,
    BIRTH_DATE,
    POSTCODE,
    ADDRESS,
)


def dialect_sql(sql: str, dialect: str) -> str:
    """Spell the model's SQL for one engine: Splink names columns ``first_l``/``first_r``."""
    sql = re.sub(r"\b([lr])\.(\w+)", r"\2_\1", sql)
    if dialect == "spark":
        sql = sql.replace("OVERLAP(", "arrays_overlap(").replace("JW(", "jaro_winkler(")
        sql = sql.replace("list_intersect(", "array_intersect(").replace(
            "len(", "size("
        )
        sql = sql.replace("list_contains(string_split(", "array_contains(split(")
        sql = sql.replace("starts_with(", "startswith(")
        return sql.replace("damerau_levenshtein(", "levenshtein(")
    # DuckDB's list_has_any builds a hash set for every pair; walking the first list (a
    # record's one or two addresses, a few title words) with list_contains over the second
    # gives the same answer about four times faster, which is most of a million-contact
    # batch's time (the email "built from the name" level alone: 8 s of 10 s at 200,000).
    sql = _OVERLAP.sub(
        r"(len(list_filter(\1, lambda x: list_contains(\2, x))) > 0)", sql
    )
    return sql.replace("OVERLAP(", "list_has_any(").replace(
        "JW(", "jaro_winkler_similarity("
    )


_OVERLAP = re.compile(r"OVERLAP\(\s*(\w+)\s*,\s*(\w+)\s*\)")


@dataclass(frozen=True, slots=True)
class Parameters:
    """m and u of every non-null level, per comparison name, and the prior."""

    prior: float
    levels: dict[str, tuple[tuple[float, float], ...]]

    def weight(self, comparison: str, index: int) -> float:
        m, u = self.levels[comparison][index]
        return math.log2(max(m, 1e-12) / max(u, 1e-12))


DEFAULT_PARAMETERS = Parameters(
    prior=PRIOR,
    levels={c.name: tuple((lvl.m, lvl.u) for lvl in c.levels) for c in COMPARISONS},
)


def columns_of(comparison: Comparison) -> set[str]:
    """The feature columns a comparison's missing level reads (empty everywhere: no use)."""
    return set(re.findall(r"\bl\.(\w+)", comparison.null_sql))


def read_columns(comparison: Comparison) -> set[str]:
    """Every feature column any level of a comparison reads."""
    sql = " ".join([comparison.null_sql, *(level.sql for level in comparison.levels)])
    return set(re.findall(r"\b[lr]\.(\w+)", sql))


def level_of(comparison: Comparison, a: Features, b: Features) -> int | None:
    """Index of the level a pair falls in, None for the missing level."""
    if comparison.null_test(a, b):
        return None
    for index, level in enumerate(comparison.levels):
        if level.test(a, b):
            return index
    return len(comparison.levels) - 1


# How rare a surname is counts when two contacts bear it (term frequency, as Splink computes
# it): the exact-surname level's u is replaced by the share of contacts bearing that surname,
# never below this floor (one contact in 5,000: a surname borne by one contact in a million is
# not taken for a thousand times stronger evidence than one in a thousand), and never above
# the level's own u: the frequency only adds evidence for a rare surname. A small base
# cannot tell a common surname from a rare one (every surname two contacts share is "2 in
# 50"), so it is left as the fixed parameters say; in a large one, "Martin" and "Dupont" keep
# the fixed weight and "Garhamchal" gets more.
SURNAME_TF_MINIMUM_U = 0.0002


def surname_frequency_used(parameters: Parameters, frequency: float) -> float:
    """The frequency the model uses for a surname: bounded by the exact level's u."""
    return min(frequency, parameters.levels["last_name"][0][1])


def surname_adjustment(parameters: Parameters, frequency: float | None) -> float:
    """log2 factor (≥ 0) the exact-surname level gets for a surname of this frequency (share
    of the contacts with a surname that bear it; None or 0 when unknown: no adjustment)."""
    if not frequency:
        return 0.0
    u = parameters.levels["last_name"][0][1]
    used = surname_frequency_used(parameters, frequency)
    return math.log2(u / max(used, SURNAME_TF_MINIMUM_U))


def probability(weight: float) -> float:
    """Match probability from a total match weight (log2 odds)."""
    if weight > 60:
        return 1.0
    odds = 2.0**weight
    return odds / (1.0 + odds)


def prior_weight(parameters: Parameters) -> float:
    return math.log2(parameters.prior / (1 - parameters.prior))
