"""Reading mail from an IMAP account, against a real Dovecot on loopback (tests/imap_server.py).

No database: the reader only streams records. Messages are put in with IMAP APPEND, in French
and English, then read back through ``read_imap`` and ``read_path``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from email.message import EmailMessage

import pytest

from relais.ingest.readers import (
    MessageRecord,
    ReadError,
    Record,
    imap,
    inspect_path,
    read_path,
)
from relais.mail import imap as mail_imap
from tests import imap_server
from tests.fixtures_gen import mail

RECEIVED = "10-Jun-2024 09:30:00 +0200"  # INTERNALDATE of every appended message
RECEIVED_AT = dt.datetime(2024, 6, 10, 7, 30, tzinfo=dt.UTC)


def _with_attachment() -> bytes:
    message = EmailMessage()
    message["From"] = "Kate Smith <kate@globex.co.uk>"
    message["To"] = "Marc Membre <marc@relais.test>, Ana <ana@relais.test>"
    message["Cc"] = "=?utf-8?q?Ren=C3=A9e_L=C3=A9vy?= <renee@example.fr>"
    message["Subject"] = "Slides from the workshop — café débrief"
    message["Message-ID"] = "<kate-slides@globex.co.uk>"
    # No Date header: the server's INTERNALDATE stands in.
    message.set_content("Hi Marc,\n\nPlease find the slides attached.\n\nKate")
    message.add_attachment(
        b"%PDF-1.4 not really a pdf\n" * 200,
        maintype="application",
        subtype="pdf",
        filename="atelier-été.pdf",
    )
    return message.as_bytes()


def _messages() -> list[bytes]:
    return [data for data, _ in mail.thread()] + [
        mail.RAW_ENCODED,
        _with_attachment(),
    ]


EXPECTED_IDS = [e.message_id for _, e in mail.thread()] + [
    None,  # RAW_ENCODED has no Message-ID: a digest
    "kate-slides@globex.co.uk",
]


@pytest.fixture(scope="module")
def server() -> Iterator[imap_server.ImapServer]:
    with imap_server.dovecot() as running:
        running.append("INBOX", [(m, RECEIVED) for m in _messages()])
        yield running


@pytest.fixture(scope="module")
def tls_server() -> Iterator[imap_server.ImapServer]:
    with imap_server.dovecot(tls=True) as running:
        running.append("INBOX", [(mail.thread()[0][0], RECEIVED)])
        yield running


@pytest.fixture(autouse=True)
def _no_password_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(imap.PASSWORD_VARIABLE, raising=False)


def _read(
    server: imap_server.ImapServer, url: str | None = None, **options: object
) -> list[Record]:
    options.setdefault("password", lambda: server.password)
    return list(imap.read_imap(url or server.url(), **options))  # type: ignore[arg-type]


def _messages_of(records: list[Record]) -> list[MessageRecord]:
    assert all(isinstance(r, MessageRecord) for r in records), records
    return [r for r in records if isinstance(r, MessageRecord)]


# --- Reading a mailbox ------------------------------------------------------------------


def test_every_message_is_read_in_uid_order_with_its_message_id(server):
    found = _messages_of(_read(server, workspace_emails=[mail.WORKSPACE]))
    assert [r.record_number for r in found] == list(range(1, 8))
    ids = [r.external_id for r in found]
    assert ids[:5] + ids[6:] == EXPECTED_IDS[:5] + EXPECTED_IDS[6:]
    assert ids[5].startswith("sha1:")
    assert {r.channel for r in found} == {"email"}


def test_the_source_is_named_by_the_address_and_uidvalidity_never_the_password(server):
    found = _messages_of(_read(server))
    names = {r.source_name for r in found}
    assert len(names) == 1
    (name,) = names
    assert name.startswith(f"imap://ana@127.0.0.1:{server.port}/INBOX;UIDVALIDITY=")
    assert int(name.rsplit("=", 1)[1]) > 0
    assert server.password not in name


def test_subjects_are_decoded_and_people_named(server):
    found = _messages_of(_read(server))
    assert [r.subject for r in found] == [
        "Devis pour le salon",
        "Re: Devis pour le salon",
        "Meeting next week",
        "Nos nouveautés",
        "Réunion de lancement",
        "Réunion de suivi, été",
        "Slides from the workshop — café débrief",
    ]
    fred, _, _, news, helene, jean, kate = found
    assert fred.sender is not None and fred.sender.name == "Frédéric Canevet"
    assert [(p.role, p.address) for p in fred.recipients] == [("to", mail.WORKSPACE)]
    assert helene.sender is not None and helene.sender.name == "Hélène Lefèvre"
    assert jean.sender is not None and jean.sender.name == "Dupont, Jean"
    assert [(p.role, p.name) for p in jean.recipients] == [
        ("to", "Renée"),
        ("to", ""),
        ("cc", "Bob O'Brien"),
    ]
    assert [(p.role, p.address, p.name) for p in kate.recipients] == [
        ("to", "marc@relais.test", "Marc Membre"),
        ("to", "ana@relais.test", "Ana"),
        ("cc", "renee@example.fr", "Renée Lévy"),
    ]
    assert news.automated and not fred.automated


def test_bodies_signatures_and_dates_come_as_for_any_mailbox(server):
    found = _messages_of(_read(server, workspace_emails=[mail.WORKSPACE]))
    fred, marc, kate_html, news, helene, jean, kate = found
    assert fred.signature is not None
    assert fred.signature.fields["title"] == "Directeur commercial"
    assert ("+33 (0)6 12 34 56 78", "mobile") in [
        (p.value, p.label) for p in fred.signature.points
    ]
    assert "Pouvez-vous" in fred.body  # the quoted reply is kept in the body
    assert marc.signature is None  # the workspace's own mail
    assert "Tuesday works for me." in kate_html.body  # HTML only, as text
    assert kate_html.signature is not None
    assert kate_html.signature.fields["organisation"] == "Globex Ltd"
    assert news.signature is None
    assert helene.signature is not None
    assert "Voilà le compte rendu." in jean.body
    assert kate.body == "Hi Marc,\n\nPlease find the slides attached.\n\nKate"
    assert fred.occurred_at == dt.datetime(2024, 6, 4, 10, 12, tzinfo=dt.UTC)
    assert kate.occurred_at == RECEIVED_AT  # no Date header: INTERNALDATE


def test_reading_leaves_every_message_unread(server):
    _read(server)
    flags = server.flags()
    assert sorted(flags) == list(range(1, 8))
    assert not [uid for uid, found in flags.items() if "\\Seen" in found]


def test_read_path_takes_an_imap_address(server):
    via_path = list(read_path(server.url(), password=lambda: server.password))
    assert via_path == _read(server)


def test_inspect_path_previews_the_first_messages(server):
    (preview,) = inspect_path(server.url(), sample=2, password=lambda: server.password)
    assert preview.format == "imap"
    assert preview.description == imap.DESCRIPTION
    assert [r.record_number for r in preview.records] == [1, 2]
    assert preview.source_name.startswith(server.url() + ";UIDVALIDITY=")


def test_the_password_may_come_from_the_environment(server, monkeypatch):
    monkeypatch.setenv("RELAIS_IMAP_PASSWORD", server.password)
    asked = []
    found = _read(server, password=lambda: asked.append(1) or "wrong")
    assert len(found) == 7
    assert asked == []  # the environment wins: no prompt


def test_small_batches_give_the_same_records(server, monkeypatch):
    whole = _read(server)
    monkeypatch.setattr(mail_imap, "BATCH_MESSAGES", 2)
    assert _read(server) == whole
    monkeypatch.setattr(mail_imap, "BATCH_MESSAGES", 200)
    monkeypatch.setattr(mail_imap, "BATCH_BYTES", 1)  # one message per batch
    assert _read(server) == whole


def test_stopping_early_logs_out(server):
    reading = imap.read_imap(server.url(), password=lambda: server.password)
    first = list(itertools.islice(reading, 1))
    reading.close()
    assert [r.record_number for r in first] == [1]


# --- Incremental re-imports --------------------------------------------------------------


def _validity(server: imap_server.ImapServer) -> int:
    return int(_read(server)[0].source_name.rsplit("=", 1)[1])


def test_since_uid_reads_only_newer_messages(server):
    numbers = [r.record_number for r in _messages_of(_read(server, since_uid=5))]
    assert numbers == [6, 7]


def test_since_the_last_uid_there_is_nothing_new(server):
    # "8:*" would name the last message (RFC 3501): it must not come back.
    assert _read(server, since_uid=7) == []
    assert _read(server, since_uid=100) == []


def test_since_uid_counts_only_in_the_same_uidvalidity(server):
    validity = _validity(server)
    assert len(_read(server, since_uid=5, uidvalidity=validity)) == 2
    assert len(_read(server, since_uid=5, uidvalidity=validity + 1)) == 7


# --- Other mailboxes ----------------------------------------------------------------------


def test_a_mailbox_with_accents_is_named_in_modified_utf7(server):
    server.append("Envoy&AOk-s", [(mail.thread()[1][0], RECEIVED)])
    (record,) = _messages_of(_read(server, server.url("Envoy%C3%A9s")))
    assert record.external_id == "marc-2@relais.test"
    assert record.source_name.startswith(
        f"imap://ana@127.0.0.1:{server.port}/Envoyés;UIDVALIDITY="
    )


def test_an_empty_mailbox_gives_nothing(server):
    server.append("Vide", [])
    assert _read(server, server.url("Vide")) == []


# --- Errors: one clear line ------------------------------------------------------------------


def test_a_wrong_password_is_a_clear_error():
    # A server of its own: after a failed login Dovecot delays the next ones from 127.0.0.1.
    with imap_server.dovecot() as server, pytest.raises(ReadError) as caught:
        _read(server, password=lambda: "not-the-password")
    assert str(caught.value) == f"{server.url()}: login failed (Authentication failed.)"
    assert "not-the-password" not in str(caught.value)


def test_an_unknown_mailbox_is_a_clear_error(server):
    with pytest.raises(ReadError) as caught:
        _read(server, server.url("Nope"))
    assert str(caught.value) == (
        f"{server.url('Nope')}: cannot open mailbox 'Nope' (Mailbox doesn't exist: Nope)"
    )


def test_no_password_is_a_clear_error():
    with pytest.raises(ReadError, match="no password: set RELAIS_IMAP_PASSWORD"):
        list(imap.read_imap("imaps://ana@mail.example/INBOX"))


def test_a_refused_connection_is_a_clear_error():
    port = imap_server._free_port()  # nothing listens there
    with pytest.raises(ReadError) as caught:
        list(
            imap.read_imap(
                f"imap://ana@127.0.0.1:{port}/INBOX", password=lambda: "x", timeout=5
            )
        )
    assert str(caught.value) == (
        f"imap://ana@127.0.0.1:{port}/INBOX: connection refused by 127.0.0.1:{port}"
    )


def test_plain_imap_to_a_distant_server_without_starttls_is_refused(
    server, monkeypatch
):
    monkeypatch.setattr(mail_imap.Account, "loopback", property(lambda self: False))
    with pytest.raises(
        ReadError, match="offers no TLS .* refusing to send the password"
    ):
        _read(server)
    assert len(_read(server, allow_insecure=True)) == 7


# --- TLS ---------------------------------------------------------------------------------------


def test_imaps_reads_through_tls(tls_server):
    (record,) = _messages_of(
        _read(
            tls_server, tls_server.url(tls=True), ssl_context=tls_server.ssl_context()
        )
    )
    assert record.external_id == "fred-1@acme-industries.fr"
    assert record.source_name.startswith(
        f"imaps://ana@127.0.0.1:{tls_server.tls_port}/INBOX;UIDVALIDITY="
    )


def test_an_untrusted_certificate_is_a_clear_error(tls_server):
    with pytest.raises(ReadError) as caught:
        _read(tls_server, tls_server.url(tls=True))
    assert str(caught.value) == (
        f"{tls_server.url(tls=True)}: TLS failed: self-signed certificate"
    )


def test_plain_imap_upgrades_with_starttls_when_offered(tls_server):
    # Without the certificate trusted, the upgrade fails: so STARTTLS was used...
    with pytest.raises(ReadError, match="TLS failed"):
        _read(tls_server)
    # ...and with it, the login happens inside TLS.
    assert len(_read(tls_server, ssl_context=tls_server.ssl_context())) == 1
    logins = [
        line for line in tls_server.log().splitlines() if "Login: user=<ana>" in line
    ]
    assert "TLS" in logins[-1]


# --- Addresses ----------------------------------------------------------------------------------


def test_addresses_are_taken_apart():
    account = imap.parse_url("imaps://ana%40example.org@mail.example/Envoy%C3%A9s")
    assert account == mail_imap.Account(
        True, "ana@example.org", "mail.example", 993, "Envoyés"
    )
    assert account.name == "imaps://ana@example.org@mail.example/Envoyés"
    plain = imap.parse_url("imap://ana@[::1]:1143")
    assert (plain.port, plain.mailbox, plain.loopback) == (1143, "INBOX", True)
    assert plain.name == "imap://ana@[::1]:1143/INBOX"
    assert imap.parse_url("imap://ana@localhost/INBOX").loopback
    assert not imap.parse_url("imap://ana@10.0.0.5/INBOX").loopback  # private, allowed
    assert imap.is_imap_url("IMAPS://ana@x/INBOX")
    assert not imap.is_imap_url("/home/ana/imap.mbox")


@pytest.mark.parametrize(
    ("url", "error"),
    [
        (
            "imaps://ana:s3cret@mail.example/INBOX",
            "imaps://ana@mail.example: do not write the password in the address: "
            "set RELAIS_IMAP_PASSWORD",
        ),
        (
            "imaps://mail.example/INBOX",
            "imaps://mail.example: no user name in the address",
        ),
        (
            "imaps://ana@mail.example:99999/INBOX",
            "imaps://ana@mail.example: invalid port",
        ),
        ("imaps://ana@mail.example/INBOX?x=1", "imaps://ana@mail.example: unexpected"),
    ],
)
def test_bad_addresses_are_clear_errors(url, error):
    with pytest.raises(ReadError) as caught:
        imap.parse_url(url)
    assert str(caught.value).startswith(error)
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("INBOX", "INBOX"),
        ("Envoyés", "Envoy&AOk-s"),
        ("R&D", "R&-D"),
        (
            "~peter/mail/台北/日本語",
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-",
        ),  # RFC 3501's example
    ],
)
def test_mailbox_names_in_modified_utf7(name, encoded):
    assert imap.mailbox_utf7(name) == encoded


def test_uid_sets_are_compact():
    assert mail_imap._uid_set([1, 2, 3, 7, 9, 10]) == "1:3,7,9:10"
    assert mail_imap._uid_set([4]) == "4"


def test_internaldate_is_read_without_the_locale():
    meta = b'1 (UID 3 INTERNALDATE " 7-Jun-2024 09:30:00 -0130" BODY[] {12}'
    assert mail_imap._internaldate(meta) == dt.datetime(
        2024, 6, 7, 11, 0, tzinfo=dt.UTC
    )
