"""What a sender's email signature says about them: title, company, phones, web, LinkedIn.

The signature is looked for in what the sender wrote (replies.own_text): after a "-- " line,
else after a closing formula ("Cordialement", "Bien à vous", "Best regards"…), else in a last
short paragraph that holds a phone number or the sender's name. Its lines are then read one by
one: phone numbers keep the label their line gives ("Mob.", "Portable", "M:" → mobile; "Ligne
directe", "D:" → direct; "Standard" → standard; "Tél.", "T:" → work; "Fax" → fax), addresses
give a city, links give a website and a LinkedIn profile, and the remaining short lines are a
title (job words) and a company (a legal form, the sender's email domain, or what is left).
Legal footers and disclaimers end the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relais.core.text import fold
from relais.mail.replies import own_text

from . import values

_DELIMITER = re.compile(r"^\s*(--|—|__)\s*$")
_CLOSING = re.compile(
    r"^\s*((bien |très )?cordialement|(bien )?à (vous|toi|bientôt|tout de suite)|a bientot|"
    r"bien à vous|bonne (journée|soirée|fin de journée|semaine|continuation)|belle journée|"
    r"(sinc[èe]res )?salutations( distinguées)?|amicalement|amitiés|bises|"
    r"merci( beaucoup| d'avance| par avance| encore)?|(best|kind|warm|warmest)( regards| wishes)?|"
    r"regards|cheers|thanks( again| a lot)?|thank you|many thanks|sincerely|yours( truly)?|"
    r"all the best|talk soon|speak soon)\b[^\n]{0,30}$",
    re.I,
)
_DISCLAIMER = re.compile(
    r"confidenti|ce (message|courriel|mail)|this (e-?mail|message)|avant d'imprimer|"
    r"before printing|think before|pensez à l'environnement|capital (social )?de|\brcs\b|"
    r"\bsiren\b|\bsiret\b|\btva\b|\bvat\b|unsubscribe|désinscri",
    re.I,
)
_PHONE = re.compile(
    r"(?<![\w@/.])(?:(?:\+|00)\s?\d{1,3}[\s.\-]?)?(?:\(0?\d{0,4}\)[\s.\-]?)?"
    r"\d(?:[\s.\-\u00a0]?\d){5,13}(?![\w@])"
)
_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()|,;\"']+|(?<![@\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|fr|net|org|io|eu|co|be|ch|ca|de|uk|app|dev|tech|info|biz|ai)"
    r"(?:/[^\s<>()|,;\"']*)?(?![\w@-])",
    re.I,
)
_NOT_WEBSITE = re.compile(
    r"mailto:|\.(png|jpe?g|gif)\b|/maps|maps\.|aka\.ms|/track", re.I
)
_LABELS = [
    ("mobile", re.compile(r"\b(mob|mobile|portable|port|cell|cellulaire|gsm)\b|(^|\W)m\s*[:.]?\s*$")),
    ("direct", re.compile(r"\b(ligne directe|direct|dir|ld)\b|(^|\W)d\s*[:.]?\s*$")),
    ("standard", re.compile(r"\b(standard|std|switchboard|accueil|main)\b|(^|\W)s\s*[:.]?\s*$")),
    ("fax", re.compile(r"\b(fax|telecopie)\b|(^|\W)f\s*[:.]?\s*$")),
    ("work", re.compile(r"\b(tel|telephone|phone|ph|office|bureau|fixe|work)\b|(^|\W)[tpwo]\s*[:.]?\s*$")),
]  # fmt: skip
_POSTAL_CITY = re.compile(
    r"\b(\d{5})\s+([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]*?)(?:\s+cedex(?:\s*\d+)?)?\s*(?:[,|•·(]|-\s|$)",
    re.I,
)
_STREET = re.compile(
    r"\b(rue|avenue|av\.|boulevard|bd|place|allée|chemin|quai|impasse|route|cours|street|"
    r"road|suite|floor|étage|bp|cs)\b",
    re.I,
)
_JOB = re.compile(
    r"\b(directeur|directrice|director|responsable|manager|head|chef|chief|ceo|cto|cfo|coo|cmo|"
    r"cio|vp|vice|pr[ée]sident|pr[ée]sidente|fondat(eur|rice)|co-?fondat(eur|rice)|founder|"
    r"co-?founder|g[ée]rante?|associ[ée]e?|partner|consultante?|ing[ée]nieur[e]?|engineer|"
    r"d[ée]veloppeur|d[ée]veloppeuse|developer|commercial[e]?|sales|account|charg[ée]e?|"
    r"attach[ée]e?|assistante?|avocate?|comptable|juriste|analyste?|designer|coordinat(eur|rice|or)|"
    r"officer|lead|owner|sp[ée]cialiste|specialist|conseill[eè]re?|acheteu(r|se)|buyer|"
    r"technicien(ne)?|recrut(eur|euse)|recruiter|drh|dg|dga|pdg|secr[ée]taire|secretary|"
    r"executive|administrat(eur|rice|or)|experte?|d[ée]l[ée]gu[ée]e?|representative|advisor|"
    r"product|projet|project|marketing)\b",
    re.I,
)
_LEGAL = re.compile(
    r"\b(sas|sasu|sarl|eurl|sa|sci|scop|ltd|inc|llc|gmbh|plc|srl|bv|group|groupe|holding)\b\.?$",
    re.I,
)
_FREEMAIL = {
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "aol", "icloud", "me",
    "orange", "wanadoo", "free", "sfr", "laposte", "gmx", "proton", "protonmail", "neuf",
}  # fmt: skip
_SPLIT = re.compile(r"\s+(?:\||–|—|-|·|•|chez|at|@)\s+|,\s+", re.I)
_LEFTOVER = re.compile(
    r"\b(t[ée]l|tel|mob|mobile|portable|port|fax|web|site|email|e-mail|mail|linkedin|twitter|"
    r"direct|ligne directe|standard|phone|cell|gsm|[mtdfpsw])\b|[\s:|/.•·()+–—-]",
    re.I,
)


@dataclass
class Signature:
    """What a signature told; empty strings where it said nothing."""

    name: str = ""
    title: str = ""
    organisation: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, label)
    website: str = ""
    linkedin: str = ""
    twitter: str = ""
    city: str = ""
    postal_code: str = ""
    lines: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (
            self.title
            or self.organisation
            or self.phones
            or self.website
            or self.linkedin
            or self.twitter
        )


def signature_lines(text: str, sender_name: str = "") -> list[str]:
    """The lines of the signature at the end of what the sender wrote (may be empty)."""
    lines = [line.rstrip() for line in own_text(text).split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    block: list[str] = []
    delimiter = max((i for i, x in enumerate(lines) if _DELIMITER.match(x)), default=-1)
    tail = max(0, len(lines) - 20)
    closing = max(
        (i for i in range(tail, len(lines)) if _CLOSING.match(lines[i])), default=-1
    )
    if delimiter >= 0:
        block = lines[delimiter + 1 :]
    elif closing >= 0:
        block = lines[closing + 1 :]
    else:
        last_blank = max((i for i, x in enumerate(lines) if not x.strip()), default=-1)
        paragraph = lines[last_blank + 1 :]
        names = [w for w in fold(sender_name).split() if len(w) > 2]
        mentions_name = (
            any(w in fold(paragraph[0]) for w in names) if paragraph else False
        )
        if 1 < len(paragraph) <= 10 and (
            mentions_name or any(_phones(x) for x in paragraph)
        ):
            block = paragraph
    return [x.strip() for x in block if x.strip()][:15]


def _phones(line: str) -> list[tuple[str, str]]:
    """(number, label) of each phone number on a line, the label from the words before it."""
    if _DISCLAIMER.search(line):
        return []
    found: list[tuple[str, str]] = []
    start = 0
    for match in _PHONE.finditer(line):
        number = match.group().strip()
        digits = sum(c.isdigit() for c in number)
        if not 8 <= digits <= 15 or _DATE.match(number):
            continue
        before = fold(line[start : match.start()])
        label = next((name for name, pattern in _LABELS if pattern.search(before)), "")
        found.append((number, label))
        start = match.end()
    return found


def _domain_word(email: str) -> str:
    domain = email.rpartition("@")[2].lower().split(".")
    word = domain[-2] if len(domain) >= 2 else ""
    return "" if word in _FREEMAIL else re.sub(r"[^a-z0-9]", "", word)


def _is_name_line(line: str, sender_name: str, index: int) -> bool:
    names = [w for w in re.findall(r"[a-z]+", fold(sender_name)) if len(w) > 1]
    words = re.findall(r"[a-z]+", fold(_URL.sub(" ", _EMAIL.sub(" ", line))))
    if names and all(w in words for w in names):
        return True
    if index == 0 and names and words and words[0] in names:
        return len(line.split()) <= 4 and not _JOB.search(line)
    return (
        index == 0
        and not sender_name
        and 1 < len(line.split()) <= 4
        and not (_JOB.search(line) or any(c.isdigit() for c in line))
    )


def parse_signature(
    lines: list[str], *, sender_name: str = "", sender_email: str = ""
) -> Signature:
    """Read signature lines into a Signature; the sender's email domain helps spot the company."""
    found = Signature(lines=list(lines))
    company_word = _domain_word(sender_email)
    leftovers: list[str] = []
    for index, line in enumerate(lines):
        if _DISCLAIMER.search(line) or len(line) > 160:
            break
        if _is_name_line(line, sender_name, index):
            found.name = found.name or line
            continue
        rest = _EMAIL.sub(" ", line)
        for url in _URL.findall(rest):
            url = url.rstrip(".")
            kind = values.url_kind(url)
            if kind == "linkedin" and "/in/" in url.lower():
                found.linkedin = found.linkedin or url
            elif kind == "twitter":
                found.twitter = found.twitter or url
            elif kind == "url" and not _NOT_WEBSITE.search(url):
                found.website = found.website or url
        rest = _URL.sub(" ", rest)
        phones = _phones(rest)
        found.phones += [p for p in phones if p[0] not in {n for n, _ in found.phones}]
        rest = _PHONE.sub(" ", rest) if phones else rest
        place = _POSTAL_CITY.search(rest)
        if place:
            found.postal_code = found.postal_code or place.group(1)
            found.city = found.city or place.group(2).strip()
            continue
        if _STREET.search(rest) and any(c.isdigit() for c in rest):
            continue
        if _LEFTOVER.sub("", fold(rest)) and not phones:
            leftovers.append(" ".join(rest.split()).strip(" |•·-–—,"))
    _titles_and_company(found, leftovers, company_word)
    return found


def _titles_and_company(found: Signature, lines: list[str], company_word: str) -> None:
    title_line = -1
    for index, line in enumerate(lines):
        if not line or len(line) > 80:
            continue
        parts = [p.strip() for p in _SPLIT.split(line) if p.strip()]
        for part in parts:
            squashed = re.sub(r"[^a-z0-9]", "", fold(part))
            is_company = bool(_LEGAL.search(part)) or bool(
                company_word and company_word in squashed
            )
            if is_company and not found.organisation:
                found.organisation = part
            elif _JOB.search(part) and not found.title:
                found.title, title_line = part, index
            elif len(parts) > 1 and found.title and not found.organisation:
                found.organisation = part
    if not found.organisation and title_line >= 0:
        # "Name / Title / Company": the first plain short line after the title.
        found.organisation = next(
            (
                x
                for x in lines[title_line + 1 :]
                if x and len(x) <= 60 and not _JOB.search(x)
            ),
            "",
        )


def extract_signature(
    body: str, *, sender_name: str = "", sender_email: str = ""
) -> Signature | None:
    """The signature of a mail body, or None if it has none or says nothing useful."""
    lines = signature_lines(body, sender_name)
    if not lines:
        return None
    found = parse_signature(lines, sender_name=sender_name, sender_email=sender_email)
    return None if found.is_empty() else found
