"""What to say, do and avoid for a channel and a goal, composed from rules per axis.

Rather than 16 types × 3 channels × 7 goals hand-written cells, each rule holds for one pole
of one axis (direct, reflective, task, people), optionally for one goal or one channel. A
playbook is the rules whose pole matches the person's position, for the goal and channel
asked; every line keeps the id of the rule it came from, so advice can always be traced.
"""

from __future__ import annotations

from dataclasses import dataclass

from .types import Position, centre

CHANNELS = ("call", "email", "meeting")
GOALS = ("sell", "negotiate", "impress", "approval", "schedule", "bad_news", "conflict")


@dataclass(frozen=True)
class Rule:
    id: str
    pole: str  # direct, reflective, task or people
    kind: str  # say, do or avoid
    en: str
    fr: str
    goal: str = "*"
    channel: str = "*"


R = Rule
RULES: tuple[Rule, ...] = (
    # Goal × pace: what to say.
    R(
        "sell-direct",
        "direct",
        "say",
        "Lead with the result they get and what it costs, in one sentence.",
        "Commencez par le résultat obtenu et son coût, en une phrase.",
        goal="sell",
    ),
    R(
        "sell-reflective",
        "reflective",
        "say",
        "Explain the problem you solve and how, step by step, before the offer.",
        "Expliquez le problème résolu et comment, étape par étape, avant l'offre.",
        goal="sell",
    ),
    R(
        "negotiate-direct",
        "direct",
        "say",
        "State your position and your limit plainly; trade concessions quickly.",
        "Énoncez clairement votre position et votre limite ; échangez les concessions rapidement.",
        goal="negotiate",
    ),
    R(
        "negotiate-reflective",
        "reflective",
        "say",
        "Set out the options and their trade-offs; let them weigh them.",
        "Présentez les options et leurs contreparties ; laissez-les les peser.",
        goal="negotiate",
    ),
    R(
        "impress-direct",
        "direct",
        "say",
        "Show competence fast: one concrete achievement, no self-praise.",
        "Montrez vite votre compétence : une réussite concrète, sans vous vanter.",
        goal="impress",
    ),
    R(
        "impress-reflective",
        "reflective",
        "say",
        "Show you did your homework: refer to their situation accurately.",
        "Montrez que vous avez préparé : évoquez leur situation avec exactitude.",
        goal="impress",
    ),
    R(
        "approval-direct",
        "direct",
        "say",
        "Ask for the decision outright, with the recommended option first.",
        "Demandez la décision franchement, l'option recommandée en premier.",
        goal="approval",
    ),
    R(
        "approval-reflective",
        "reflective",
        "say",
        "Give the reasoning and the risks, and offer time before they approve.",
        "Donnez le raisonnement et les risques, et proposez du temps avant l'accord.",
        goal="approval",
    ),
    R(
        "schedule-direct",
        "direct",
        "say",
        "Propose two precise slots and the length of the meeting.",
        "Proposez deux créneaux précis et la durée de la réunion.",
        goal="schedule",
    ),
    R(
        "schedule-reflective",
        "reflective",
        "say",
        "Say what the meeting is for and let them choose the time.",
        "Dites à quoi sert la réunion et laissez-les choisir l'horaire.",
        goal="schedule",
    ),
    R(
        "bad_news-direct",
        "direct",
        "say",
        "Give the news in the first sentence, then what you propose.",
        "Annoncez la nouvelle dès la première phrase, puis ce que vous proposez.",
        goal="bad_news",
    ),
    R(
        "bad_news-reflective",
        "reflective",
        "say",
        "Prepare the ground: context first, then the news, then the next steps.",
        "Préparez le terrain : le contexte d'abord, puis la nouvelle, puis la suite.",
        goal="bad_news",
    ),
    R(
        "conflict-direct",
        "direct",
        "say",
        "Name the disagreement openly and move to a fix.",
        "Nommez ouvertement le désaccord et passez à une solution.",
        goal="conflict",
    ),
    R(
        "conflict-reflective",
        "reflective",
        "say",
        "Acknowledge their point of view before giving yours.",
        "Reconnaissez leur point de vue avant de donner le vôtre.",
        goal="conflict",
    ),
    # Goal × focus: what to do.
    R(
        "sell-task",
        "task",
        "do",
        "Bring figures: price, return, delivery dates, references.",
        "Apportez des chiffres : prix, retour sur investissement, délais, références.",
        goal="sell",
    ),
    R(
        "sell-people",
        "people",
        "do",
        "Tell how others like them benefited; name people they know.",
        "Racontez ce que d'autres comme eux y ont gagné ; citez des personnes qu'ils connaissent.",
        goal="sell",
    ),
    R(
        "negotiate-task",
        "task",
        "do",
        "Keep a written table of terms and what each change is worth.",
        "Tenez un tableau écrit des conditions et de ce que vaut chaque changement.",
        goal="negotiate",
    ),
    R(
        "negotiate-people",
        "people",
        "do",
        "Look for an outcome both sides can feel good about, and say so.",
        "Cherchez une issue satisfaisante pour les deux parties, et dites-le.",
        goal="negotiate",
    ),
    R(
        "impress-task",
        "task",
        "do",
        "Be exact: right names, right numbers, on time.",
        "Soyez exact : bons noms, bons chiffres, à l'heure.",
        goal="impress",
    ),
    R(
        "impress-people",
        "people",
        "do",
        "Take a genuine interest in them and remember personal details.",
        "Intéressez-vous sincèrement à eux et retenez les détails personnels.",
        goal="impress",
    ),
    R(
        "approval-task",
        "task",
        "do",
        "Attach the evidence: costs, risks, alternatives considered.",
        "Joignez les éléments : coûts, risques, alternatives étudiées.",
        goal="approval",
    ),
    R(
        "approval-people",
        "people",
        "do",
        "Mention who already supports it and who it helps.",
        "Mentionnez qui soutient déjà le projet et à qui il profite.",
        goal="approval",
    ),
    R(
        "schedule-task",
        "task",
        "do",
        "Send an agenda with the decisions to take.",
        "Envoyez un ordre du jour avec les décisions à prendre.",
        goal="schedule",
    ),
    R(
        "schedule-people",
        "people",
        "do",
        "Suggest a friendly setting (coffee, lunch) if it fits.",
        "Proposez un cadre convivial (café, déjeuner) si cela s'y prête.",
        goal="schedule",
    ),
    R(
        "bad_news-task",
        "task",
        "do",
        "Give the facts, the causes and the corrective plan.",
        "Donnez les faits, les causes et le plan de correction.",
        goal="bad_news",
    ),
    R(
        "bad_news-people",
        "people",
        "do",
        "Say how it affects them and that you will stand by them.",
        "Dites en quoi cela les touche et que vous restez à leurs côtés.",
        goal="bad_news",
    ),
    R(
        "conflict-task",
        "task",
        "do",
        "Stick to verifiable facts and agreed criteria.",
        "Tenez-vous aux faits vérifiables et aux critères convenus.",
        goal="conflict",
    ),
    R(
        "conflict-people",
        "people",
        "do",
        "Protect the relationship: talk in private, keep a calm tone.",
        "Préservez la relation : parlez en privé, gardez un ton calme.",
        goal="conflict",
    ),
    # Channel × pole.
    R(
        "call-direct",
        "direct",
        "do",
        "Keep the call short and say why you call in the first minute.",
        "Faites court et dites pourquoi vous appelez dès la première minute.",
        channel="call",
    ),
    R(
        "call-reflective",
        "reflective",
        "do",
        "Offer to call back after they have thought it over.",
        "Proposez de rappeler après qu'ils y auront réfléchi.",
        channel="call",
    ),
    R(
        "call-task",
        "task",
        "do",
        "Have your numbers at hand and confirm them by email afterwards.",
        "Ayez vos chiffres sous la main et confirmez-les ensuite par email.",
        channel="call",
    ),
    R(
        "call-people",
        "people",
        "do",
        "Start with a personal word; smile, it can be heard.",
        "Commencez par un mot personnel ; souriez, cela s'entend.",
        channel="call",
    ),
    R(
        "email-direct",
        "direct",
        "do",
        "Put the ask in the subject line or the first line.",
        "Mettez la demande dans l'objet ou la première ligne.",
        channel="email",
    ),
    R(
        "email-reflective",
        "reflective",
        "do",
        "Give context and a deadline that leaves time to reply.",
        "Donnez le contexte et un délai qui laisse le temps de répondre.",
        channel="email",
    ),
    R(
        "email-task",
        "task",
        "do",
        "Use a list or an attachment for details.",
        "Utilisez une liste ou une pièce jointe pour les détails.",
        channel="email",
    ),
    R(
        "email-people",
        "people",
        "do",
        "Open and close warmly; write as you would speak.",
        "Ouvrez et concluez chaleureusement ; écrivez comme vous parlez.",
        channel="email",
    ),
    R(
        "meeting-direct",
        "direct",
        "do",
        "Start on time, state the decision needed, end early if you can.",
        "Commencez à l'heure, énoncez la décision attendue, finissez en avance si possible.",
        channel="meeting",
    ),
    R(
        "meeting-reflective",
        "reflective",
        "do",
        "Send material beforehand and leave room for questions.",
        "Envoyez les documents à l'avance et laissez de la place aux questions.",
        channel="meeting",
    ),
    R(
        "meeting-task",
        "task",
        "do",
        "Bring a written agenda and take notes of decisions.",
        "Apportez un ordre du jour écrit et notez les décisions.",
        channel="meeting",
    ),
    R(
        "meeting-people",
        "people",
        "do",
        "Leave a few minutes to get to know each other.",
        "Gardez quelques minutes pour faire connaissance.",
        channel="meeting",
    ),
    # What to avoid, per pole.
    R(
        "avoid-direct",
        "direct",
        "avoid",
        "Long preambles, hedging, repeating yourself.",
        "Les longs préambules, les détours, les répétitions.",
    ),
    R(
        "avoid-reflective",
        "reflective",
        "avoid",
        "Pushing for an answer on the spot.",
        "Exiger une réponse sur-le-champ.",
    ),
    R(
        "avoid-task",
        "task",
        "avoid",
        "Vague claims, approximate figures, over-familiarity.",
        "Les affirmations vagues, les chiffres approximatifs, la familiarité excessive.",
    ),
    R(
        "avoid-people",
        "people",
        "avoid",
        "A cold, purely transactional tone.",
        "Un ton froid et purement transactionnel.",
    ),
)


def _matches(rule: Rule, poles: tuple[str, str], channel: str, goal: str) -> bool:
    return (
        rule.pole in poles
        and rule.goal in ("*", goal)
        and rule.channel in ("*", channel)
    )


def playbook(
    position: Position, channel: str, goal: str, lang: str
) -> dict[str, list[dict[str, str]]]:
    """Say / do / avoid for ``position`` on ``channel`` with ``goal``; ValueError if either
    is unknown. Each line is ``{"text": ..., "rule": id}``."""
    if channel not in CHANNELS or goal not in GOALS:
        raise ValueError(f"unknown channel or goal: {channel!r}, {goal!r}")
    poles = (position.pace_pole, position.focus_pole)
    out: dict[str, list[dict[str, str]]] = {"say": [], "do": [], "avoid": []}
    for rule in RULES:
        if _matches(rule, poles, channel, goal):
            out[rule.kind].append(
                {"text": rule.fr if lang == "fr" else rule.en, "rule": rule.id}
            )
    return out


def playbook_for_type(
    type_code: str, channel: str, goal: str, lang: str
) -> dict[str, list[dict[str, str]]]:
    return playbook(centre(type_code), channel, goal, lang)
