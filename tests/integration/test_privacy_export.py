"""Right of access: the export holds every row of every table that hangs on the person's
contacts (found generically, not from a hand-picked list), every interaction with its body,
the audit entries about them; by email or phone, from the CLI as JSON."""

# The shared fixtures are imported by name, so pytest finds them; tests reuse the names.

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from django.apps import apps
from django.db.models import Q

from relais.audit.models import AuditEntry
from relais.cli.commands import cli
from relais.contacts.models import Contact
from relais.core.errors import InvalidInput, NotFound
from relais.privacy.services.access import person_document, row
from relais.timeline.models import Interaction
from tests.fixtures_gen.privacy import ANAIS

pytestmark = pytest.mark.django_db(transaction=True)


def dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from dicts(item)
    elif isinstance(value, list):
        for item in value:
            yield from dicts(item)


def contains_row(document: dict[str, Any], expected: dict[str, Any]) -> bool:
    return any(
        all(k in d and d[k] == v for k, v in expected.items()) for d in dicts(document)
    )


def held_rows(ids: list[int]) -> list[tuple[str, dict[str, Any]]]:
    """Every row of every table with a foreign key to these contacts, as the database has it."""
    found = []
    for model in apps.get_models():
        if model._meta.auto_created:
            continue
        keys = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Contact
        ]
        if model is Contact:
            rows = Contact.objects.filter(pk__in=ids)
        elif keys:
            condition = Q()
            for key in keys:
                condition |= Q(**{f"{key}__in": ids})
            rows = model._default_manager.filter(condition)
        else:
            continue
        found += [(model._meta.label, row(obj)) for obj in rows]
    found += [
        ("timeline.Interaction", row(i))
        for i in Interaction.objects.filter(participants__contact_id__in=ids).distinct()
    ]
    found += [
        ("audit.AuditEntry", row(a))
        for a in AuditEntry.objects.filter(contact_id__in=ids)
    ]
    return found


def test_export_holds_every_row_about_the_person(base):
    ids = sorted(
        Contact.objects.filter(last_name="Vandenbroucke-Lefèvre").values_list(
            "pk", flat=True
        )
    )
    assert len(ids) == 2  # her and her archived duplicate (shares her mobile)
    held = held_rows(ids)
    tables = {label for label, _ in held}
    # The generic walk does reach what the issue names.
    assert {
        "contacts.Contact",
        "contacts.ContactPoint",
        "contacts.Provenance",
        "contacts.Note",
        "timeline.Task",
        "timeline.Interaction",
        "timeline.Participant",
        "privacy.ConsentRecord",
        "audit.AuditEntry",
    } <= tables

    document = json.loads(json.dumps(person_document(ANAIS.email)))

    assert sorted(c["contact"]["id"] for c in document["contacts"]) == ids
    missing = [(label, r) for label, r in held if not contains_row(document, r)]
    assert missing == []
    bodies = [i["body"] for c in document["contacts"] for i in c["interactions"]]
    assert any("Voici la commande" in b for b in bodies)
    assert any("Meet Anaïs" in b for b in bodies)
    first = next(c for c in document["contacts"] if c["contact"]["id"] == ids[0])
    assert first["tags"] == ["Salon 2024"]
    assert first["freshness"]["band"] in {"fresh", "ageing", "stale", "unknown"}
    assert all("token" not in link for link in first["self_update_links"])
    # What others hold about her: the note and the task on a colleague's record.
    mentions = {(m["table"], m["column"]) for m in document["mentions_elsewhere"]}
    assert ("contacts.note", "body") in mentions
    assert ("timeline.task", "title") in mentions
    assert not any(
        m["table"] == "contacts.contact" for m in document["mentions_elsewhere"]
    )


def test_found_by_phone_in_any_format(base):
    by_phone = person_document("+33 6 71 23 45 89", log=False)
    by_email = person_document("ANAIS.VANDENBROUCKE@ateliers-reunis.fr", log=False)
    assert [c["contact"]["id"] for c in by_phone["contacts"]] == [
        c["contact"]["id"] for c in by_email["contacts"]
    ]


def test_the_access_is_logged(base, admin):
    person_document(ANAIS.email, actor=admin)
    assert (
        AuditEntry.objects.filter(action="privacy.access_export", actor=admin).count()
        == 2
    )


def test_errors(db):
    with pytest.raises(NotFound):
        person_document("personne@example.fr")
    with pytest.raises(InvalidInput) as error:
        person_document("not a phone")
    assert "identifier" in error.value.errors


def test_cli_writes_json(base, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["privacy", "export", ANAIS.email])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["contacts"]) == 2
    target = tmp_path / "anais.json"
    result = runner.invoke(
        cli, ["privacy", "export", "06 71 23 45 89", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(target.read_text())["contacts"]) == 2
    missing = runner.invoke(cli, ["privacy", "export", "personne@example.fr"])
    assert missing.exit_code == 1
    assert "No contact has the email personne@example.fr" in missing.output
