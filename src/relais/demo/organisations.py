"""The demo's organisations: invented, with a legal form, a domain and a web site.

Domains end in the reserved ``.example`` (RFC 2606): no demo email can reach a real inbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relais.core.text import fold


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    legal_form: str  # "SAS", "Ltd"… as a file would write it after the name
    city: str
    country: str
    language: str

    @property
    def domain(self) -> str:
        slug = fold(self.name).replace("&", " ").replace("'", "")
        return re.sub(r"[^a-z0-9]+", "-", slug).strip("-") + ".example"

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}"

    @property
    def full_name(self) -> str:
        return f"{self.name} {self.legal_form}".strip()


# fmt: off
ORGANISATIONS = [
    DemoOrganisation("Atelier Numérique", "SAS", "Paris", "FR", "fr"),
    DemoOrganisation("Voxalis", "SAS", "Paris", "FR", "fr"),
    DemoOrganisation("Boulangeries Lefèvre & Fils", "SARL", "Lille", "FR", "fr"),
    DemoOrganisation("Cabinet Roussel Avocats", "SELARL", "Lyon", "FR", "fr"),
    DemoOrganisation("Éditions du Rivage", "SA", "Bordeaux", "FR", "fr"),
    DemoOrganisation("Brasserie de l'Ouest", "SAS", "Nantes", "FR", "fr"),
    DemoOrganisation("Groupe Hélios Énergie", "SA", "Lyon", "FR", "fr"),
    DemoOrganisation("Transports Le Goff", "SARL", "Rennes", "FR", "fr"),
    DemoOrganisation("Clinique Vétérinaire des Tilleuls", "SELARL", "Nantes", "FR", "fr"),
    DemoOrganisation("Agence Pixel & Cie", "SARL", "Paris", "FR", "fr"),
    DemoOrganisation("Coopérative Agricole du Vexin", "SCOP", "Paris", "FR", "fr"),
    DemoOrganisation("Lumière Conseil", "EURL", "Lyon", "FR", "fr"),
    DemoOrganisation("Maison Ségur", "SAS", "Paris", "FR", "fr"),
    DemoOrganisation("Datanaute", "SAS", "Rennes", "FR", "fr"),
    DemoOrganisation("Mutuelle Horizon", "", "Lille", "FR", "fr"),
    DemoOrganisation("Cristal Logistique", "SAS", "Bordeaux", "FR", "fr"),
    DemoOrganisation("Les Jardins de Zoé", "EURL", "Nantes", "FR", "fr"),
    DemoOrganisation("Alpage Software", "SAS", "Lyon", "FR", "fr"),
    DemoOrganisation("Néoplume", "SAS", "Paris", "FR", "fr"),
    DemoOrganisation("Fromagerie Château-Thierry", "SARL", "Paris", "FR", "fr"),
    DemoOrganisation("Studio Bérénice Design", "SASU", "Bordeaux", "FR", "fr"),
    DemoOrganisation("Érablière Tremblay", "Inc.", "Montréal", "CA", "fr"),
    DemoOrganisation("Chocolaterie Vandamme", "SRL", "Bruxelles", "BE", "fr"),
    DemoOrganisation("Horlogerie Favre", "SA", "Genève", "CH", "fr"),
    DemoOrganisation("Northwind Partners", "Ltd", "London", "GB", "en"),
    DemoOrganisation("Brightwater Consulting", "LLP", "London", "GB", "en"),
    DemoOrganisation("Kestrel Analytics", "Ltd", "Manchester", "GB", "en"),
    DemoOrganisation("Harbour & Vine", "Ltd", "London", "GB", "en"),
    DemoOrganisation("Blue Finch Software", "Inc.", "San Francisco", "US", "en"),
    DemoOrganisation("Redwood Ventures", "LLC", "San Francisco", "US", "en"),
    DemoOrganisation("O'Connell Engineering", "Ltd", "Dublin", "IE", "en"),
    DemoOrganisation("Thistle Data", "Ltd", "Edinburgh", "GB", "en"),
    DemoOrganisation("Maple Leaf Media", "Inc.", "Toronto", "CA", "en"),
    DemoOrganisation("Summit Health", "Inc.", "Boston", "US", "en"),
    DemoOrganisation("Greenfield Logistics", "PLC", "Manchester", "GB", "en"),
    DemoOrganisation("Copperfield & Sons", "Ltd", "London", "GB", "en"),
    DemoOrganisation("Silverline Events", "Ltd", "London", "GB", "en"),
    DemoOrganisation("Acorn Robotics", "Inc.", "New York", "US", "en"),
]
# fmt: on
