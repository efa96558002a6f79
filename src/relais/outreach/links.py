"""The public addresses a delivered message links to: open pixel, click redirect, unsubscribe.

Paths are fixed here (and served by ``relais.outreach.web``) so that the composer and the
tracking endpoints agree; every one carries a token from ``relais.outreach.tokens``.
"""

from __future__ import annotations

from relais.core.links import absolute_url

from . import tokens

OPEN_PREFIX = "/t/o/"
CLICK_PREFIX = "/t/c/"
UNSUBSCRIBE_PREFIX = "/u/"


def open_pixel_url(delivery_id: int) -> str:
    return absolute_url(f"{OPEN_PREFIX}{tokens.sign(delivery_id, 'open')}.gif")


def click_url(delivery_id: int, link_index: int) -> str:
    return absolute_url(
        f"{CLICK_PREFIX}{tokens.sign(delivery_id, 'click', link_index)}"
    )


def unsubscribe_url(delivery_id: int) -> str:
    """The visible link and the RFC 8058 ``List-Unsubscribe`` target (GET shows a page, POST
    with ``List-Unsubscribe=One-Click`` unsubscribes at once)."""
    return absolute_url(
        f"{UNSUBSCRIBE_PREFIX}{tokens.sign(delivery_id, 'unsubscribe')}"
    )
