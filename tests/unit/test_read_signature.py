"""Signatures in French and English: where they are, and what they say."""

import pytest

from relais.ingest.readers.signature import extract_signature, signature_lines
from relais.mail.replies import own_text

# --- Cutting quoted history -------------------------------------------------------------


@pytest.mark.parametrize(
    "history",
    [
        "Le lun. 3 juin 2024 à 10:12, Marc Membre <marc@relais.test> a écrit :\n> Bonjour",
        "Le lun. 3 juin 2024 à 10:12, Marc Membre <marc@relais.test> a\nécrit :\n> Bonjour",
        "Le 03/06/2024 10:12, Marc a écrit :\nBonjour",
        "On Mon, Jun 3, 2024 at 10:12 AM Marc Membre <marc@relais.test> wrote:\n> Hi",
        "On Mon, Jun 3, 2024 at 10:12 AM Marc Membre <marc@relais.test>\nwrote:\n> Hi",
        "-----Original Message-----\nFrom: Marc\nSent: Monday\nTo: Jean\nSubject: x",
        "-----Message d'origine-----\nDe : Marc\nEnvoyé : lundi\nÀ : Jean\nObjet : x",
        "De : Marc Membre <marc@relais.test>\nEnvoyé : lundi 3 juin 2024 10:12\nÀ : Jean\n"
        "Objet : RE: devis",
        "From: Marc Membre <marc@relais.test>\nDate: Monday, June 3, 2024\nTo: Jean\n"
        "Subject: devis",
        "________________________________\nDe : Marc Membre\nEnvoyé : lundi",
        "---------- Forwarded message ---------\nFrom: Marc",
    ],
)
def test_quoted_history_is_cut(history):
    body = (
        f"Merci, c'est noté.\n\nJean Dupont\n\n{history}\n--\nMarc\nTél. 01 99 99 99 99"
    )
    assert own_text(body) == "Merci, c'est noté.\n\nJean Dupont"


def test_quotes_at_the_end_are_cut():
    body = "Merci, c'est noté.\n\nJean Dupont\n\n> Bonjour Jean,\n> --\n> Tél. 01 99 99 99 99\n"
    assert own_text(body) == "Merci, c'est noté.\n\nJean Dupont"


def test_inline_replies_keep_the_senders_words_and_signature():
    body = (
        "> Pouvez-vous venir jeudi ?\nOui, 10h.\n> Et le devis ?\nJe l'envoie demain.\n\n"
        "--\nJean Dupont\nMob. 06 12 34 56 78"
    )
    assert own_text(body) == (
        "Oui, 10h.\nJe l'envoie demain.\n\n--\nJean Dupont\nMob. 06 12 34 56 78"
    )


def test_device_lines_are_not_a_signature():
    body = "Ok pour moi.\n\nEnvoyé de mon iPhone\n\nLe 3 juin 2024 à 10:12, Marc a écrit :\n> x"
    assert own_text(body) == "Ok pour moi."
    assert (
        extract_signature("Ok.\n\nSent from my iPhone", sender_name="Jean Dupont")
        is None
    )


def test_a_line_starting_with_le_is_not_history_without_a_ecrit():
    body = "Le devis est en pièce jointe.\nLe rendez-vous tient toujours.\n\nJean"
    assert own_text(body) == body


# --- Finding the signature ----------------------------------------------------------------


def test_after_the_dash_dash_line():
    body = "Bonjour,\nvoici le devis.\n\n-- \nJean Dupont\nResponsable achats\nDupont & Fils"
    assert signature_lines(body) == [
        "Jean Dupont",
        "Responsable achats",
        "Dupont & Fils",
    ]


@pytest.mark.parametrize(
    "closing",
    ["Cordialement,", "Bien cordialement", "Bien à vous,", "Bonne journée !", "Best regards,",
     "Kind regards", "Thanks,", "Merci d'avance", "Cheers", "Sincères salutations,"],
)  # fmt: skip
def test_after_a_closing_formula(closing):
    body = f"Bonjour,\n\nMerci pour votre retour.\n\n{closing}\nJean Dupont\nDirecteur commercial"
    assert signature_lines(body) == ["Jean Dupont", "Directeur commercial"]


def test_a_last_paragraph_with_a_phone_or_the_name_without_closing():
    body = "Bonjour,\n\nJe vous rappelle.\n\nJean Dupont\nACME SAS\n06 12 34 56 78"
    assert signature_lines(body, "Jean Dupont") == [
        "Jean Dupont",
        "ACME SAS",
        "06 12 34 56 78",
    ]
    assert signature_lines("Bonjour,\n\nJe vous rappelle demain.\nBonne soirée") == []


def test_no_signature_at_all():
    assert extract_signature("Merci !", sender_name="Jean Dupont") is None
    assert (
        extract_signature("Merci !\n\nCordialement,\nJean", sender_name="Jean Dupont")
        is None
    )
    assert extract_signature("", sender_name="") is None


# --- Reading it ---------------------------------------------------------------------------

FRENCH = """Bonjour Marc,

Je vous confirme notre rendez-vous.

Bien cordialement,

Frédéric CANEVET
Directeur commercial | ACME Industries SAS
Tél. : 01 23 45 67 89 – Mob. : +33 (0)6 12 34 56 78
Ligne directe : 01 23 45 67 00 / Standard : 01 23 45 67 80
Fax : 01 23 45 67 99
12 rue de la Paix – 75002 Paris
www.acme-industries.fr | https://www.linkedin.com/in/fcanevet
ACME Industries SAS au capital de 100 000 € – RCS Paris 123 456 789
Ce message et ses pièces jointes sont confidentiels. Tél. 01 00 00 00 00
"""


def test_a_full_french_signature():
    found = extract_signature(
        FRENCH,
        sender_name="Frédéric Canevet",
        sender_email="f.canevet@acme-industries.fr",
    )
    assert found is not None
    assert found.name == "Frédéric CANEVET"
    assert found.title == "Directeur commercial"
    assert found.organisation == "ACME Industries SAS"
    assert found.phones == [
        ("01 23 45 67 89", "work"),
        ("+33 (0)6 12 34 56 78", "mobile"),
        ("01 23 45 67 00", "direct"),
        ("01 23 45 67 80", "standard"),
        ("01 23 45 67 99", "fax"),
    ]
    assert (found.postal_code, found.city) == ("75002", "Paris")
    assert found.website == "www.acme-industries.fr"
    assert found.linkedin == "https://www.linkedin.com/in/fcanevet"


ENGLISH = """Hi Marc,

Thanks for the call.

Best,

--
Kate Smith
Head of Sales at Globex Ltd
T: +44 20 7946 0958 | M: +44 7700 900123
https://globex.co.uk
twitter.com/katesmith
This email and any attachments are confidential.
"""


def test_a_full_english_signature():
    found = extract_signature(
        ENGLISH, sender_name="Kate Smith", sender_email="kate@globex.co.uk"
    )
    assert found is not None
    assert (found.title, found.organisation) == ("Head of Sales", "Globex Ltd")
    assert found.phones == [("+44 20 7946 0958", "work"), ("+44 7700 900123", "mobile")]
    assert found.website == "https://globex.co.uk"
    assert found.twitter == "twitter.com/katesmith"


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Mob. 06 12 34 56 78", "mobile"),
        ("Mobile : 06 12 34 56 78", "mobile"),
        ("Portable : 06.12.34.56.78", "mobile"),
        ("M: +33 6 12 34 56 78", "mobile"),
        ("M. +33 6 12 34 56 78", "mobile"),
        ("Cell: (415) 555-0100", "mobile"),
        ("GSM 0033 6 12 34 56 78", "mobile"),
        ("Tél. 01 23 45 67 89", "work"),
        ("Tel: 01 23 45 67 89", "work"),
        ("T: 01 23 45 67 89", "work"),
        ("Phone +1 415 555 0100", "work"),
        ("Ligne directe : 01 23 45 67 89", "direct"),
        ("D: 01 23 45 67 89", "direct"),
        ("Standard : 01 23 45 67 89", "standard"),
        ("Fax 01 23 45 67 89", "fax"),
        ("01 23 45 67 89", ""),
        ("Tél. portable : 06 12 34 56 78", "mobile"),
        ("Tél. direct : 01 23 45 67 89", "direct"),
    ],
)
def test_phone_labels_come_from_their_line(line, label):
    body = f"Bonjour\n\nCordialement,\nJean Dupont\nChef de projet\n{line}"
    found = extract_signature(body, sender_name="Jean Dupont")
    assert found is not None
    assert [p[1] for p in found.phones] == [label]


@pytest.mark.parametrize(
    "line",
    [
        "Le 15.03.2024",
        "SIRET 123 456 789 00012",
        "SAS au capital de 10 000 000 €",
        "Code postal 75002",
    ],
)
def test_numbers_that_are_not_phones(line):
    body = f"Bonjour\n\nCordialement,\nJean Dupont\nDirecteur\n{line}"
    found = extract_signature(body, sender_name="Jean Dupont")
    assert found is not None and found.phones == []


@pytest.mark.parametrize(
    ("lines", "title", "organisation"),
    [
        (["Directrice marketing", "Les Ateliers Réunis"], "Directrice marketing", "Les Ateliers Réunis"),
        (["Chargée de communication chez Brasserie Lefèvre"], "Chargée de communication", "Brasserie Lefèvre"),
        (["CEO @ Umbrella Corp"], "CEO", "Umbrella Corp"),
        (["Initech Inc", "Account Executive"], "Account Executive", "Initech Inc"),
        (["Gérante - Dupont & Fils"], "Gérante", "Dupont & Fils"),
        (["Ingénieur d'affaires", "SGC", "Société Générale de Câbles"], "Ingénieur d'affaires", "SGC"),
    ],
)  # fmt: skip
def test_title_and_company(lines, title, organisation):
    body = (
        "Bonjour\n\nCordialement,\nJean Dupont\n"
        + "\n".join(lines)
        + "\n01 23 45 67 89"
    )
    found = extract_signature(
        body, sender_name="Jean Dupont", sender_email="jean@sgc.fr"
    )
    assert found is not None
    assert (found.title, found.organisation) == (title, organisation)


def test_the_email_domain_names_the_company():
    body = "Hi\n\nRegards,\nBob O'Brien\nUmbrella\nVP Engineering\nM: +1 415 555 0100"
    found = extract_signature(
        body, sender_name="Bob O'Brien", sender_email="bob@umbrella.io"
    )
    assert found is not None
    assert (found.title, found.organisation) == ("VP Engineering", "Umbrella")


def test_a_free_mail_domain_names_no_company():
    body = "Salut\n\nA bientôt,\nSeb Martin\nConsultant indépendant\n06 12 34 56 78"
    found = extract_signature(
        body, sender_name="Seb Martin", sender_email="seb@gmail.com"
    )
    assert found is not None
    assert (found.title, found.organisation) == ("Consultant indépendant", "")


def test_links_company_pages_and_images_are_not_profiles_or_websites():
    body = (
        "Bonjour\n\n--\nJean Dupont\nhttps://www.linkedin.com/company/acme\n"
        "https://acme.fr/logo.png\nwww.acme.fr\nTél. 01 23 45 67 89"
    )
    found = extract_signature(body, sender_name="Jean Dupont")
    assert found is not None
    assert (found.linkedin, found.website) == ("", "www.acme.fr")


def test_the_signature_of_a_quoted_message_is_never_read():
    body = (
        "Merci !\n\nLe 3 juin 2024 à 10:12, Marc <marc@relais.test> a écrit :\n"
        "> Bonjour\n> --\n> Marc Membre\n> Directeur\n> Tél. 01 99 99 99 99"
    )
    assert extract_signature(body, sender_name="Jean Dupont") is None
