"""A card's lines as fields: who, what they do, where they work, how to reach them.

Each line is read for what can be recognised on its own first (emails, LinkedIn and web
addresses, phones with their labels — a fax is set apart, never a phone —, a French postcode
and city, a street, a legal form, a job word); the person's name is then the largest line
left that looks like a name, and the organisation, when no line has a legal form, the line
that spells the email or web domain, else the domain itself. Every field has a confidence
(0-1): the rule's certainty times the OCR's score for its line, so that the confirm page can
highlight what deserves a look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relais.core.text import fold

from . import lexicon
from .names import looks_like_name, matches_local, split_name, squash
from .ocr import OcrLine

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
_LINKEDIN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|company)/[\w%-]+/?", re.I
)
_WEB = re.compile(
    r"(?<![@\w.-])(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|fr|net|org|io|eu|co\.uk|co|be|ch|ca|de|uk|app|dev|tech|info|biz|ai|us|ie|es|it)"
    r"(?:/[^\s]*)?(?![\w@-])",
    re.I,
)
_NUMBER = re.compile(r"(?:\+|00)?\s?\d[\d\s().\-/\u00a0]{6,22}\d")
_LABEL_BEFORE = re.compile(r"([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .]{0,15}?)[\s:.\"'’|]*$")
_FR_CITY = re.compile(
    r"\b(\d{5})\s*([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]*?)(?:\s+cedex(?:\s*\d+)?)?\s*$", re.I
)
_UK_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\s*$")
_US_CITY = re.compile(r"^([A-Za-z .'-]+),\s*([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$")
_LABEL_WORDS = re.compile(
    r"^(e-?mail|mail|courriel|web|site|internet|linkedin)\s*(:\s*|\s+)", re.I
)


@dataclass
class Found:
    """A value read on the card, how sure the parser is of it, and its label (phones)."""

    value: str
    confidence: float
    label: str = ""


@dataclass
class CardFields:
    first_name: Found | None = None
    last_name: Found | None = None
    title: Found | None = None
    organisation: Found | None = None
    emails: list[Found] = field(default_factory=list)
    phones: list[Found] = field(default_factory=list)
    faxes: list[Found] = field(default_factory=list)
    website: Found | None = None
    linkedin: Found | None = None
    address: Found | None = None
    postal_code: Found | None = None
    city: Found | None = None
    unread: list[str] = field(default_factory=list)  # lines no field took

    @property
    def name(self) -> str:
        return " ".join(f.value for f in (self.first_name, self.last_name) if f)


@dataclass
class _Line:
    text: str
    height: float
    score: float
    taken: bool = False


def _phone_label(before: str) -> str | None:
    """The meaning of the label before a number: "mobile", "work"…, "fax", or None."""
    match = _LABEL_BEFORE.search(before)
    if not match:
        return ""
    label = fold(match.group(1)).strip(" .")
    if lexicon.FAX_LABEL.match(label):
        return "fax"
    for meaning, pattern in lexicon.PHONE_LABELS:
        if pattern.match(label):
            return meaning
    return ""


def _phones(line: _Line, card: CardFields) -> None:
    text = line.text
    start = 0
    for match in _NUMBER.finditer(text):
        number = match.group(0).strip()
        digits = sum(c.isdigit() for c in number)
        if not 8 <= digits <= 15:
            continue
        label = _phone_label(text[start : match.start()])
        found = Found(number, round(0.95 * line.score, 3), label or "")
        (card.faxes if label == "fax" else card.phones).append(found)
        line.taken = True
        start = match.end()


def _address(line: _Line, card: CardFields) -> None:
    parts = [p.strip() for p in line.text.split(",") if p.strip()]
    for i, part in enumerate(parts):
        city = _FR_CITY.search(part) if not card.city else None
        us = _US_CITY.match(", ".join(parts[i:])) if not card.city else None
        if city:
            card.postal_code = Found(city.group(1), round(0.95 * line.score, 3))
            card.city = Found(city.group(2).strip(), round(0.9 * line.score, 3))
            street = ", ".join(parts[:i]) if i else part[: city.start()].strip(" ,")
            if street and not card.address:
                card.address = Found(street, round(0.85 * line.score, 3))
            line.taken = True
            return
        if us:
            card.city = Found(us.group(1).strip(), round(0.85 * line.score, 3))
            card.postal_code = Found(us.group(3), round(0.9 * line.score, 3))
            line.taken = True
            return
        uk = _UK_POSTCODE.search(part) if not card.city else None
        if uk and part[: uk.start()].strip():
            card.postal_code = Found(uk.group(1), round(0.85 * line.score, 3))
            card.city = Found(
                part[: uk.start()].strip(" ,"), round(0.8 * line.score, 3)
            )
            line.taken = True
            return
    numbered = re.match(r"^\d{1,4}\s*(bis|ter)?\b", line.text)
    if numbered and lexicon.STREET.search(line.text) and not card.address:
        card.address = Found(line.text.strip(" ,"), round(0.85 * line.score, 3))
        line.taken = True


def _domain(card: CardFields) -> str:
    """The organisation's domain root ("acme" for jean@acme.fr), unless a mailbox provider's."""
    hosts = [e.value.split("@")[1] for e in card.emails]
    if card.website:
        hosts.append(
            re.sub(r"^(https?://)?(www\.)?", "", card.website.value).split("/")[0]
        )
    for host in hosts:
        parts = host.lower().split(".")
        root = parts[-3] if len(parts) > 2 and parts[-2] in {"co", "com"} else parts[-2]
        if len(parts) >= 2 and root not in lexicon.FREEMAIL:
            return root
    return ""


def _organisation(lines: list[_Line], card: CardFields) -> None:
    legal = [
        ln
        for ln in lines
        if not ln.taken
        and lexicon.LEGAL_FORM.search(ln.text)
        and not _EMAIL.search(ln.text)
    ]
    if legal:
        best = max(legal, key=lambda ln: ln.height)
        card.organisation = Found(best.text, round(0.95 * best.score, 3))
        best.taken = True
        return
    root = _domain(card)
    if not root:
        return
    for line in lines:
        squashed = squash(line.text)
        if line.taken or len(squashed) < 3:
            continue
        if squashed == root or (
            len(root) >= 5 and (root in squashed or squashed in root)
        ):
            card.organisation = Found(line.text, round(0.85 * line.score, 3))
            line.taken = True
            return
    card.organisation = Found(root.replace("-", " ").title(), 0.45)


def parse_card(ocr_lines: list[OcrLine]) -> CardFields:
    """The fields of a card from its lines (as ocr.join_lines gives them)."""
    card = CardFields()
    lines = [
        _Line(" ".join(ln.text.split()), ln.height, ln.score)
        for ln in ocr_lines
        if ln.text.strip()
    ]
    for line in lines:
        text = line.text
        for match in _EMAIL.finditer(text):
            card.emails.append(
                Found(match.group(0).strip(".").lower(), round(0.97 * line.score, 3))
            )
            text = text.replace(match.group(0), " ")
            line.taken = True
        for match in _LINKEDIN.finditer(text):
            card.linkedin = card.linkedin or Found(
                match.group(0), round(0.95 * line.score, 3)
            )
            text = text.replace(match.group(0), " ")
            line.taken = True
        if not card.website and not line.taken:
            web = _WEB.search(_LABEL_WORDS.sub("", text))
            if web and (
                web.group(0).lower().startswith(("www.", "http"))
                or len(text.split()) <= 2
            ):
                card.website = Found(web.group(0), round(0.9 * line.score, 3))
                line.taken = True
                continue
        if not line.taken and _NUMBER.search(text):
            _address(line, card)
            if not line.taken:
                _phones(line, card)
        elif not line.taken:
            _address(line, card)
    _organisation(lines, card)
    local = card.emails[0].value.split("@")[0] if card.emails else ""
    for line in lines:
        if (
            not line.taken
            and not card.title
            and lexicon.JOB.search(line.text)
            and not matches_local(line.text, local)
        ):
            card.title = Found(line.text, round(0.9 * line.score, 3))
            line.taken = True
    _name(lines, card)
    if card.title is None:
        _title_by_position(lines, card)
    if card.organisation is None or card.organisation.confidence < 0.5:
        _organisation_by_size(lines, card)
    card.unread = [ln.text for ln in lines if not ln.taken]
    return card


def _name(lines: list[_Line], card: CardFields) -> None:
    candidates = [ln for ln in lines if not ln.taken and looks_like_name(ln.text)]
    local = card.emails[0].value.split("@")[0] if card.emails else ""
    if candidates:
        tallest = max(ln.height for ln in lines) if lines else 0

        def rank(line: _Line) -> tuple[bool, float]:
            return (matches_local(line.text, local), line.height)

        best = max(candidates, key=rank)
        certainty = (
            0.95
            if matches_local(best.text, local)
            else (0.85 if best.height >= tallest * 0.95 else 0.65)
        )
        first, last = split_name(best.text)
        confidence = round(certainty * best.score, 3)
        card.first_name = Found(first, confidence)
        if last:
            card.last_name = Found(last, confidence)
        best.taken = True
    elif local and "." in local:
        first, _, last = local.partition(".")
        card.first_name = Found(first.capitalize(), 0.35)
        card.last_name = Found(last.capitalize(), 0.35)


def _title_by_position(lines: list[_Line], card: CardFields) -> None:
    """No job word: the line just under the name, when it is free text."""
    name = card.name
    for i, line in enumerate(lines):
        if (
            line.taken
            and name
            and line.text.endswith(name.split()[-1])
            and i + 1 < len(lines)
        ):
            below = lines[i + 1]
            if not below.taken and not any(c.isdigit() for c in below.text):
                card.title = Found(below.text, round(0.5 * below.score, 3))
                below.taken = True
            return


def _organisation_by_size(lines: list[_Line], card: CardFields) -> None:
    """No legal form and no domain spelt out: the largest free line, weakly."""
    free = [
        ln
        for ln in lines
        if not ln.taken and len(ln.text) > 2 and not any(c.isdigit() for c in ln.text)
    ]
    if free and card.organisation is None:
        best = max(free, key=lambda ln: ln.height)
        card.organisation = Found(best.text, round(0.4 * best.score, 3))
        best.taken = True
