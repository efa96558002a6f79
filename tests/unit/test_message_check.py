"""The message check's rules that read only the message: French and English, and the honest
messages they must leave alone. (The rules that read the timeline: tests/integration.)"""

from __future__ import annotations

import pytest
from django.utils import translation

from relais.outreach.services.check import Finding, blocks, check_message
from relais.outreach.services.check_rules import reply_prefix, strip_prefixes
from relais.outreach.services.spam_phrases import PHRASES

PERSONAL = (
    "Bonjour {{ first_name }},\n\nSuite à notre échange au salon, voici le devis.\n"
)
UNSUB = "\n{{ unsubscribe_url }}"


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def bulk(subject: str, text: str = PERSONAL + UNSUB, html: str = "") -> list[Finding]:
    return check_message(subject=subject, body_text=text, body_html=html, bulk=True)


@pytest.mark.parametrize(
    "subject",
    [
        "Re: votre demande",
        "RE : votre demande",
        "Ré : votre demande",
        "RÉ: votre demande",
        "re:votre demande",
        "TR: offre",
        "TR : offre",
        "Fwd: offer",
        "FW: offer",
        "Fw : offer",
        "AW: Angebot",
        "WG: Angebot",
        "Re[2]: your request",
        "Re\u00a0: votre demande",  # French non-breaking space
        "Re\u202f: votre demande",  # narrow non-breaking space
        "  Re: Fwd: Devis",
    ],
)
def test_reply_and_forward_prefixes_are_recognised(subject: str) -> None:
    assert reply_prefix(subject)
    findings = bulk(subject)
    fake = [f for f in findings if f.code == "fake_reply"]
    assert fake and fake[0].severity == "high"
    assert blocks(findings)


@pytest.mark.parametrize(
    "subject",
    [
        "Réunion de jeudi",
        "Retour d'expérience {{ first_name }}",
        "Relance : devis",
        "Transport : votre devis",
        "Fwdays conference",
        "Réf : commande 1234",
        "Reporting : trimestre",
        "Aw, shucks",
        "Trésorerie : point mensuel",
    ],
)
def test_words_that_only_look_like_prefixes_are_not_replies(subject: str) -> None:
    assert reply_prefix(subject) == ""
    assert "fake_reply" not in codes(bulk(subject))


def test_strip_prefixes() -> None:
    assert strip_prefixes("RE : Fwd: TR:Devis Acme") == "Devis Acme"
    assert strip_prefixes("Réunion") == "Réunion"


def test_a_normal_french_business_mail_passes_clean() -> None:
    text = (
        "Bonjour {{ first_name | default('Madame, Monsieur') }},\n\n"
        "Suite à notre rencontre au salon de Lyon, je vous envoie comme convenu la "
        "présentation de notre offre de maintenance pour {{ organisation }}. Seriez-vous "
        "disponible jeudi pour en parler ?\n\nBien cordialement,\n{{ signature }}\n"
        "https://www.example.fr/maintenance\n{{ unsubscribe_url }}"
    )
    html = (
        "<p>Bonjour {{ first_name }},</p><p>Suite à notre rencontre au salon de Lyon, voici "
        'la <a href="https://www.example.fr/maintenance">présentation</a> promise.</p>'
    )
    findings = bulk(
        "Votre maintenance, {{ first_name }} : la présentation promise", text, html
    )
    assert findings == []


def test_a_normal_english_mail_passes_clean() -> None:
    text = (
        "Hello {{ first_name }},\n\nThanks for your time at the Berlin fair. As promised, "
        "the slides are at https://example.com/slides.\n\nBest regards,\n{{ signature }}"
    )
    assert (
        check_message(subject="The slides from Berlin", body_text=text, bulk=False)
        == []
    )


def test_bulk_without_personalisation_is_high() -> None:
    findings = bulk("Notre nouvelle offre", "Bonjour,\nvoici notre offre." + UNSUB)
    assert "no_personalisation" in codes(findings) and blocks(findings)
    # The sender's fields or the unsubscribe link alone are not personalisation.
    assert "no_personalisation" in codes(bulk("Offre", "{{ sender_name }}" + UNSUB))
    # In the subject counts.
    assert "no_personalisation" not in codes(
        bulk("Pour {{ organisation }}", "Texte." + UNSUB)
    )
    # A one-to-one mail is not required to use fields.
    assert "no_personalisation" not in codes(
        check_message(subject="Devis", body_text="Bonjour Marc", bulk=False)
    )


def test_bulk_unsubscribe() -> None:
    assert "no_unsubscribe" in codes(bulk("Devis", PERSONAL))
    assert "no_unsubscribe" not in codes(bulk("Devis", PERSONAL + UNSUB))
    assert "no_unsubscribe" in codes(
        check_message(
            subject="Devis",
            body_text=PERSONAL + UNSUB,
            bulk=True,
            has_unsubscribe=False,
        )
    )
    assert "no_unsubscribe" not in codes(
        check_message(
            subject="Devis", body_text=PERSONAL, bulk=True, has_unsubscribe=True
        )
    )
    html = f'<p>{PERSONAL}</p><a href="{{{{ unsubscribe_url }}}}">Se désinscrire</a>'
    assert "no_unsubscribe" not in codes(bulk("Devis", "", html))


@pytest.mark.parametrize(
    ("subject", "code"),
    [
        ("OFFRE SPÉCIALE POUR VOUS", "subject_capitals"),
        ("URGENT: READ THIS NOW", "subject_capitals"),
        ("Incroyable !!!", "subject_punctuation"),
        ("Vraiment ???", "subject_punctuation"),
        ("Nouveau ! Enfin !", "subject_punctuation"),
        ("What?!", "subject_punctuation"),
    ],
)
def test_shouting_subjects(subject: str, code: str) -> None:
    finding = next(f for f in bulk(subject) if f.code == code)
    assert finding.severity == "medium"


@pytest.mark.parametrize(
    "subject",
    [
        "Point RGPD avec ACME et la CNIL",
        "Votre devis SNCF",
        "OK",
        "Bonjour !",
        "Prêt pour jeudi ?",
    ],
)
def test_acronyms_and_french_punctuation_are_not_shouting(subject: str) -> None:
    assert not codes(bulk(subject)) & {"subject_capitals", "subject_punctuation"}


@pytest.mark.parametrize(
    ("text", "phrase", "severity"),
    [
        ("C'est 100 % GRATUIT… non, 100% Gratuit !", "100% Gratuit", "medium"),
        ("Cliquez ICI pour en profiter", "Cliquez ICI", "medium"),
        ("Une offre exclusive réservée", "offre exclusive", "medium"),
        ("Essai sans engagement", "sans engagement", "medium"),
        ("Derniere chance", "Derniere chance", "medium"),
        ("Dernière chance", "Dernière chance", "medium"),
        ("Act now before it ends", "Act now", "medium"),
        ("CLICK HERE", "CLICK HERE", "medium"),
        ("Free money for all", "Free money", "medium"),
        ("For a limited time only", "limited time", "medium"),
        ("Try it risk-free today", "risk-free", "medium"),
        ("Earn $$$ today", "$$$", "medium"),
        ("Une livraison gratuite", "gratuite", "low"),
        ("You are the winner", "winner", "low"),
    ],
)
def test_spammy_phrases(text: str, phrase: str, severity: str) -> None:
    found = [
        f for f in bulk("Devis", PERSONAL + text + UNSUB) if f.code == "spammy_phrase"
    ]
    assert any(phrase in f.message and f.severity == severity for f in found), found
    assert any(phrase in f.excerpt for f in found)


def test_a_longer_phrase_wins_over_the_word_inside_it() -> None:
    found = [
        f
        for f in bulk("Devis", PERSONAL + "100% gratuit" + UNSUB)
        if f.code == "spammy_phrase"
    ]
    assert len(found) == 1 and found[0].severity == "medium"


def test_phrases_need_whole_words() -> None:
    # "free" inside "freelance", "urgent" inside "urgentiste", "promo" inside "promotion".
    text = (
        PERSONAL
        + "Nous cherchons un freelance, un urgentiste et parlons de votre promotion."
        + UNSUB
    )
    assert "spammy_phrase" not in codes(bulk("Devis", text))


def test_the_phrase_list_is_bilingual_and_large_enough() -> None:
    assert len(PHRASES) >= 60
    assert {"gratuit", "cliquez ici", "click here", "act now", "$$$"} <= PHRASES.keys()
    assert all(p == p.lower() for p in PHRASES)


@pytest.mark.parametrize(
    "url",
    [
        "https://bit.ly/3xYz",
        "http://tinyurl.com/abc",
        "https://t.co/xyz",
        "https://goo.gl/abc",
        "ow.ly/abc",
        "https://is.gd/abc",
        "https://buff.ly/abc",
        "https://rebrand.ly/abc",
        "https://cutt.ly/abc",
        "https://shorturl.at/abc",
        "https://tiny.cc/abc",
    ],
)
def test_url_shorteners(url: str) -> None:
    url = url if url.startswith("http") else "https://" + url
    text = f"{PERSONAL}Voir {url}.{UNSUB}"
    found = [f for f in bulk("Devis", text) if f.code == "url_shortener"]
    assert found and found[0].severity == "medium" and url in found[0].excerpt
    html = f'<p>Bonjour {{{{ first_name }}}}, voir <a href="{url}">la page du salon</a>.</p>'
    assert "url_shortener" in codes(bulk("Devis", UNSUB, html))


def test_similar_domains_are_not_shorteners() -> None:
    text = (
        PERSONAL
        + "https://bitly.example.org/x https://ant.com/x https://www.tinyurl-review.fr"
        + UNSUB
    )
    assert "url_shortener" not in codes(bulk("Devis", text))


def test_a_link_showing_another_domain_than_its_target() -> None:
    html = '<p>Bonjour {{ first_name }}</p><a href="https://evil.example/login">www.mabanque.fr</a>'
    found = [f for f in bulk("Devis", UNSUB, html) if f.code == "link_text_mismatch"]
    assert found and "evil.example" in found[0].message
    same = '<p>Bonjour {{ first_name }}</p><a href="https://www.example.fr/x">example.fr</a>'
    words = (
        '<p>Bonjour {{ first_name }}</p><a href="https://evil.example/">notre site</a>'
    )
    assert "link_text_mismatch" not in codes(bulk("Devis", UNSUB, same))
    assert "link_text_mismatch" not in codes(bulk("Devis", UNSUB, words))


def test_too_many_links_and_ip_links() -> None:
    links = " ".join(f"https://example.com/page{i}" for i in range(12))
    assert "too_many_links" in codes(bulk("Devis", PERSONAL + links + UNSUB))
    assert "ip_link" in codes(
        bulk("Devis", PERSONAL + "http://192.0.2.7/offre" + UNSUB)
    )


def test_image_only_html() -> None:
    html = '<a href="https://example.com"><img src="https://example.com/promo.png"></a>{{ first_name }}'
    assert "image_only" in codes(bulk("Devis", UNSUB, html))
    with_text = '<p>Bonjour {{ first_name }}, voici le plan du stand où nous vous attendons jeudi.</p><img src="https://example.com/plan.png">'
    assert "image_only" not in codes(bulk("Devis", UNSUB, with_text))


def test_empty_subject_and_body_are_high() -> None:
    findings = check_message(subject="  ", body_text="", bulk=False)
    assert {"empty_subject", "empty_body"} <= codes(findings)
    assert all(f.severity == "high" for f in findings if f.code.startswith("empty"))


def test_findings_are_sorted_most_severe_first() -> None:
    findings = bulk("RE: OFFRE GRATUITE!!!", "Cliquez ici")
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[f.severity] for f in findings] == sorted(
        order[f.severity] for f in findings
    )


def test_blocks_follows_the_setting(settings) -> None:
    high = [Finding("fake_reply", "high", "x")]
    assert blocks(high)
    assert not blocks([Finding("spammy_phrase", "medium", "x")])
    settings.RELAIS_CHECK_BLOCK = False
    assert not blocks(high)


def test_messages_are_translated() -> None:
    with translation.override("fr"):
        finding = next(f for f in bulk("RE: devis") if f.code == "fake_reply")
    assert "réponse" in finding.message or "transfert" in finding.message


def test_broken_html_and_odd_input_do_not_raise() -> None:
    for html in ["<a href='", "<<<>>>", "<a href='http://[::1'>x</a>", "<img", "\x00"]:
        check_message(subject="Devis {{", body_text="{{", body_html=html, bulk=True)


def test_the_follow_up_cap_setting_is_read_or_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from relais.settings import _follow_up_cap

    assert _follow_up_cap("2/30") == (2, 30)
    assert _follow_up_cap(" 3/14 ") == (3, 14)
    assert _follow_up_cap("off") is None and _follow_up_cap("0") is None
    for bad in ("2", "two/30", "2/0", "-1/30", "2/30/1"):
        with pytest.raises(ImproperlyConfigured, match="RELAIS_FOLLOW_UP_CAP"):
            _follow_up_cap(bad)


def test_words_inside_addresses_are_not_phrases() -> None:
    text = (
        PERSONAL + "Le programme : https://example.com/free-trial/cliquez-ici" + UNSUB
    )
    assert "spammy_phrase" not in codes(bulk("Devis", text))


def test_link_words_that_only_look_like_domains() -> None:
    words = '<p>Bonjour {{ first_name }}</p><a href="https://nodejs.org/">Node.js</a>'
    assert "link_text_mismatch" not in codes(bulk("Devis", UNSUB, words))
    shown = '<p>Bonjour {{ first_name }}</p><a href="https://evil.example/">https://www.impots.gouv.fr/</a>'
    assert "link_text_mismatch" in codes(bulk("Devis", UNSUB, shown))
