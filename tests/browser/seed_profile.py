"""A contact who has written to us in a brisk, figures-first style (a writer of the style
corpus), for the profile browser test: ``python seed_profile.py EMAIL`` prints the contact's
id, the number of messages and the path of their questionnaire link."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import django

django.setup()

from relais.accounts.models import User  # noqa: E402
from relais.contacts import services  # noqa: E402
from relais.insight.services import questionnaire_url  # noqa: E402
from relais.insight.style_training import read_corpus  # noqa: E402
from relais.timeline import services as timeline  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "data" / "style"


def main(email: str) -> str:
    me = User.objects.get(email=email)
    contact = services.create_contact(
        actor=me,
        source=services.Source.manual("web"),
        first_name="Olga",
        last_name="Brandt",
        points=[services.PointInput("email", "olga.brandt@halden.example")],
    )
    writer = next(w for w in read_corpus(CORPUS) if w.id == "en-04")
    for text in writer.texts:
        timeline.log_interaction(
            actor=me,
            channel="email",
            direction="in",
            contacts={contact: "from"},
            body=text,
        )
    path = urlsplit(questionnaire_url(contact, actor=me)).path
    return f"{contact.pk} {len(writer.texts)} {path}"


if __name__ == "__main__":
    print(main(sys.argv[1]))
