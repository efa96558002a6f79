"""Kind of voice of an author, and the playbook for each (docs/community.md, "Kinds of voice").

A journalist writes for a media domain (``data/media_domains.txt``, FR and EN, editable); a forum
member posts on a Discourse forum; a contact tagged customer or partner is one whatever the
network; other feed and video authors are bloggers, other social accounts social users.
Pure functions: the service passes the facts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

JOURNALIST, BLOGGER, FORUM, CUSTOMER, PARTNER, SOCIAL = (
    "journalist",
    "blogger",
    "forum member",
    "customer",
    "partner",
    "social",
)

LABELS = {
    JOURNALIST: _("journalist"),
    BLOGGER: _("blogger"),
    FORUM: _("forum member"),
    CUSTOMER: _("customer"),
    PARTNER: _("partner"),
    SOCIAL: _("social media user"),
}

PLAYBOOKS = {
    JOURNALIST: _(
        "Offer facts, figures and a contact available before their deadline; no gifts, "
        "no request to read the piece before it runs."
    ),
    BLOGGER: _(
        "Offer early access or a test account and let them say what they think; disclose "
        "any partnership and thank them publicly when they publish."
    ),
    FORUM: _(
        "Answer in the forum thread, credit their answers and invite regulars to test "
        "pre-releases."
    ),
    CUSTOMER: _(
        "Treat as support first: acknowledge, solve, then ask whether they would share "
        "their experience."
    ),
    PARTNER: _(
        "Coordinate through the partner contact; share the plan before going public."
    ),
    SOCIAL: _("Reply where they posted, briefly, in their language."),
}


@cache
def media_domains() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "media_domains.txt"
    lines = (line.strip().lower() for line in path.read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_media(url: str, domains: frozenset[str] | None = None) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    domains = media_domains() if domains is None else domains
    return any(host == d or host.endswith("." + d) for d in domains)


def voice_of(
    *, source_kind: str, urls: list[str], contact_tags: tuple[str, ...] = ()
) -> str:
    """The author's kind of voice from where they publish and how the contact is tagged."""
    tags = {t.strip().lower() for t in contact_tags}
    if any(is_media(u) for u in urls if u):
        return JOURNALIST
    if "partner" in tags or "partenaire" in tags:
        return PARTNER
    if "customer" in tags or "client" in tags:
        return CUSTOMER
    if source_kind == "discourse":
        return FORUM
    if source_kind in ("rss", "atom", "youtube", "webhook"):
        return BLOGGER
    return SOCIAL


def contribution_kind(*, source_kind: str, title: str, text: str, label: str) -> str:
    """What a mention counts as: video, reply, review, bug report, post."""
    if source_kind == "youtube":
        return "video"
    head = (title or text).strip().lower()
    if head.startswith(("re:", "@")) or (
        source_kind == "discourse" and head and title == ""
    ):
        return "reply"
    body = f"{title} {text}".lower()
    if any(
        w in body for w in ("bug", "crash", "plantage", "ne marche pas", "doesn't work")
    ):
        return "bug report"
    if any(
        w in body for w in ("review", "avis", "critique", "test de", "tested", "testé")
    ):
        return "review"
    return "post"
