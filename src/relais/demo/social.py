"""The demo's social half: what the listening, service, community and automation pages show.

A forum feed and a blog feed of the brand, with mentions heard in French and English (a
complaint that opens a ticket, praise, questions, a purchase intent, spam), written through the
same intake a poll uses (stored, classified, linked, announced: tickets and contributions follow
by themselves); the abandoned-cart workflow and a newsletter sign-up form. No network: the items
are given, never fetched.
"""

from __future__ import annotations

import datetime as dt

from relais.accounts.models import User
from relais.automation.services.forms import create_form
from relais.automation.services.recipes import install_abandoned_cart
from relais.listening.connectors import Item
from relais.listening.services.intake import take_in
from relais.listening.services.sources import add_source

FORUM = [
    (
        "Lampe Orso : l'interrupteur a lâché au bout de trois semaines",
        "Bonjour, ma lampe Orso achetée en octobre ne s'allume plus, l'interrupteur tourne "
        "dans le vide. J'ai écrit au SAV il y a dix jours, toujours pas de réponse. "
        "Franchement déçue pour une lampe à ce prix.",
        "Camille R.",
        "camille_r",
        4,
    ),
    (
        "Quel abat-jour pour la suspension Nuée ?",
        "Est-ce que l'abat-jour en lin de la collection Nuée existe en 45 cm ? Je voudrais "
        "en commander deux pour ma salle à manger avant Noël.",
        "Julien",
        "julien.deco",
        3,
    ),
    (
        "Merci à l'équipe !",
        "Petit message pour dire que le remplacement de mon pied de lampe est arrivé en "
        "48 h, bien emballé. Service au top, je recommande.",
        "Sophie Martin",
        "sophiem",
        2,
    ),
    (
        "Driver LED compatible ?",
        "Hello, does the Orso lamp work with a dimmer switch? The manual says nothing about "
        "it and I'd rather not fry the LED driver.",
        "Tom H.",
        "tomh",
        2,
    ),
    (
        "Best SEO backlinks cheap!!!",
        "Get 10,000 high quality backlinks for only $9. Rank #1 on Google in 7 days, "
        "guaranteed. DM me now, limited offer!!!",
        "seo-master-99",
        "seo-master-99",
        1,
    ),
]
BLOG = [
    (
        "Our new reading lamp, three months on",
        "I have used the Orso reading lamp every evening since September. Warm light, no "
        "flicker, and the brass has aged nicely. The only thing I miss is a USB port.",
        "Emily Carter",
        "https://emilycarter.example/",
        6,
    ),
    (
        "Nuée : une suspension qui tient ses promesses ?",
        "Après deux mois, la suspension Nuée éclaire bien la table, mais la livraison a pris "
        "cinq semaines au lieu de deux et le colis est arrivé abîmé. Le produit est beau, le "
        "service beaucoup moins.",
        "Le carnet de Léa",
        "https://carnet-de-lea.example/",
        1,
    ),
]


def _items(
    rows: list[tuple[str, str, str, str, int]], base: str, now: dt.datetime
) -> list[Item]:
    items = []
    for number, (title, text, name, handle, days) in enumerate(rows, start=1):
        is_url = handle.startswith("http")
        items.append(
            Item(
                guid=f"{base}/t/{number}",
                url=f"{base}/t/{number}",
                title=title,
                text=text,
                author_name=name,
                author_handle="" if is_url else handle,
                author_url=handle if is_url else f"{base}/u/{handle}",
                published_at=now - dt.timedelta(days=days, hours=number),
            )
        )
    return items


def add_social(admin: User, now: dt.datetime) -> None:
    """Sources with mentions (tickets and contributions follow), a workflow and a form."""
    forum = add_source(
        actor=admin,
        url="https://forum.lumen.example/latest.rss",
        kind="rss",
        name="Forum Lumen",
    )
    take_in(forum, _items(FORUM, "https://forum.lumen.example", now))
    blogs = add_source(
        actor=admin,
        url="https://blogs.lumen.example/feed.atom",
        kind="atom",
        name="Blogs déco",
    )
    take_in(blogs, _items(BLOG, "https://blogs.lumen.example", now))
    install_abandoned_cart(
        actor=admin, wait="2h", template="Atelier clients (FR)", call_task_after="2d"
    )
    create_form(
        actor=admin,
        name="Inscription newsletter",
        fields=[
            {"label": "E-mail", "maps_to": "email", "required": True},
            {"label": "Prénom", "maps_to": "first_name", "required": False},
        ],
        consent_text="J'accepte de recevoir la lettre d'information de Lumen (un envoi par mois).",
        thanks="Merci, à très vite !",
        tags=["Newsletter"],
    )
