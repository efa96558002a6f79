"""Bounces and replies as mail servers write them, for the bounce-reading tests.

RFC 3464 reports as Postfix, Gmail and Exchange Online send them, plus bounces that are not
RFC 3464: Exim's plain-text "Mail delivery failed", and the French "Message non remis /
Adresse introuvable" a webmail provider sends, with the original headers quoted in the body.
Also a reply, an out-of-office auto-reply and an unrelated message. Each returns bytes.
"""

from __future__ import annotations

import mailbox
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

FROM = "lea.roux@brasserie-armor.fr"
DATE = "Sun, 29 Nov 2026 10:15:00 +0100"


def original(
    message_id: str, to: str, subject: str = "Nos tarifs 2027"
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Léa Roux <{FROM}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = DATE
    message["Message-ID"] = f"<{message_id}>"
    message.set_content("Bonjour,\nvoici nos tarifs 2027.\nLéa")
    return message


def _status_part(blocks: list[list[tuple[str, str]]]) -> MIMEBase:
    part = MIMEBase("message", "delivery-status")
    fields = []
    for block in blocks:
        entry = Message()
        for name, value in block:
            entry[name] = value
        fields.append(entry)
    part.set_payload(fields)
    return part


def _report(
    sender: str,
    subject: str,
    human: str,
    blocks: list[list[tuple[str, str]]],
    returned: EmailMessage,
    *,
    headers_only: bool,
) -> bytes:
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = sender
    report["To"] = FROM
    report["Subject"] = subject
    report["Date"] = DATE
    report["Auto-Submitted"] = "auto-replied"
    report.attach(MIMEText(human, "plain", "utf-8"))
    report.attach(_status_part(blocks))
    if headers_only:
        headers = "".join(f"{k}: {v}\n" for k, v in returned.items())
        report.attach(MIMEText(headers, "rfc822-headers", "utf-8"))
    else:
        report.attach(MIMEMessage(returned))
    return report.as_bytes()


def postfix_hard(message_id: str, to: str) -> bytes:
    """Postfix: 5.1.1 user unknown, the returned message's headers only."""
    return _report(
        "MAIL-DAEMON@mx.brasserie-armor.fr (Mail Delivery System)",
        "Undelivered Mail Returned to Sender",
        "This is the mail system at host mx.brasserie-armor.fr.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n",
        [
            [("Reporting-MTA", "dns; mx.brasserie-armor.fr"), ("Arrival-Date", DATE)],
            [
                ("Final-Recipient", f"rfc822; {to}"),
                ("Original-Recipient", f"rfc822;{to}"),
                ("Action", "failed"),
                ("Status", "5.1.1"),
                ("Remote-MTA", "dns; mx.exemple.fr"),
                (
                    "Diagnostic-Code",
                    f"smtp; 550 5.1.1 <{to}>: Recipient address rejected: User unknown",
                ),
            ],
        ],
        original(message_id, to),
        headers_only=True,
    )


def gmail_hard(message_id: str, to: str) -> bytes:
    """Gmail: "Delivery Status Notification (Failure)", the whole message returned."""
    return _report(
        "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        "Delivery Status Notification (Failure)",
        f"Address not found\n\nYour message wasn't delivered to {to} because the address "
        "couldn't be found, or is unable to receive mail.\n",
        [
            [("Reporting-MTA", "dns; googlemail.com")],
            [
                ("Final-Recipient", f"rfc822; {to}"),
                ("Action", "failed"),
                ("Status", "5.1.1"),
                (
                    "Diagnostic-Code",
                    "smtp; 550-5.1.1 The email account that you tried to reach does not exist.",
                ),
            ],
        ],
        original(message_id, to),
        headers_only=False,
    )


def outlook_soft(message_id: str, to: str) -> bytes:
    """Exchange Online: mailbox full, 4.2.2, delayed."""
    return _report(
        "Microsoft Outlook <postmaster@outlook.com>",
        "Delivery delayed: Nos tarifs 2027",
        "Delivery is delayed to these recipients or groups: the recipient's mailbox is full.\n",
        [
            [("Reporting-MTA", "dns;AM0PR01MB1234.eurprd01.prod.outlook.com")],
            [
                ("Final-Recipient", f"rfc822;{to}"),
                ("Action", "delayed"),
                ("Status", "4.2.2"),
                ("Diagnostic-Code", "smtp;452 4.2.2 Mailbox full"),
            ],
        ],
        original(message_id, to),
        headers_only=False,
    )


def exim_hard_text(message_id: str, to: str) -> bytes:
    """Exim's plain-text bounce (not RFC 3464): the copy of the message follows the error."""
    message = EmailMessage()
    message["From"] = "Mail Delivery System <Mailer-Daemon@mail.exemple.net>"
    message["To"] = FROM
    message["Subject"] = "Mail delivery failed: returning message to sender"
    message["Date"] = DATE
    copy = "".join(f"{k}: {v}\n" for k, v in original(message_id, to).items())
    message.set_content(
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        f"  {to}\n    host mx.exemple.net [192.0.2.25]\n"
        f"    SMTP error from remote mail server after RCPT TO:<{to}>:\n"
        "    550 No such user here\n\n"
        "------ This is a copy of the message, including all the headers. ------\n\n"
        + copy
        + "\nBonjour,\nvoici nos tarifs 2027.\n"
    )
    return message.as_bytes()


def french_hard_text(message_id: str, to: str) -> bytes:
    """A French webmail's bounce: "Adresse introuvable", no status code, headers quoted."""
    message = EmailMessage()
    message["From"] = "postmaster@orange.fr"
    message["To"] = FROM
    message["Subject"] = "Message non remis : Nos tarifs 2027"
    message["Date"] = DATE
    copy = "".join(f"{k}: {v}\n" for k, v in original(message_id, to).items())
    message.set_content(
        "Votre message n'a pas pu être remis au destinataire suivant :\n\n"
        f"{to}\nAdresse introuvable : ce compte n'existe pas ou a été supprimé.\n\n"
        "--- En-têtes du message d'origine ---\n" + copy
    )
    return message.as_bytes()


def reply(message_id: str, from_: str, *, auto: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = from_
    message["To"] = FROM
    message["Subject"] = (
        "Réponse automatique : Nos tarifs 2027" if auto else "Re: Nos tarifs 2027"
    )
    message["Date"] = DATE
    message["Message-ID"] = f"<reply-{message_id}>"
    message["In-Reply-To"] = f"<{message_id}>"
    message["References"] = f"<{message_id}>"
    if auto:
        message["Auto-Submitted"] = "auto-replied"
        message.set_content("Je suis absente jusqu'au 4 décembre.")
    else:
        message.set_content("Merci Léa, pouvez-vous m'appeler mardi ?\n\n> Bonjour,")
    return message.as_bytes()


def unrelated() -> bytes:
    message = EmailMessage()
    message["From"] = "newsletter@exemple.org"
    message["To"] = FROM
    message["Subject"] = "Les nouveautés de novembre"
    message["Message-ID"] = "<news-42@exemple.org>"
    message.set_content("Bonjour !")
    return message.as_bytes()


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(path, create=True)
    for raw in messages:
        box.add(mailbox.mboxMessage(raw))
    box.flush()
    box.close()
    return path


def write_maildir(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for raw in messages:
        box.add(mailbox.MaildirMessage(raw))
    box.close()
    return path
