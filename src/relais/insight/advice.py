"""What a profile says about a person, in English and French, written for Relais.

Each quadrant has its own words for what comes naturally, what does not, what motivates,
what stresses, how to write and how to work together; a blend adds one sentence about the
neighbour it leans towards. Every sentence says "tends to": a profile describes a habit of
communication seen in answers, assessments or messages, never who the person is.
"""

from __future__ import annotations

from .types import archetype

Text = tuple[str, str]  # (English, French)

SUMMARY: dict[str, Text] = {
    "D": (
        "{name} tends to be decisive and to the point, and prefers a clear goal and a quick answer to a long build-up.",
        "{name} a tendance à être décidé·e et direct·e, et préfère un objectif clair et une réponse rapide à un long préambule.",
    ),
    "I": (
        "{name} tends to be outgoing and enthusiastic, and prefers a lively exchange and shared ideas to dry detail.",
        "{name} a tendance à être expansif·ve et enthousiaste, et préfère un échange vivant et des idées partagées aux détails arides.",
    ),
    "S": (
        "{name} tends to be calm and considerate, and prefers a warm, unhurried conversation to pressure.",
        "{name} a tendance à être calme et attentionné·e, et préfère une conversation chaleureuse et sans hâte à la pression.",
    ),
    "C": (
        "{name} tends to be analytical and reserved, and prefers precise facts and time to think to quick promises.",
        "{name} a tendance à être analytique et réservé·e, et préfère des faits précis et du temps pour réfléchir aux promesses rapides.",
    ),
}

SECTIONS: dict[str, dict[str, list[Text]]] = {
    "natural": {
        "D": [
            (
                "Taking charge and deciding fast",
                "Prendre les choses en main et décider vite",
            ),
            (
                "Saying plainly what they think",
                "Dire franchement ce qu'il ou elle pense",
            ),
        ],
        "I": [
            ("Getting people on board with an idea", "Rallier les gens à une idée"),
            (
                "Starting conversations with strangers",
                "Engager la conversation avec des inconnus",
            ),
        ],
        "S": [
            ("Listening patiently", "Écouter avec patience"),
            (
                "Keeping a team steady through change",
                "Garder une équipe stable dans le changement",
            ),
        ],
        "C": [
            ("Checking the facts before acting", "Vérifier les faits avant d'agir"),
            ("Spotting the flaw in a plan", "Repérer la faille d'un plan"),
        ],
    },
    "not_natural": {
        "D": [
            ("Slowing down for consensus", "Ralentir pour obtenir un consensus"),
            ("Small talk without a purpose", "Bavarder sans but"),
        ],
        "I": [
            (
                "Following a detailed procedure to the letter",
                "Suivre une procédure détaillée à la lettre",
            ),
            ("Working alone for long stretches", "Travailler seul·e longtemps"),
        ],
        "S": [
            ("Saying no or confronting someone", "Dire non ou affronter quelqu'un"),
            ("Deciding under time pressure", "Décider dans l'urgence"),
        ],
        "C": [
            ("Improvising without data", "Improviser sans données"),
            ("Showing enthusiasm on cue", "Montrer de l'enthousiasme sur commande"),
        ],
    },
    "motivators": {
        "D": [
            ("Visible results and progress", "Des résultats visibles et des progrès"),
            ("Autonomy and room to decide", "L'autonomie et la latitude de décider"),
        ],
        "I": [
            (
                "Recognition and a good atmosphere",
                "La reconnaissance et une bonne ambiance",
            ),
            (
                "New people and new ideas",
                "De nouvelles personnes et de nouvelles idées",
            ),
        ],
        "S": [
            (
                "Trust and loyalty in a team",
                "La confiance et la loyauté dans une équipe",
            ),
            ("Being genuinely useful to someone", "Être vraiment utile à quelqu'un"),
        ],
        "C": [
            ("Doing things properly", "Faire les choses correctement"),
            ("Clear standards and expertise", "Des critères clairs et l'expertise"),
        ],
    },
    "stressors": {
        "D": [
            ("Slow, vague answers", "Les réponses lentes et floues"),
            ("Losing control of the outcome", "Perdre la maîtrise du résultat"),
        ],
        "I": [
            ("Being ignored or left out", "Être ignoré·e ou mis·e à l'écart"),
            (
                "Cold, purely formal exchanges",
                "Les échanges froids et purement formels",
            ),
        ],
        "S": [
            (
                "Sudden change without explanation",
                "Les changements brusques et inexpliqués",
            ),
            ("Conflict and raised voices", "Les conflits et les éclats de voix"),
        ],
        "C": [
            (
                "Errors and unsupported claims",
                "Les erreurs et les affirmations sans preuve",
            ),
            ("Being rushed into a decision", "Être pressé·e de décider"),
        ],
    },
    "writing": {
        "D": [
            (
                "Three to five sentences; the ask or the decision in the first line",
                "Trois à cinq phrases ; la demande ou la décision dès la première ligne",
            ),
            (
                "A short greeting, no padding, one clear next step",
                "Une salutation courte, pas de remplissage, une seule étape suivante claire",
            ),
        ],
        "I": [
            (
                "A friendly opening and a bit of energy",
                "Une ouverture amicale et un peu d'énergie",
            ),
            (
                "Tell the story and who is involved; keep details for later",
                "Racontez l'histoire et qui est concerné ; gardez les détails pour plus tard",
            ),
        ],
        "S": [
            (
                "A warm greeting and a personal word first",
                "Une salutation chaleureuse et un mot personnel d'abord",
            ),
            (
                "Explain the why and leave time to answer",
                "Expliquez le pourquoi et laissez du temps pour répondre",
            ),
        ],
        "C": [
            (
                "Context first, then facts, figures and sources",
                "Le contexte d'abord, puis les faits, les chiffres et les sources",
            ),
            (
                "A structured message (list, attachment) and precise wording",
                "Un message structuré (liste, pièce jointe) et des mots précis",
            ),
        ],
    },
    "working": {
        "D": [
            (
                "Agree on the goal, then let them run",
                "Convenez de l'objectif, puis laissez-les avancer",
            ),
            ("Bring options, not problems", "Apportez des options, pas des problèmes"),
        ],
        "I": [
            (
                "Brainstorm together and share the credit",
                "Cherchez des idées ensemble et partagez le mérite",
            ),
            (
                "Follow up in writing on what was agreed",
                "Confirmez par écrit ce qui a été convenu",
            ),
        ],
        "S": [
            (
                "Give notice of changes and explain them",
                "Prévenez des changements et expliquez-les",
            ),
            ("Ask for their view one to one", "Demandez leur avis en tête à tête"),
        ],
        "C": [
            ("Share the data and the method", "Partagez les données et la méthode"),
            (
                "Leave time to check before a decision",
                "Laissez du temps pour vérifier avant de décider",
            ),
        ],
    },
}

BLEND: dict[str, Text] = {
    "D": (
        "Leans towards D as well: keep it brisk.",
        "Tend aussi vers D : restez bref.",
    ),
    "I": (
        "Leans towards I as well: a little warmth and energy help.",
        "Tend aussi vers I : un peu de chaleur et d'énergie aide.",
    ),
    "S": (
        "Leans towards S as well: do not rush them.",
        "Tend aussi vers S : ne le ou la brusquez pas.",
    ),
    "C": (
        "Leans towards C as well: back claims with facts.",
        "Tend aussi vers C : appuyez vos affirmations sur des faits.",
    ),
}


def pick(text: Text, lang: str) -> str:
    return text[1] if lang == "fr" else text[0]


def describe(type_code: str, lang: str, name: str) -> dict[str, object]:
    """The written profile of ``type_code`` for a person called ``name``."""
    main = type_code[0]
    out: dict[str, object] = {
        "archetype": archetype(type_code, lang),
        "summary": pick(SUMMARY[main], lang).format(name=name),
        **{key: [pick(t, lang) for t in per[main]] for key, per in SECTIONS.items()},
    }
    if len(type_code) == 2:
        out["blend"] = pick(BLEND[type_code[1].upper()], lang)
    return out
