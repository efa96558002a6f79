"""Which column of a table holds what: proposed from headers and content, overridable.

A column is recognised by its header (French and English spellings, accents and case folded:
"Tél.", "Courriel", "Société", "Job title") and by what it holds: a column of email addresses is
email even when titled "Contact". Each choice carries a confidence between 0 and 1 and the
reason for it, so the CLI can print the mapping and the web UI can show it before importing.
Overrides are ``{"Column": "field"}`` or ``{"Column": "phone:direct"}`` (a point with a label);
``ignore`` leaves a column out and ``extra`` keeps it as an unmapped value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from relais.core.text import fold

from . import records, values
from .errors import MappingError

SPECIAL_FIELDS = ("full_name", "tags", "extra", "ignore")
_ALIASES = {"mobile": "phone:mobile", "fax": "phone:fax", "website": "url"}
FIELDS = (*records.PERSON_FIELDS, *records.POINT_KINDS, *SPECIAL_FIELDS)


@dataclass(frozen=True)
class Target:
    """Where a column's values go: a person field, a kind of point (with a label), or tags."""

    field: str
    label: str = ""
    # Header of the column holding each row's label (Google's "E-mail 1 - Label").
    label_column: str = ""

    @property
    def is_point(self) -> bool:
        return self.field in records.POINT_KINDS

    def __str__(self) -> str:
        return f"{self.field}:{self.label}" if self.label else self.field


def parse_target(text: str) -> Target:
    """'email', 'phone:mobile', 'ignore' → a Target; MappingError names the valid fields."""
    text = _ALIASES.get(text.strip().lower(), text.strip())
    name, _, label = text.partition(":")
    name = name.strip().lower()
    if name not in FIELDS or (label and name not in records.POINT_KINDS):
        raise MappingError(
            f"Unknown field '{text}': use one of {', '.join(FIELDS)}, or a point kind "
            "with a label such as phone:mobile."
        )
    return Target(name, label.strip())


@dataclass(frozen=True)
class ColumnChoice:
    index: int
    column: str
    target: Target
    confidence: float
    reason: str


@dataclass(frozen=True)
class ColumnMapping:
    """One choice per column of the header, in column order."""

    columns: tuple[ColumnChoice, ...]

    @cached_property
    def positions(self) -> dict[str, int]:
        """Column index by header."""
        return {c.column: c.index for c in self.columns}

    def describe(self) -> list[str]:
        """One line per column, e.g. "Courriel → email (header and content, 95%)"."""
        return [
            f"{c.column or f'(column {c.index + 1})'} → {c.target} "
            f"({c.reason}, {round(c.confidence * 100)}%)"
            for c in self.columns
        ]

    def as_dicts(self) -> list[dict[str, object]]:
        return [
            {
                "column": c.column,
                "field": c.target.field,
                "label": c.target.label,
                "confidence": c.confidence,
                "reason": c.reason,
            }
            for c in self.columns
        ]

    def with_overrides(
        self, overrides: Mapping[str, str], *, strict: bool = False
    ) -> ColumnMapping:
        """The mapping with some columns chosen by hand; ``strict``: unknown columns are errors."""
        columns = list(self.columns)
        by_name = {fold(c.column): i for i, c in enumerate(columns)}
        for column, text in overrides.items():
            target = parse_target(text)
            position = by_name.get(fold(column))
            if position is None:
                if strict:
                    known = ", ".join(c.column for c in columns)
                    raise MappingError(f"No column '{column}' (columns: {known}).")
                continue
            columns[position] = replace(
                columns[position], target=target, confidence=1.0, reason="chosen"
            )
        return ColumnMapping(tuple(columns))


def header_key(header: str) -> str:
    """'E-mail', 'Tél.' and 'N° de téléphone' → 'e mail', 'tel', 'n de telephone'."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def _table(spec: dict[str, str]) -> dict[str, Target]:
    table: dict[str, Target] = {}
    for target, names in spec.items():
        for name in names.split("|"):
            table[header_key(name)] = parse_target(target)
    return table


# Exact headers, folded. English "Name" is a full name; French "Nom" a surname.
_EXACT = _table(
    {
        "first_name": "prénom|prenom usuel|first name|firstname|first|given name|forename",
        "last_name": "nom|nom de famille|nom usuel|last name|lastname|last|surname|family name",
        "full_name": "nom complet|nom et prénom|nom prénom|prénom nom|prénom et nom|name|"
        "full name|fullname|contact|contact name|nom du contact|participant|interlocuteur|"
        "identité|display name|visiteur",
        "civility": "civilité|civ|salutation|titre de civilité|genre",
        "title": "fonction|poste|titre|intitulé de poste|job title|jobtitle|title|position|"
        "role|job|métier|profession",
        "organisation": "société|entreprise|organisation|organization|company|company name|"
        "raison sociale|employeur|structure|établissement|compte|account|account name|"
        "nom de la société|nom de l'entreprise|organisme",
        "department": "service|département|department|direction",
        "email": "e-mail|email|courriel|mail|mél|adresse e-mail|adresse mail|adresse email|"
        "adresse électronique|email address|e-mail address|work email|email pro|"
        "email professionnel|e-mail professionnel|adresse de messagerie",
        "phone": "téléphone|tel|tél|phone|phone number|telephone number|numéro de téléphone|"
        "n° de téléphone|téléphone fixe|tél fixe|fixe",
        "phone:work": "téléphone professionnel|tél bureau|téléphone bureau|work phone|"
        "business phone|office phone|tél pro",
        "phone:direct": "ligne directe|direct|tél direct",
        "phone:standard": "standard|tél standard",
        "phone:mobile": "portable|mobile|tél portable|téléphone portable|gsm|cell|cell phone|"
        "mobile phone|tél mobile|téléphone mobile|mobile number|numéro de portable",
        "phone:fax": "fax|télécopie",
        "city": "ville|city|town|localité|commune",
        "postal_code": "code postal|cp|zip|zip code|postal code|postcode",
        "country": "pays|country|country region",
        "address": "adresse|address|rue|street|adresse postale|address line 1|adresse 1",
        "url": "site web|site|site internet|website|web|url|web page|page web|site url",
        "linkedin": "linkedin|profil linkedin|linkedin url|linkedin profile|url linkedin",
        "twitter": "twitter|compte twitter|twitter handle",
        "tags": "tags|tag|étiquettes|étiquette|catégories|catégorie|labels|groupes|"
        "segment|segments|mots clés|keywords|categories",
        "note": "notes|note|commentaire|commentaires|remarques|remarque|comments|comment|"
        "observations|description",
        "language": "langue|language|lang",
        "nickname": "surnom|nickname",
        "birthday": "date de naissance|birthday|anniversaire|birth date|date of birth",
    }
)

# Words that, anywhere in a header, say what it holds; first match wins, so specific first.
_WORDS: list[tuple[re.Pattern[str], Target]] = [
    (re.compile(p), parse_target(t))
    for p, t in [
        (r"\blinkedin\b", "linkedin"),
        (r"\b(e ?mail|courriel|mel)\b", "email"),
        (r"\b(portable|mobile|gsm|cell)\b", "phone:mobile"),
        (r"\b(fax|telecopie)\b", "phone:fax"),
        (r"\b(tel|telephone|phone)\b", "phone"),
        (r"\b(societe|entreprise|company|organi[sz]ation|employeur)\b", "organisation"),
        (r"\b(site|web|url)\b", "url"),
        (r"\b(prenom|first ?name|given)\b", "first_name"),
        (r"\b(nom complet|full ?name)\b", "full_name"),
        (r"\b(nom|last ?name|surname)\b", "last_name"),
        (r"\b(fonction|poste|job|title|titre)\b", "title"),
        (r"\b(ville|city)\b", "city"),
        (r"\b(code postal|postal|zip)\b", "postal_code"),
        (r"\b(pays|country)\b", "country"),
        (r"\b(civilite)\b", "civility"),
        (r"\b(tags?|etiquettes?|categories?)\b", "tags"),
        (r"\b(notes?|commentaires?|remarques?)\b", "note"),
    ]
]


def from_header(header: str) -> tuple[Target | None, float]:
    key = header_key(header)
    if key in _EXACT:
        return _EXACT[key], 0.9
    for pattern, target in _WORDS:
        if pattern.search(key):
            return target, 0.6
    return None, 0.0


def from_content(cells: Sequence[str]) -> Target | None:
    """What most (80%) of a column's non-empty sample values look like, if anything."""
    filled = [c for c in cells if c]
    if not filled:
        return None
    for test, target in (
        (values.looks_like_email, "email"),
        (
            lambda v: values.looks_like_url(v) and values.url_kind(v) == "linkedin",
            "linkedin",
        ),
        (values.looks_like_url, "url"),
        (lambda v: values.looks_like_phone(v) and v[0] in "+0(", "phone"),
        (values.looks_like_civility, "civility"),
    ):
        if sum(1 for v in filled if test(v)) >= 0.8 * len(filled):
            return Target(target)
    return None


def _combine(
    header: Target | None, score: float, content: Target | None
) -> tuple[Target, float, str]:
    if header and content and header.field == content.field:
        return header, max(score, 0.95), "header and content"
    if content and content.field != "civility":
        reason = f"content (header suggests {header})" if header else "content"
        return content, 0.85 if header is None or not header.is_point else 0.8, reason
    if content and (header is None or header.field in {"title", "civility"}):
        return content, 0.8, "content"
    if header:
        return header, score, "header"
    return Target("extra"), 0.0, "no match, kept as extra"


def propose(header: Sequence[str], sample: Sequence[Sequence[str]]) -> ColumnMapping:
    """The mapping of a generic table, from its header and its first data rows."""
    choices: list[ColumnChoice] = []
    guesses = [from_header(h) for h in header]
    has_first = any(t and t.field == "first_name" for t, _ in guesses)
    for index, name in enumerate(header):
        cells = [row[index].strip() if index < len(row) else "" for row in sample]
        target, confidence, reason = _combine(*guesses[index], from_content(cells))
        if target.field == "last_name" and not has_first:
            filled = [c for c in cells if c]
            if filled and sum(len(c.split()) > 1 for c in filled) >= 0.6 * len(filled):
                target, confidence = Target("full_name"), 0.6
                reason = "content: several words and no first-name column"
        if not name.strip() and target.field == "extra":
            target, reason = Target("ignore"), "empty header"
        choices.append(ColumnChoice(index, name, target, confidence, reason))
    return ColumnMapping(tuple(choices))


def fixed(
    header: Sequence[str], table: Mapping[str, Target], reason: str
) -> ColumnMapping:
    """The mapping of a known export: its columns by exact name, others kept as extra."""
    choices = []
    for index, name in enumerate(header):
        target = table.get(name.strip())
        if target is None:
            choices.append(
                ColumnChoice(index, name, Target("extra"), 0.0, "not mapped")
            )
        else:
            choices.append(ColumnChoice(index, name, target, 1.0, reason))
    return ColumnMapping(tuple(choices))


def header_score(cells: Sequence[str]) -> int:
    """How many cells of a row read as known contact column headers (exactly)."""
    return sum(1 for c in cells if c and header_key(c) in _EXACT)
