"""Auto-replies that say the person left: "Marie ne fait plus partie de la société".

Privacy turns such a reply into a freshness signal ("left the company"); the phrasings, French and
English, are matched accent- and case-folded in what the sender wrote (not the quoted text).
"""

from __future__ import annotations

import re

from relais.core.text import fold

from .replies import own_text

# Phrasings of "this person is no longer here", French and English, accent- and case-folded.
_LEFT = re.compile(
    r"ne fait plus partie|(a|ont) quitte (la societe|l'entreprise|le groupe|la structure|"
    r"l'association|le cabinet|nos effectifs|ses fonctions)|n'est plus (en poste|salarie|"
    r"employe|collaborat|membre|dans (l'entreprise|la societe|nos effectifs)|chez|au sein)|"
    r"ne travaille plus|n'exerce plus|no longer (with|employed|works|working|at|part of)|"
    r"(has|have) (left|departed) (the company|the firm|the organi[sz]ation|our company|"
    r"the business)|is no longer (with|at|employed|part of)|left the company|"
    r"last day (at|with) (the company|\w+) was"
)


def says_person_left(body: str) -> str:
    """The sentence of ``body`` (what its sender wrote) saying the person left, or ''."""
    text = own_text(body)
    for sentence in re.split(r"(?<=[.!?\n])\s+", text):
        if _LEFT.search(fold(sentence).replace("’", "'")):
            return " ".join(sentence.split())[:300]
    return ""
