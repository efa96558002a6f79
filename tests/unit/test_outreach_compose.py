"""The MIME message of a delivery, parsed back with the standard library's parser."""

from __future__ import annotations

import email
import email.policy

from relais.outreach.services.compose import Sender, compose, new_message_id
from relais.outreach.services.render import RenderedMessage

SENDER = Sender(
    "Zoë Œuvre-Café", "zoe@relais.test", "zoe@relais.test", "bounce@relais.test"
)


def _parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def test_non_ascii_headers_and_bodies_come_back_as_written():
    subject = "Réunion à Saint-Étienne : l'été des coopératives " * 4
    text = "Bonjour Hélène,\n\nUne ligne très longue " + "é" * 300 + "\n.\nFin\n"
    composed = compose(
        delivery_id=42,
        rendered=RenderedMessage(subject.strip(), text, "<p>Hélène &amp; Cie</p>"),
        sender=SENDER,
        to_email="helene@acme.fr",
        to_name='Hélène "H" Lefèvre',
        message_id="abc.1@relais.test",
    )
    assert all(len(line) <= 998 for line in composed.data.split(b"\r\n"))
    assert b"\n" not in composed.data.replace(b"\r\n", b"")  # CRLF only
    message = _parse(composed.data)
    assert message["Subject"] == " ".join(subject.split())
    assert message["From"].addresses[0].display_name == "Zoë Œuvre-Café"
    assert message["To"].addresses[0].display_name == 'Hélène "H" Lefèvre'
    assert message["To"].addresses[0].addr_spec == "helene@acme.fr"
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.startswith(text.rstrip("\n").split("\n.")[0])
    assert (
        message.get_body(("html",)).get_content().startswith("<p>Hélène &amp; Cie</p>")
    )


def test_a_personal_message_has_no_bulk_headers_nor_tracking():
    composed = compose(
        delivery_id=7,
        rendered=RenderedMessage("Suite", "Voir https://example.org/x", ""),
        sender=SENDER,
        to_email="a@b.fr",
        to_name="A",
        message_id="m@relais.test",
        bulk=False,
    )
    message = _parse(composed.data)
    assert message["List-Unsubscribe"] is None and composed.links == []
    assert "https://example.org/x" in message.get_content()


def test_message_ids_are_unique_and_in_the_senders_domain():
    ids = {new_message_id("marc@acme.fr") for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(i.endswith("@acme.fr") and "<" not in i for i in ids)
