"""Names, titles and places the demo draws from: French and English, accents included.

Everything here is invented. The phone ranges are those regulators reserve for fiction, so a
demo contact can never ring a real person: ARCEP's 01 99 00, 02 61 91, 03 53 01, 04 65 71,
05 36 49 and 06 39 98 blocks in France, Ofcom's 07700 900xxx, 020 7946 0xxx and 0161 496 0xxx
in the UK, and 555-01xx in North America.
"""

from __future__ import annotations

# fmt: off
# (first name, "f" or "m")
FIRST_NAMES_FR = [
    ("Hélène", "f"), ("Zoé", "f"), ("Ségolène", "f"), ("Bérénice", "f"), ("Chloé", "f"),
    ("Léa", "f"), ("Manon", "f"), ("Inès", "f"), ("Anaïs", "f"), ("Noémie", "f"),
    ("Océane", "f"), ("Amélie", "f"), ("Maëlle", "f"), ("Éloïse", "f"), ("Agnès", "f"),
    ("Françoise", "f"), ("Mélanie", "f"), ("Laëtitia", "f"), ("Gaëlle", "f"),
    ("Clémence", "f"), ("Sophie", "f"), ("Juliette", "f"), ("Émilie", "f"),
    ("Camille", "f"), ("Aurélie", "f"), ("Nathalie", "f"), ("Solène", "f"), ("Marine", "f"),
    ("Capucine", "f"), ("Yasmine", "f"), ("François", "m"), ("Loïc", "m"), ("Jérôme", "m"),
    ("Frédéric", "m"), ("Stéphane", "m"), ("Rémi", "m"), ("Benoît", "m"), ("Hervé", "m"),
    ("Gaël", "m"), ("Thibault", "m"), ("Mathéo", "m"), ("Noël", "m"), ("Joël", "m"),
    ("Raphaël", "m"), ("Sébastien", "m"), ("Étienne", "m"), ("Cédric", "m"),
    ("Grégoire", "m"), ("Hugo", "m"), ("Antoine", "m"), ("Yannick", "m"), ("Mehdi", "m"),
    ("Bastien", "m"), ("Timothée", "m"), ("Aurélien", "m"), ("Karim", "m"),
    ("Valentin", "m"), ("Mickaël", "m"), ("Régis", "m"), ("Thomas", "m"),
]
FIRST_NAMES_EN = [
    ("Siobhán", "f"), ("Emily", "f"), ("Charlotte", "f"), ("Olivia", "f"), ("Grace", "f"),
    ("Hannah", "f"), ("Niamh", "f"), ("Megan", "f"), ("Sarah", "f"), ("Rebecca", "f"),
    ("Aoife", "f"), ("Priya", "f"), ("Chloe", "f"), ("Lucy", "f"), ("Abigail", "f"),
    ("James", "m"), ("Oliver", "m"), ("Liam", "m"), ("Harry", "m"), ("William", "m"),
    ("Daniel", "m"), ("Patrick", "m"), ("Connor", "m"), ("Michael", "m"), ("Seán", "m"),
    ("Ethan", "m"), ("Samuel", "m"), ("Rajesh", "m"), ("Thomas", "m"), ("Matthew", "m"),
]
LAST_NAMES_FR = [
    "Lefèvre", "Le Goff", "de la Fontaine", "Martin", "Bernard", "Dubois", "Moreau",
    "Laurent", "Girard", "Bonnet", "Dupont", "Lambert", "Rousseau", "Vincent", "Muller",
    "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier",
    "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Roussel", "Mathieu",
    "Masson", "Marchand", "Duval", "Lemaire", "Meunier", "Brunet", "Gaillard", "Barbier",
    "Arnaud", "Gérard", "Renard", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Fabre",
    "Lemoine", "Lacroix", "Leclerc", "Prévost", "Ménard", "Lévêque", "Le Bihan", "Kervella",
    "Da Silva", "Nguyen", "Haddad", "Benali", "Diallo", "Bénard", "Maréchal", "Barthélemy",
    "Delaunay", "d'Arcy", "Saint-Clair", "Château", "Hoarau", "Lemaître", "Tessier",
    "Poulain", "Deschamps", "Lebœuf", "Morvan",
]
LAST_NAMES_EN = [
    "O'Brien", "O'Connor", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson",
    "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White",
    "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "McAllister", "MacDonald",
    "Murphy", "Kelly", "Byrne", "Ryan", "Patel", "Khan", "Singh", "Chen", "Fitzgerald",
    "Hughes", "Edwards", "Lewis", "Price", "Fletcher", "D'Souza", "Ní Bhriain",
]

# (masculine, feminine) French titles; English titles do not agree with the person.
TITLES_FR = [
    ("Directeur commercial", "Directrice commerciale"),
    ("Responsable marketing", "Responsable marketing"),
    ("Chargé de communication", "Chargée de communication"),
    ("Chef de projet digital", "Cheffe de projet digital"),
    ("Directeur des systèmes d'information", "Directrice des systèmes d'information"),
    ("Gérant", "Gérante"),
    ("Fondateur & CEO", "Fondatrice & CEO"),
    ("Responsable achats", "Responsable achats"),
    ("Consultant senior", "Consultante senior"),
    ("Développeur full-stack", "Développeuse full-stack"),
    ("Responsable RH", "Responsable RH"),
    ("Directeur financier", "Directrice financière"),
    ("Chargé d'affaires", "Chargée d'affaires"),
    ("Office manager", "Office manager"),
    ("Responsable relation client", "Responsable relation client"),
    ("Délégué général", "Déléguée générale"),
]
TITLES_EN = [
    "Head of Sales", "Marketing Manager", "Account Executive", "Chief Technology Officer",
    "Founder & CEO", "Procurement Lead", "Senior Consultant", "Operations Director",
    "Customer Success Manager", "Product Manager", "HR Business Partner",
    "Finance Director", "Partnerships Manager", "Software Engineer",
    "Communications Officer",
]

# Personal mail providers, under the reserved .example domain (RFC 2606).
PERSONAL_DOMAINS_FR = ["gmail.example", "orange.example", "free.example", "laposte.example"]
PERSONAL_DOMAINS_EN = ["gmail.example", "outlook.example", "icloud.example", "yahoo.example"]

# Fictional blocks: national digits that numbers start with, per city.
FR_MOBILE = "063998"
FR_LANDLINES = {"Paris": "019900", "Lyon": "046571", "Nantes": "026191", "Bordeaux": "053649", "Lille": "035301", "Rennes": "026191"}
GB_MOBILE = "07700900"
GB_LANDLINES = {"London": "0207946", "Manchester": "01614960", "Edinburgh": "01314960"}
NANP_AREA = {"New York": "212", "San Francisco": "415", "Boston": "617", "Montréal": "514", "Toronto": "416"}

TAGS_FR = [
    "VIP", "Newsletter", "Décideur", "Partenaire", "Presse", "Investisseur",
    "Early adopter", "À relancer", "Ambassadeur", "Tech", "Événements",
]
TAGS_EN = [
    "VIP", "Newsletter", "Decision maker", "Press", "Investor", "Early adopter", "Tech",
    "Events",
]
# fmt: on
