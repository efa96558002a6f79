"""Lexicon and cue features, French and English, read on the normal form of ``text.py``.

The n-grams learn words; these cues add what a few hundred examples cannot teach on their
own: that "ne fonctionne plus", "still waiting" and "rembourse" all report a problem, that a
link plus "DM" plus a sum of money is a scheme. Each cue is a count, capped, and the model
learns its weight. The sentiment lexicon is here too: it is one cue among others for the
model, and the whole rule of the "negative means complaint" baseline the model must beat.
"""

from __future__ import annotations

import re

# Patterns are written on folded text: lower case, no accents, digits as 0.
_CUES: dict[str, str] = {
    "problem": r"""
        doesn'?t work|does not work|not working|stopped working|won'?t (?:start|charge|load|let)|
        can'?t (?:log|access|find|get|add|use)|broken|broke\b|cracked|faulty|defective|
        error|crash|freez|bug|glitch|leak|missing|wrong (?:model|size|item|order)|never (?:arrived|came|received)|
        still (?:waiting|no|not)|no (?:reply|answer|response)|refund|charged (?:twice|me)|
        overcharg|cancel+ed|delay|lost my|out of stock|fix (?:this|it)|please fix|not (?:impressed|ok|safe)|
        disappoint|worst|terrible|awful|ruined|useless|
        marche (?:pas|plus)|fonctionne (?:pas|plus)|ne (?:charge|demarre|s'allume) (?:pas|plus)|
        en panne|\bhs\b|casse|plante|beugue?|erreur|fuit|fuite|manque|toujours (?:pas|rien|aucun)|
        jamais (?:recu|arrive|livre)|aucune? (?:reponse|nouvelle|info)|rembours|factur|preleve|
        annule|retard|perdu|bloque|impossible|decu|inadmissible|honteu|inutilisable|abuse|
        pas (?:normal|recu)|rien recu|sans reponse|corrige[rz]?|dommage
    """,
    "damage": r"""
        mouldy|moldy|stained|crushed|scratched|dented|soaked|ripped|torn|cracked|expired|stale|
        peeling|\brust|frayed|snapped|came off|fell off|\bsplit|\bholes?\b|off by|wrong|instead of|
        never (?:showed|turned up|came)|hung up|fails?\b|failed|keeps? (?:saying|crashing|asking|dropping)|
        troue|moisi|tache|ecrase|decolle|abime|raye|fissure|fendu|tordu|perime|trempe|rouille|
        s'ecaille|dechire|jamais venu|pas venu|raccroche|echoue|au lieu d[eu]|mauvaise?|
        ne (?:demarre|s'allume|s'ouvre|se ferme|tient) (?:pas|plus)|n'a jamais|bride
    """,
    "harm": r"""
        allerg|sick|hurt|injur|fell\b|danger|unsafe|hygien|fire hazard|burn|smell|stink|rash|
        malade|blesse|tombee?|dangereu|brule|odeur|sent (?:mauvais|le)|boutons|intoxi|coeliaque|gluten
    """,
    "waiting": r"""
        \d+ (?:days?|weeks?|months?|hours?|minutes?|jours?|semaines?|mois|heures?|min)\b|
        since (?:yesterday|monday|tuesday|last|the|march|april|\d)|depuis|\bagain\b|encore|
        (?:third|3rd|fourth|4th|second) time|(?:troisieme|3e|deuxieme|4e) fois
    """,
    "contrast": r"\bbut\b|\bexcept\b|shame|pity|\bmais\b|\bsauf\b|dommage|\bpourtant\b|alors que|even though",
    "irony": r"""
        thanks a lot|thanks for (?:nothing|cancel)|cool cool|great start|well done on|
        :rolling_eyes:|:clap:|merci (?:pour|d'avoir|la|le)\b.*(?:annul|supprim|retard)|
        bravo (?:pour|le|la)\b|super le service|vraiment top|sympa\.|la classe\.|a quoi bon|
        c'est-a-dire|merci d'annuler|what's the point|ironic|ironie|
        amazing service, only|love (?:that|how)\b.*(?:never|still)
    """,
    "purchase": r"""
        how much|price|pricing|cost|quote|buy|order|purchase|pre-?order|in stock|stock(?:ist)?|
        ship to|deliver to|do you (?:deliver|ship|sell|do|offer|make|have)|discount|deal|sale\b|
        book (?:a|two|\d)|reserve|sign up|subscribe to|trial|demo|wholesale|bulk|instal+ments|
        combien|prix|tarif|devis|acheter|achat|commander|precommander|en stock|dispo|livrez|
        vous (?:vendez|faites|proposez|avez|livrez)|promo|reduction|reserver|m'inscrire|essai|
        paiement|payer en|abonnement|offre
    """,
    "question": r"""
        \?|^(?:how|what|when|where|which|who|why|is|are|does|do|can|could|will|would|any)\b|
        est-ce|^(?:comment|quand|ou|quel|quelle|quels|qui|pourquoi|combien|est-ce|y a-t-il)\b|
        qqn sait|anyone know|quelqu'un sait
    """,
    "praise": r"""
        thank|thanks|love|amazing|awesome|brilliant|fantastic|perfect|best|great|excellent|
        legend|kudos|props|shout ?out|bravo|well done|10/10|five stars|5 stars|recommend|
        merci|genial|parfait|excellent|adore|top\b|incroyable|meilleur|super\b|nickel|
        chapeau|au top|recommande|une tuerie|pepite|:heart|:clap|:fire|:star|:\+1:
    """,
    "spam": r"""
        xurlx|link in (?:bio|my)|lien (?:en|dans) (?:bio|ma|mon)|\bdm\b|\bmp\b|whatsapp|telegram|
        crypto|bitcoin|btc|eth\b|token|nft|forex|staking|giveaway|follow ?back|f0f|f4f|sub ?0?4 ?sub|
        followers|abonnes|subscribers|backlinks?|\bseo\b|passive income|revenus passifs|
        earn|gagne[rz]?|\$ ?0|0 ?(?:\$|eur)|free|gratuit|click|cliquez|clique|winner|win a|gagnez|
        casino|loan|pret|onlyfans|hot singles|celibataires|:moneybag:|:rocket:|:money_with_wings:
    """,
}

_POSITIVE = r"""
    good|great|love|loved|lovely|nice|amazing|awesome|best|happy|perfect|excellent|brilliant|
    fantastic|wonderful|beautiful|thanks?|glad|impressed|enjoy|delicious|gorgeous|superb|
    bon|bonne|super|genial|parfait|excellent|adore|merci|content|contente|ravie?|heureux|
    heureuse|magnifique|delicieux|top|bravo|sympa|incroyable|meilleur|meilleure|beau|belle
"""
_NEGATIVE = r"""
    bad|worst|terrible|awful|horrible|hate|broken|angry|disappointed|disappointing|poor|
    wrong|problem|issue|fail|failed|useless|rude|slow|never|dirty|cold|sick|scam|
    mauvais|mauvaise|pire|nul|nulle|horrible|deteste|casse|cassee|decu|decue|probleme|
    souci|lent|jamais|sale|froid|froide|arnaque|inadmissible|honteux|colere|rien
"""


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(pattern.split()), re.MULTILINE)


_CUE_PATTERNS = {name: _compile(p) for name, p in _CUES.items()}
_POSITIVE_WORD = re.compile(r"\b(?:" + "".join(_POSITIVE.split()) + r")\b")
_NEGATIVE_WORD = re.compile(r"\b(?:" + "".join(_NEGATIVE.split()) + r")\b")
_NEGATION = re.compile(
    r"\b(?:not|no|n't|never|pas|plus|jamais|aucun|aucune|sans)\b|n't"
)

CUE_NAMES: tuple[str, ...] = (
    *(f"cue:{name}" for name in _CUES),
    "cue:sentiment_positive",
    "cue:sentiment_negative",
    "cue:exclamation",
    "cue:shouting",
)
_CAP = 3.0


def sentiment(norm: str) -> int:
    """Positive minus negative lexicon words; a negation word counts as negative."""
    positive = len(_POSITIVE_WORD.findall(norm))
    negative = len(_NEGATIVE_WORD.findall(norm)) + len(_NEGATION.findall(norm))
    return positive - negative


def cue_values(norm: str, original: str) -> list[float]:
    """One value in [0, 1] per name of ``CUE_NAMES``, in that order."""
    values = [min(len(p.findall(norm)), _CAP) / _CAP for p in _CUE_PATTERNS.values()]
    values.append(min(len(_POSITIVE_WORD.findall(norm)), _CAP) / _CAP)
    negative = len(_NEGATIVE_WORD.findall(norm)) + len(_NEGATION.findall(norm))
    values.append(min(negative, _CAP) / _CAP)
    values.append(min(original.count("!"), _CAP) / _CAP)
    letters = [c for c in original if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    values.append(1.0 if len(letters) >= 12 and upper / len(letters) > 0.6 else 0.0)
    return values
