"""What the demo's interactions, notes and tasks say, in French and English.

Placeholders: ``{first}`` the contact's first name, ``{org}`` their organisation, ``{me}`` the
colleague who wrote or took part.
"""

from __future__ import annotations

# fmt: off
# INTERACTIONS[language][channel][direction] -> [(subject, body)]
INTERACTIONS: dict[str, dict[str, dict[str, list[tuple[str, str]]]]] = {
    "fr": {
        "email": {
            "out": [
                ("Suite à notre échange", "Bonjour {first},\n\nMerci pour votre temps ce matin. Comme convenu, je vous envoie la présentation et une proposition de calendrier.\n\nBien à vous,\n{me}"),
                ("Proposition commerciale – {org}", "Bonjour {first},\n\nVous trouverez ci-joint notre proposition pour {org}, avec l'option « Équipe » à 12 € par utilisateur et par mois.\n\nJe reste disponible pour en parler.\n{me}"),
                ("Invitation : petit-déjeuner clients le 14", "Bonjour {first},\n\nNous organisons un petit-déjeuner entre clients et partenaires, à Paris. Serez-vous des nôtres ?\n\nCordialement,\n{me}"),
                ("Relance : devis en attente", "Bonjour {first},\n\nJe me permets de revenir vers vous au sujet du devis envoyé le mois dernier. Avez-vous pu en discuter en interne ?\n\n{me}"),
            ],
            "in": [
                ("Re: Proposition commerciale – {org}", "Bonjour {me},\n\nMerci pour la proposition. Pouvez-vous préciser les conditions de migration de nos données ?\n\nBien cordialement,\n{first}"),
                ("Demande d'information", "Bonjour,\n\nJ'ai vu votre démonstration au salon et j'aimerais en savoir plus pour notre équipe de 8 personnes.\n\n{first} ({org})"),
                ("Re: Invitation : petit-déjeuner clients", "Avec plaisir, je viendrai avec une collègue. Merci !\n{first}"),
                ("Question sur la facture n° 2024-118", "Bonjour, la facture mentionne 10 licences alors que nous en utilisons 8. Pouvez-vous vérifier ?\n\nMerci,\n{first}"),
            ],
        },
        "call": {
            "out": [
                ("Appel de découverte", "30 min avec {first}. Équipe commerciale de 6 personnes, contacts éparpillés entre Excel et LinkedIn. Budget à confirmer."),
                ("Relance téléphonique devis", "Messagerie. Laissé un message, rappeler jeudi."),
                ("Point trimestriel", "Tout va bien côté {org}. Souhaitent ajouter deux utilisateurs en janvier."),
            ],
            "in": [
                ("Appel entrant : question technique", "{first} n'arrivait plus à importer son fichier CSV (séparateur point-virgule). Résolu en direct."),
                ("{first} rappelle au sujet du contrat", "Accord de principe, attend la validation de la direction financière."),
            ],
        },
        "meeting": {
            "out": [
                ("Démo produit chez {org}", "Démo devant {first} et deux collègues. Très bonnes questions sur le dédoublonnage et l'export vCard."),
                ("Déjeuner avec {first}", "Déjeuner près de leurs bureaux. Projet d'ouverture d'une agence à Lyon en 2026."),
                ("Rendez-vous au salon VivaTech", "Rencontré(e) sur le stand. Intéressé(e) par la consolidation des contacts LinkedIn."),
            ],
            "in": [
                ("Visite de {first} dans nos locaux", "Visite de l'équipe, présentation de la feuille de route."),
            ],
        },
        "linkedin": {
            "out": [
                ("Message LinkedIn : félicitations", "Félicitations pour votre nouveau poste chez {org}, {first} !"),
                ("Invitation LinkedIn", "Bonjour {first}, ravi(e) de vous avoir croisé(e) au salon. Restons en contact."),
            ],
            "in": [
                ("Message LinkedIn de {first}", "Bonjour {me}, je cherche un outil pour partager nos contacts dans l'équipe. On peut en parler ?"),
                ("Invitation acceptée", "{first} a accepté votre invitation."),
            ],
        },
        "sms": {
            "out": [
                ("SMS : confirmation du rendez-vous", "Bonjour {first}, je vous confirme notre rendez-vous jeudi à 10 h. {me}"),
                ("SMS : en retard", "Petit retard de 10 minutes, désolé(e) ! {me}"),
            ],
            "in": [
                ("SMS de {first}", "Ok pour jeudi 10 h, à tout à l'heure."),
            ],
        },
        "social": {
            "out": [
                ("Réponse à un commentaire", "Merci {first} pour votre retour sur notre article !"),
            ],
            "in": [
                ("Mention sur Mastodon", "{first} recommande Relais dans un fil sur les CRM auto-hébergés."),
                ("Commentaire sur notre publication", "{first} : « Enfin un CRM qui gère correctement les accents ! »"),
            ],
        },
    },
    "en": {
        "email": {
            "out": [
                ("Following up on our call", "Hi {first},\n\nThanks for your time today. As promised, here are the slides and a suggested timeline.\n\nBest,\n{me}"),
                ("Proposal for {org}", "Hi {first},\n\nPlease find attached our proposal for {org}, with the Team plan at €12 per user per month.\n\nHappy to talk it through.\n{me}"),
                ("Quick question about your CRM setup", "Hi {first},\n\nHow does your team keep track of contacts today? I'd love 15 minutes to compare notes.\n\n{me}"),
            ],
            "in": [
                ("Re: Proposal for {org}", "Hi {me},\n\nThanks — could you clarify how data migration from our spreadsheet works?\n\nCheers,\n{first}"),
                ("Invoice query", "Hello, our last invoice lists 10 seats but we use 8. Could you check?\n\nThanks,\n{first}"),
                ("Intro: {first} from {org}", "Hi, a colleague recommended you. We're looking for a shared address book for our sales team.\n\n{first}"),
            ],
        },
        "call": {
            "out": [
                ("Discovery call", "30 minutes with {first}. Sales team of 5, contacts split between Outlook and LinkedIn. Decision expected next quarter."),
                ("Left a voicemail", "No answer, left a voicemail. Try again on Friday."),
            ],
            "in": [
                ("{first} called about the renewal", "Happy with the product, wants a discount for a two-year commitment."),
            ],
        },
        "meeting": {
            "out": [
                ("Product demo at {org}", "Demo for {first} and the ops team. Strong interest in duplicate detection and vCard export."),
                ("Coffee with {first}", "Caught up over coffee. They are opening an office in Paris next year."),
            ],
            "in": [
                ("{first} visited our office", "Roadmap session with {first}; agreed to join the beta programme."),
            ],
        },
        "linkedin": {
            "out": [
                ("LinkedIn message: congratulations", "Congratulations on the new role at {org}, {first}!"),
                ("Connection request", "Hi {first}, great meeting you at the conference. Let's stay in touch."),
            ],
            "in": [
                ("LinkedIn message from {first}", "Hi {me}, we are looking for a CRM our whole team can share. Could we talk?"),
            ],
        },
        "sms": {
            "out": [("Text: meeting confirmed", "Hi {first}, confirming Thursday 10am. {me}")],
            "in": [("Text from {first}", "Running 5 min late, sorry!")],
        },
        "social": {
            "out": [("Replied to a comment", "Thanks {first} for sharing our post!")],
            "in": [("Mention on X", "{first} shared our article on self-hosted CRMs.")],
        },
    },
}

NOTES: dict[str, list[str]] = {
    "fr": [
        "Préfère être contacté(e) le matin, jamais le vendredi.",
        "Budget validé pour le T3. Décision prise avec la direction financière.",
        "Rencontré(e) au salon VivaTech, stand B12. Cherche à centraliser les contacts de l'équipe.",
        "A peut-être quitté {org} : à vérifier sur LinkedIn.",
        "Tutoiement OK.\nParle aussi anglais et espagnol.",
        "Ancien client de la concurrence, déçu par les imports Excel.",
    ],
    "en": [
        "Prefers email over calls. Based in the {org} head office.",
        "Budget signed off for Q3; procurement needs two quotes.",
        "Met at a conference dinner. Very interested in the LinkedIn import.",
        "Might have left {org}: check LinkedIn.",
        "Key champion internally.\nLoops in the CFO for anything over 5k.",
    ],
}

TASKS: dict[str, list[str]] = {
    "fr": [
        "Rappeler {first} pour le devis",
        "Envoyer la proposition à {first}",
        "Relancer {first} ({org})",
        "Préparer la démo pour {org}",
        "Inviter {first} au petit-déjeuner clients",
    ],
    "en": [
        "Call {first} back about the quote",
        "Send the contract to {first}",
        "Follow up with {first} after the webinar",
        "Book a lunch with {first}",
    ],
}
# fmt: on
