"""Send cart and order events into a workspace, for the kill -9 test and the benchmarks.

    python -m tests.integration.automation_seed setup          (template + cart workflow)
    python -m tests.integration.automation_seed carts N
    python -m tests.integration.automation_seed orders I,J,K   (orders of carts I, J, K)

Events go through the service the API calls (``record_event``), with people whose names are
all different (distinct first and last names), so matching never folds two buyers into one.
"""

from __future__ import annotations

import os
import sys

FIRST = [
    "Amélie",
    "Bastien",
    "Céline",
    "Dorian",
    "Élodie",
    "Fabrice",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jérôme",
    "Karima",
    "Loïc",
    "Maëlle",
    "Nicolas",
    "Océane",
    "Pierre",
    "Quentin",
    "Rachida",
    "Sébastien",
    "Thaïs",
    "Ulysse",
    "Valérie",
    "William",
    "Xavier",
    "Yasmine",
    "Zacharie",
    "Agathe",
    "Baptiste",
    "Capucine",
    "Damien",
    "Estelle",
    "Florent",
]
LAST = [
    "Arnaud",
    "Bouvier",
    "Chevalier",
    "Delacroix",
    "Esnault",
    "Fontaine",
    "Guérin",
    "Hoarau",
    "Isnard",
    "Joly",
    "Kerbrat",
    "Lemaître",
    "Marchand",
    "Nguyen",
    "Ollivier",
    "Perrin",
    "Quéré",
    "Renaud",
    "Sanchez",
    "Tessier",
    "Urvoy",
    "Vasseur",
    "Wagner",
    "Yilmaz",
    "Zimmermann",
    "Aubert",
    "Barbier",
    "Carpentier",
    "Dumas",
    "Étienne",
    "Fleury",
    "Gauthier",
]


def person(i: int) -> dict[str, str]:
    first = FIRST[i % len(FIRST)]
    last = LAST[(i // len(FIRST)) % len(LAST)]
    suffix = i // (len(FIRST) * len(LAST))
    return {
        "email": f"buyer{i}@shop.example",
        "first_name": first,
        "last_name": f"{last}-{FIRST[suffix]}" if suffix else last,
        "lawful_basis": "customer",
    }


def event(kind: str, i: int) -> dict[str, object]:
    return {
        "id": f"{kind}-{i}",
        "type": kind,
        "contact": person(i),
        "data": {"cart": f"https://shop.example/cart/{i}", "total": 10 + i % 90},
    }


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    django.setup()
    from django.core.management import call_command

    from relais.automation.services.events import parse_event, record_event

    call_command("migrate", interactive=False, verbosity=0)
    if argv[0] == "setup":
        from relais.accounts.models import Role, User
        from relais.automation.services.recipes import install_abandoned_cart
        from relais.outreach.services.templates import create_template

        User.objects.create_user(
            "owner@shop.example", None, role=Role.MEMBER, first_name="Olivia"
        )
        create_template(
            actor=None,
            name="Panier",
            language="fr",
            subject="Votre panier vous attend",
            body_text="Bonjour {{ first_name }},\n\nvotre panier est toujours là.\n",
        )
        install_abandoned_cart(actor=None, wait=argv[1], template="Panier")
    elif argv[0] == "carts":
        for i in range(int(argv[1])):
            record_event(parse_event(event("cart_abandoned", i)))
    elif argv[0] == "orders":
        for i in (int(x) for x in argv[1].split(",") if x):
            record_event(parse_event(event("order_placed", i)))


if __name__ == "__main__":
    main(sys.argv[1:])
