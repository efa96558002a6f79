"""Business cards drawn with Pillow, then "photographed": the test set of the card reader.

``card_specs(seed, count)`` invents people (French and English, particles, hyphenated first
names, titles, companies with or without a legal form, phones in French and international
styles, a fax that must not become a phone, addresses, websites, LinkedIn URLs) and
``render`` draws each on a card in one of five layouts (left, centred, two columns, portrait,
dark background) with a logo and colours. ``photograph`` puts the card on a table: rotated
(upside down and a quarter turn included), perspective-warped, shadowed, blurred, noisy and
JPEG-compressed. The truth is the ``CardSpec``: tests compare the reader's fields with it.

The evaluation set uses seeds the parser was never looked at with (see test_card_accuracy.py).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

_FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
]
# (regular, bold) pairs; those not installed are left out.
_FONT_PAIRS = [
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
]

FR_FIRST = ["Jean-Pierre", "Hélène", "Frédéric", "Anaïs", "Marie-Claire", "Loïc", "Sébastien",
            "Agnès", "Jérôme", "Céline", "Jean-Baptiste", "Élodie", "François", "Gaëlle"]  # fmt: skip
FR_LAST = ["Dupont", "Lefèvre", "de la Fontaine", "Le Goff", "Martin-Dubois", "du Pré",
           "Lemaître", "Bénard", "Girard", "Rousseau", "de Villiers", "Le Borgne", "Chevalier"]  # fmt: skip
EN_FIRST = ["Katherine", "Robert", "William", "Margaret", "James", "Olivia", "Thomas",
            "Emily", "Daniel", "Sarah", "Michael", "Charlotte"]  # fmt: skip
EN_LAST = ["Smith", "O'Brien", "Taylor", "Johnson", "Harrison", "Walker", "Bennett",
           "Fletcher", "Campbell", "Hughes", "Morgan", "Parker"]  # fmt: skip
FR_TITLES = ["Directeur commercial", "Responsable des achats", "Chargée de communication",
             "Ingénieur d'affaires", "Directrice générale", "Assistante de direction",
             "Chef de projet", "Responsable marketing", "Gérant", "Consultante senior"]  # fmt: skip
EN_TITLES = ["Head of Sales", "Marketing Manager", "Account Executive", "Chief Executive Officer",
             "Senior Software Engineer", "Business Development Director", "Project Manager",
             "Purchasing Manager", "Operations Director", "Sales Representative"]  # fmt: skip
FR_COMPANIES = [("Ateliers Moreau", "SARL"), ("Boulangeries Réunies", "SAS"),
                ("Cabinet Vasseur", ""), ("Transports Guérin", "SA"),
                ("Verrerie du Nord", "EURL"), ("Optique Lambert", "SAS"),
                ("Imprimerie Carnot", "SARL"), ("Domaine des Trois Chênes", "")]  # fmt: skip
EN_COMPANIES = [("Northwind Analytics", "Ltd"), ("Bluefield Systems", "Inc"),
                ("Harbour Logistics", "Ltd"), ("Keystone Robotics", "Inc"),
                ("Alpen Maschinenbau", "GmbH"), ("Crestline Media", ""),
                ("Oakridge Partners", "LLC")]  # fmt: skip
FR_STREETS = ["rue de la République", "avenue Jean Jaurès", "boulevard Voltaire",
              "place du Marché", "allée des Tilleuls", "chemin des Vignes", "quai de la Loire"]  # fmt: skip
FR_CITIES = [("75011", "Paris"), ("69003", "Lyon"), ("44000", "Nantes"), ("33000", "Bordeaux"),
             ("59800", "Lille"), ("29200", "Brest"), ("13008", "Marseille")]  # fmt: skip
EN_ADDRESSES = [("221 King Street", "London EC1A 1BB"), ("48 Market Road", "Manchester M1 2AB"),
                ("1200 Pine Avenue", "Seattle, WA 98101"), ("17 Harbour Lane", "Dublin 2")]  # fmt: skip
LAYOUTS = ("left", "centred", "columns", "portrait", "dark")
# A vocabulary the parser was never developed against: the evaluation cards draw from it.
HELD_OUT = {
    "fr_first": ["Marie-Hélène", "Théo", "Aurélie", "Jean-Luc", "Maëlle", "Grégoire", "Inès",
                 "Pierre-Yves", "Solène", "Benoît"],
    "fr_last": ["Le Bihan", "de Montaigne", "Faure", "Mercier", "du Bellay", "Lacroix-Roy",
                "Perrin", "Le Gall", "Vidal", "Fontaine"],
    "en_first": ["Hannah", "George", "Alice", "Edward", "Sophie", "Henry", "Lucy", "Oliver"],
    "en_last": ["Whitaker", "MacLeod", "Sutton", "Holloway", "Pearson", "Ashworth", "Doyle"],
    "fr_titles": ["Directrice des ressources humaines", "Responsable logistique",
                  "Chargé d'affaires", "Président", "Technicienne de maintenance",
                  "Conseillère clientèle", "Acheteur industriel"],
    "en_titles": ["Chief Financial Officer", "Regional Sales Manager", "Product Designer",
                  "Customer Success Lead", "Founder", "Procurement Specialist"],
    "fr_companies": [("Menuiserie Caron", "SARL"), ("Laboratoires Vernet", "SA"),
                     ("Atelier Brunel", ""), ("Fromagerie des Alpes", "SAS"),
                     ("Chaudronnerie Lenoir", "EURL")],
    "en_companies": [("Silverline Consulting", "Ltd"), ("Redwood Dynamics", "Inc"),
                     ("Thornbury Foods", "Ltd"), ("Lakeshore Labs", "")],
}  # fmt: skip


@dataclass
class CardSpec:
    """What a card says: the truth the reader is scored against."""

    language: str
    first: str
    last: str
    title: str
    organisation: str  # as printed, legal form included
    email: str
    phones: list[tuple[str, str]]  # (as printed, label): what must come back as phones
    fax: str = ""
    website: str = ""
    linkedin: str = ""
    street: str = ""
    city_line: str = ""
    layout: str = "left"
    fonts: tuple[str, str] = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    accent: tuple[int, int, int] = (30, 60, 140)
    lines: list[tuple[str, str]] = field(
        default_factory=list
    )  # (role, text) in print order

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def available_fonts() -> list[tuple[str, str]]:
    def found(name: str) -> bool:
        return any((d / name).exists() for d in _FONT_DIRS)

    return [p for p in _FONT_PAIRS if found(p[0]) and found(p[1])]


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """The font, else DejaVu Sans (fonts-liberation missing changes the look, not the draws)."""
    fallback = "DejaVuSans-Bold.ttf" if "Bold" in name else "DejaVuSans.ttf"
    for candidate in (name, fallback):
        for folder in _FONT_DIRS:
            if (folder / candidate).exists():
                return ImageFont.truetype(str(folder / candidate), size)
    raise FileNotFoundError(name)


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _fr_phone(rng: random.Random, mobile: bool) -> str:
    first = rng.choice("67") if mobile else rng.choice("12345")
    pairs = [f"{rng.randint(10, 99):02d}" for _ in range(4)]
    style = rng.randrange(5)
    if style == 0:
        return f"0{first} " + " ".join(pairs)
    if style == 1:
        return f"0{first}." + ".".join(pairs)
    if style == 2:
        return f"+33 {first} " + " ".join(pairs)
    if style == 3:
        return f"+33 (0){first} " + " ".join(pairs)
    return f"+33.{first}." + ".".join(pairs)


def _en_phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"+44 20 {rng.randint(7000, 7999)} {rng.randint(1000, 9999)}"
    return f"+1 (206) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"


def _spec(
    rng: random.Random, fonts: list[tuple[str, str]], held_out: bool = False
) -> CardSpec:
    french = rng.random() < 0.6
    lang = "fr" if french else "en"
    if held_out:
        first = rng.choice(HELD_OUT[f"{lang}_first"])
        last = rng.choice(HELD_OUT[f"{lang}_last"])
        company, form = rng.choice(HELD_OUT[f"{lang}_companies"])
    else:
        first = rng.choice(FR_FIRST if french else EN_FIRST)
        last = rng.choice(FR_LAST if french else EN_LAST)
        company, form = rng.choice(FR_COMPANIES if french else EN_COMPANIES)
    organisation = f"{company} {form}".strip()
    domain = _slug(company)[:18] + rng.choice(
        [".fr", ".com"] if french else [".com", ".co.uk", ".io"]
    )
    local = rng.choice(
        [f"{_slug(first)}.{_slug(last)}", f"{_slug(first)[0]}{_slug(last)}"]
    )
    titles = FR_TITLES if french else EN_TITLES
    title = rng.choice(HELD_OUT[f"{lang}_titles"] if held_out else titles)
    phones: list[tuple[str, str]] = []
    if french:
        work_label = rng.choice(["Tél.", "T", "Tél :", "Direct"])
        mobile_label = rng.choice(["Mob.", "Port.", "M", "Mobile"])
        phones.append((_fr_phone(rng, False), work_label))
        if rng.random() < 0.8:
            phones.append((_fr_phone(rng, True), mobile_label))
    else:
        phones.append((_en_phone(rng), rng.choice(["T", "Tel", "Phone", "Direct"])))
        if rng.random() < 0.7:
            mobile = f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
            phones.append((mobile, rng.choice(["M", "Mobile", "Cell"])))
    fax = ""
    if rng.random() < 0.35:
        fax = _fr_phone(rng, False) if french else _en_phone(rng)
    if french:
        number = rng.randint(1, 140)
        street = (
            f"{number}, {rng.choice(FR_STREETS)}"
            if rng.random() < 0.5
            else f"{number} {rng.choice(FR_STREETS)}"
        )
        code, city = rng.choice(FR_CITIES)
        city_line = f"{code} {city}" + (" Cedex" if rng.random() < 0.1 else "")
    else:
        street, city_line = rng.choice(EN_ADDRESSES)
    spec = CardSpec(
        language="fr" if french else "en",
        first=first,
        last=last,
        title=title,
        organisation=organisation,
        email=f"{local}@{domain}",
        phones=phones,
        fax=fax,
        website=f"www.{domain}" if rng.random() < 0.7 else "",
        linkedin=f"linkedin.com/in/{_slug(first)}-{_slug(last)}"
        if rng.random() < 0.4
        else "",
        street=street,
        city_line=city_line,
        layout=rng.choice(LAYOUTS),
        fonts=rng.choice(fonts),
        accent=rng.choice(
            [(30, 60, 140), (160, 30, 40), (20, 110, 80), (90, 40, 120), (200, 120, 0)]
        ),
    )
    spec.lines = _lines(spec, rng)
    return spec


def _phone_line(number: str, label: str) -> str:
    return (
        f"{label} {number}"
        if label.endswith((":", "."))
        else f"{label} {number}".replace(
            f"{label} ", f"{label}: " if len(label) > 2 else f"{label} "
        )
    )


def _lines(spec: CardSpec, rng: random.Random) -> list[tuple[str, str]]:
    fr = spec.language == "fr"
    lines = [("name", spec.name), ("title", spec.title)]
    contact = [("phone", _phone_line(n, label)) for n, label in spec.phones]
    if spec.fax:
        contact.append(
            ("fax", f"Fax {spec.fax}" if fr or rng.random() < 0.5 else f"F: {spec.fax}")
        )
    contact.append(
        (
            "email",
            spec.email
            if rng.random() < 0.6
            else f"{'E-mail' if fr else 'Email'}: {spec.email}",
        )
    )
    if spec.website:
        contact.append(("website", spec.website))
    if spec.linkedin:
        contact.append(("linkedin", spec.linkedin))
    address = [("street", spec.street), ("city", spec.city_line)]
    return [("organisation", spec.organisation), *lines, *address, *contact]


def card_specs(seed: int, count: int, *, held_out: bool = False) -> list[CardSpec]:
    """``count`` cards; ``held_out``: names, titles and companies from HELD_OUT only."""
    rng = random.Random(seed)
    if ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") not in available_fonts():
        raise RuntimeError("no DejaVu fonts found: install fonts-dejavu-core")
    # Drawn from every pair, installed or not, so that a seed gives the same cards anywhere.
    return [_spec(rng, _FONT_PAIRS, held_out) for _ in range(count)]


def _logo(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    colour: tuple[int, int, int],
    rng: random.Random,
) -> None:
    x0, y0, x1, y1 = box
    shape = rng.randrange(3)
    if shape == 0:
        draw.ellipse(box, fill=colour)
        draw.ellipse(
            (
                x0 + (x1 - x0) // 4,
                y0 + (y1 - y0) // 4,
                x1 - (x1 - x0) // 4,
                y1 - (y1 - y0) // 4,
            ),
            fill=(255, 255, 255),
        )
    elif shape == 1:
        draw.polygon([(x0, y1), ((x0 + x1) // 2, y0), (x1, y1)], fill=colour)
    else:
        w = (x1 - x0) // 3
        for i in range(3):
            draw.rectangle(
                (x0 + i * w, y0 + i * w // 2, x0 + (i + 1) * w - 4, y1), fill=colour
            )


def render(spec: CardSpec, seed: int = 0) -> Image.Image:
    """The card as printed, 1050 x 600 px (portrait: 600 x 1050), about 300 dpi."""
    rng = random.Random(seed)
    portrait = spec.layout == "portrait"
    width, height = (600, 1050) if portrait else (1050, 600)
    dark = spec.layout == "dark"
    background = (
        (28, 32, 40)
        if dark
        else rng.choice([(255, 255, 255), (250, 247, 240), (244, 246, 250)])
    )
    ink = (235, 235, 235) if dark else (30, 30, 30)
    accent = (240, 190, 80) if dark else spec.accent
    card = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(card)
    regular, bold = spec.fonts
    by_role = dict(spec.lines)
    contact = [
        text
        for role, text in spec.lines
        if role in {"phone", "fax", "email", "website", "linkedin"}
    ]
    address = [by_role["street"], by_role["city"]]
    name_font, title_font = _font(bold, 54), _font(regular, 32)
    org_font, small = _font(bold, 36), _font(regular, 27)
    if not dark:
        draw.rectangle((0, height - 18, width, height), fill=accent)

    def text(
        xy: tuple[float, float],
        value: str,
        font: ImageFont.FreeTypeFont,
        fill: tuple[int, int, int],
        anchor: str = "la",
        right: float = 0,
    ) -> None:
        # Shrink what would run off the card (or into the next column), as a designer would.
        room = ((right or width - 40) - xy[0]) if anchor.startswith("l") else width - 60
        while font.getlength(value) > room and font.size > 12:
            font = font.font_variant(size=font.size - 2)
        draw.text(xy, value, font=font, fill=fill, anchor=anchor)

    if spec.layout in {"left", "dark"}:
        _logo(draw, (width - 170, 50, width - 60, 160), accent, rng)
        text((60, 60), spec.organisation, org_font, accent)
        text((60, 150), spec.name, name_font, ink)
        text((60, 220), spec.title, title_font, ink)
        y = 300
        for line in [*address, *contact]:
            text((60, y), line, small, ink)
            y += 36
        card = card.crop((0, 0, width, max(height, y + 30)))
    elif spec.layout == "centred":
        _logo(draw, (width // 2 - 45, 30, width // 2 + 45, 120), accent, rng)
        text((width / 2, 135), spec.organisation, org_font, accent, "ma")
        text((width / 2, 200), spec.name, name_font, ink, "ma")
        text((width / 2, 265), spec.title, title_font, ink, "ma")
        y = 330
        lines = [", ".join(address), *contact]
        for line in lines:
            text((width / 2, y), line, small, ink, "ma")
            y += 36
    elif spec.layout == "columns":
        _logo(draw, (50, 50, 140, 140), accent, rng)
        text((160, 70), spec.organisation, org_font, accent)
        column = width // 2 - 10
        text((50, 200), spec.name, name_font, ink, right=column)
        text((50, 270), spec.title, title_font, ink, right=column)
        y = 360
        for line in address:
            text((50, y), line, small, ink, right=column)
            y += 36
        draw.line(
            (width // 2 + 20, 200, width // 2 + 20, height - 60), fill=accent, width=3
        )
        y = 200
        for line in contact:
            text((width // 2 + 50, y), line, small, ink)
            y += 42
    else:  # portrait
        _logo(draw, (width // 2 - 60, 50, width // 2 + 60, 170), accent, rng)
        text((width / 2, 200), spec.organisation, _font(bold, 32), accent, "ma")
        text((width / 2, 320), spec.name, _font(bold, 44), ink, "ma")
        text((width / 2, 385), spec.title, _font(regular, 28), ink, "ma")
        y = 480
        for line in [*address, *contact]:
            text((width / 2, y), line, _font(regular, 24), ink, "ma")
            y += 44
    return card


def _table(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    base = rng.choice([(120, 90, 60), (60, 60, 65), (140, 140, 130), (90, 110, 70)])
    table = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(table)
    for _ in range(60):  # wood grain / texture
        y = rng.randrange(size[1])
        shade = tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in base)
        draw.line(
            (0, y, size[0], y + rng.randint(-40, 40)),
            fill=shade,
            width=rng.randint(2, 8),
        )
    return table


def _perspective_coeffs(
    source: list[tuple[float, float]], target: list[tuple[float, float]]
) -> list[float]:
    import numpy as np

    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for point in source for c in point], dtype=float)
    return [float(v) for v in np.linalg.solve(a, b)]


def photograph(card: Image.Image, seed: int, *, turn: int | None = None) -> bytes:
    """A phone photo of ``card`` on a table, as JPEG bytes.

    The card is turned by ``turn`` quarter turns (0-3; random when None) plus a few degrees,
    seen in perspective, under a shadow, slightly blurred and noisy, then JPEG-compressed.
    """
    rng = random.Random(seed)
    quarter = rng.randrange(4) if turn is None else turn
    card = card.rotate(90 * quarter, expand=True)
    w, h = card.size
    canvas_w, canvas_h = int(max(w, h) * 1.45), int(max(w, h) * 1.2)
    table = _table(rng, (canvas_w, canvas_h))
    angle = math.radians(rng.uniform(-12, 12))
    cx, cy = canvas_w / 2 + rng.uniform(-40, 40), canvas_h / 2 + rng.uniform(-30, 30)
    corners = []
    for px, py in [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]:
        x = cx + px * math.cos(angle) - py * math.sin(angle)
        y = cy + px * math.sin(angle) + py * math.cos(angle)
        corners.append(
            (x + rng.uniform(-0.06, 0.06) * w, y + rng.uniform(-0.06, 0.06) * h)
        )
    coeffs = _perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], corners)
    warped = card.transform(
        (canvas_w, canvas_h),
        Image.Transform.PERSPECTIVE,
        coeffs,
        Image.Resampling.BICUBIC,
    )
    mask = Image.new("L", card.size, 255).transform(
        (canvas_w, canvas_h),
        Image.Transform.PERSPECTIVE,
        coeffs,
        Image.Resampling.BICUBIC,
    )
    table.paste(warped, (0, 0), mask)
    # A soft shadow across part of the picture (a hand or the phone).
    shadow = Image.new("L", table.size, 0)
    sd = ImageDraw.Draw(shadow)
    sx = rng.randrange(canvas_w)
    sd.polygon(
        [
            (sx, 0),
            (sx + canvas_w // 2, 0),
            (sx + canvas_w // 3, canvas_h),
            (sx - canvas_w // 5, canvas_h),
        ],
        fill=rng.randint(40, 80),
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(60))
    table = Image.composite(Image.new("RGB", table.size, (0, 0, 0)), table, shadow)
    table = table.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.1)))
    import numpy as np

    pixels = np.asarray(table, dtype=np.int16)
    noise = np.random.default_rng(seed).normal(0, rng.uniform(3, 8), pixels.shape)
    table = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    table.save(out, "JPEG", quality=rng.randint(60, 85))
    return out.getvalue()


def clean_bytes(card: Image.Image, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    card.save(out, fmt)
    return out.getvalue()
