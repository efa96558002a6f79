# The shared fixtures are imported by name, so pytest finds them; tests reuse the names.

"""Right to erasure: after ``erase_person`` no text or JSON column of any table holds the
person's names, emails or phones (scanned generically, every model), re-importing the
original files does not bring them back, and the report says it skipped them."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from django.apps import apps
from django.db import connection, models

from relais.audit.models import AuditEntry
from relais.contacts import services
from relais.contacts.models import Contact, ContactPoint
from relais.core.errors import Forbidden, NotFound
from relais.ingest.services import run_import
from relais.privacy.models import Erasure, SuppressedIdentifier
from relais.privacy.services.erasure import erase_person
from relais.privacy.services.suppression import REASON
from relais.timeline.models import Interaction
from tests.fixtures_gen.privacy import ANAIS

pytestmark = pytest.mark.django_db(transaction=True)

FORBIDDEN_TEXTS = [
    "Anaïs Vandenbroucke-Lefèvre",
    "Vandenbroucke-Lefèvre",
    "VANDENBROUCKE-LEFÈVRE",
    "anais.vandenbroucke@ateliers-reunis.fr",
    "anais.v.perso@gmail.com",
    "+33671234589",
    "+33145678912",
    "06 71 23 45 89",
    "01 45 67 89 12",
]
# Folded forms, as search structures keep them (a word nobody else in the base bears).
FORBIDDEN_FOLDED = ["vandenbroucke"]
# Phones whatever the separators: 06.71.23.45.89, +33 (0)6 71 23 45 89…
FORBIDDEN_DIGITS = ["671234589", "145678912"]


def scan_database() -> list[str]:
    """Every text, char and JSON value of every row of every model holding a forbidden value."""
    digit_patterns = [
        re.compile(r"[^0-9A-Za-z]{0,3}".join(d)) for d in FORBIDDEN_DIGITS
    ]
    found = []
    for model in apps.get_models():
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not columns or model._meta.proxy:
            continue
        for values in model._default_manager.values_list("pk", *columns):
            for name, value in zip(columns, values[1:], strict=True):
                if value is None:
                    continue
                text = (
                    value
                    if isinstance(value, str)
                    else json.dumps(value, ensure_ascii=False)
                )
                folded = text.casefold()
                for needle in FORBIDDEN_TEXTS:
                    if needle.casefold() in folded:
                        found.append(
                            f"{model._meta.label}.{name}#{values[0]}: {needle}"
                        )
                for pattern in digit_patterns:
                    if pattern.search(text):
                        found.append(f"{model._meta.label}.{name}#{values[0]}: phone")
    return found + scan_other_tables()


def scan_other_tables() -> list[str]:
    """The text columns of the tables no model describes (the search index's own tables:
    typo vocabulary, FTS5 shadow tables) holding a forbidden value, folded or not."""
    model_tables = {m._meta.db_table for m in apps.get_models()}
    needles = [n.casefold() for n in FORBIDDEN_TEXTS] + FORBIDDEN_FOLDED
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in model_tables or table.startswith(("django_", "auth_")):
                continue
            columns = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for name, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    if not isinstance(value, str):
                        continue
                    folded = value.casefold()
                    found += [f"{table}.{name}: {n}" for n in needles if n in folded]
    return found


def test_erasure_leaves_no_trace_in_any_table(base, admin, files):
    assert scan_database(), "the scan finds nothing even before erasure: it is broken"
    keep = Contact.objects.exclude(last_name="Vandenbroucke-Lefèvre").count()
    erasure = erase_person(actor=admin, identifier="06 71 23 45 89")

    assert scan_database() == []
    assert Contact.objects.count() == keep  # the others are all still there
    assert erasure.counts["contacts"] == 2  # her and the archived duplicate
    assert erasure.counts["emails"] == 2 and erasure.counts["phones"] == 2
    assert SuppressedIdentifier.objects.count() == 4
    # The thread she only had with the team is gone; the one shared with Kate stays, redacted.
    assert not Interaction.objects.filter(subject="Commande de mars").exists()
    intro = Interaction.objects.get(subject="Intro")
    assert "[erased]" in intro.body and "Les Ateliers" in intro.body
    # Logged with counts, without her data.
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.changes["contacts"] == 2
    assert entry.changes["contact_ids"] == erasure.contact_ids
    assert Erasure.objects.count() == 1


def test_reimporting_the_original_files_does_not_bring_her_back(base, admin, files):
    erase_person(actor=admin, identifier="anais.vandenbroucke@ateliers-reunis.fr")
    before = Contact.objects.count()

    report = run_import(files)

    assert Contact.objects.count() == before
    assert not ContactPoint.objects.filter(normalized_value="+33671234589").exists()
    assert report.suppressed == 2  # her row in the table and her own message
    assert sum(1 for s in report.skipped if s["reason"] == REASON) == 2
    assert scan_database() == []


def test_only_an_admin_may_erase(base, workspace_user):
    with pytest.raises(Forbidden):
        erase_person(actor=workspace_user, identifier=ANAIS.email)
    assert Contact.objects.filter(last_name="Vandenbroucke-Lefèvre").count() == 2


def test_unknown_person_is_a_clear_error(db, admin):
    with pytest.raises(NotFound, match="nobody@example.com"):
        erase_person(actor=admin, identifier="nobody@example.com")


def test_erasure_does_not_touch_a_namesake(db, admin, make_contact):
    """Only full names and the person's own points are removed from others' text."""
    target = make_contact(
        first_name="Jean", last_name="Martin", emails=["jean.martin@exemple.fr"]
    )
    other = make_contact(
        first_name="Jeanne", last_name="Martin", emails=["jeanne@exemple.fr"]
    )
    services.add_note(
        actor=admin, contact=other, body="Jeanne Martin, cousine de Jean."
    )
    erase_person(actor=admin, identifier="jean.martin@exemple.fr")
    assert not Contact.objects.filter(pk=target.pk).exists()
    assert other.notes.get().body == "Jeanne Martin, cousine de Jean."


def test_uploaded_files_that_still_mention_them_are_counted(
    db, admin, make_contact, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    uploads = tmp_path / "uploads" / "0123456789abcdef"
    uploads.mkdir(parents=True)
    (uploads / "salon.csv").write_text("Prénom;E-mail\nJean;Jean.Martin@exemple.fr\n")
    (uploads / "autre.csv").write_text("Prénom;E-mail\nKate;kate@globex.co.uk\n")
    make_contact(
        first_name="Jean", last_name="Martin", emails=["jean.martin@exemple.fr"]
    )
    erasure = erase_person(actor=admin, identifier="jean.martin@exemple.fr")
    assert erasure.counts["uploaded_files_mentioning"] == 1
    assert (uploads / "salon.csv").exists()  # never rewritten: the admin decides


def test_a_linkedin_export_does_not_bring_them_back(base, admin, tmp_path):
    from tests.fixtures_gen.linkedin import write_export_zip

    anais = Contact.objects.get(points__normalized_value=ANAIS.email.lower())
    services.add_point(
        actor=admin,
        contact=anais,
        kind="linkedin",
        value=ANAIS.linkedin,
        source=services.Source.manual("cli"),
    )
    erase_person(actor=admin, identifier=ANAIS.email)
    # Her connection row has no email (LinkedIn often hides it): her profile alone identifies her.
    without_email = dataclasses.replace(ANAIS, email="")
    report = run_import([write_export_zip(tmp_path / "linkedin.zip", [without_email])])
    assert report.suppressed >= 1
    assert not Contact.objects.filter(last_name="Vandenbroucke-Lefèvre").exists()


def test_colleagues_sharing_an_address_or_switchboard_are_left_alone(
    db, admin, make_contact
):
    from relais.core.errors import InvalidInput

    jean = make_contact(
        first_name="Jean",
        last_name="Dupont",
        organisation="ACME Industries SAS",
        emails=["jean.dupont@acme-industries.fr", "contact@acme-industries.fr"],
        phones=["01 23 45 67 89"],
    )
    colleague = make_contact(
        first_name="Zoé",
        last_name="Bénard",
        organisation="ACME Industries SAS",
        emails=["contact@acme-industries.fr", "zoe.benard@acme-industries.fr"],
        phones=["01 23 45 67 89"],
    )
    services.add_note(
        actor=admin,
        contact=colleague,
        body="Standard : 01 23 45 67 89, contact@acme-industries.fr",
    )
    # A shared identifier does not say whose data to erase.
    with pytest.raises(InvalidInput, match="several people"):
        erase_person(actor=admin, identifier="contact@acme-industries.fr")
    with pytest.raises(InvalidInput, match="several people"):
        erase_person(actor=admin, identifier="01 23 45 67 89")

    erasure = erase_person(actor=admin, identifier="jean.dupont@acme-industries.fr")

    assert erasure.contact_ids == [jean.pk]
    colleague.refresh_from_db()
    assert set(colleague.points.values_list("normalized_value", flat=True)) == {
        "contact@acme-industries.fr",
        "zoe.benard@acme-industries.fr",
        "+33123456789",
    }
    assert (
        colleague.notes.get().body
        == "Standard : 01 23 45 67 89, contact@acme-industries.fr"
    )
    # Only his own address is suppressed: the team's address and line still import.
    assert SuppressedIdentifier.objects.count() == 1


def test_cli_asks_before_erasing(db, make_contact):
    from click.testing import CliRunner

    from relais.cli.commands import cli

    make_contact(
        first_name="Jean", last_name="Martin", emails=["jean.martin@exemple.fr"]
    )
    runner = CliRunner()
    refused = runner.invoke(
        cli, ["privacy", "erase", "jean.martin@exemple.fr"], input="n\n"
    )
    assert refused.exit_code == 1
    assert (
        "1 contact record(s)" in refused.output and "cannot be undone" in refused.output
    )
    assert Contact.objects.filter(last_name="Martin").exists()
    done = runner.invoke(cli, ["privacy", "erase", "jean.martin@exemple.fr", "--yes"])
    assert done.exit_code == 0, done.output
    assert "Erased (erasure #" in done.stdout and "Martin" not in done.stdout
    assert not Contact.objects.filter(last_name="Martin").exists()
