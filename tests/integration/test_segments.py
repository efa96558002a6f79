"""Segments on a real database: criteria, any/all, relative periods, the audit trail, the
exports (CSV and XLSX guarded against formulas, vCard), the API and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner
from django.utils import timezone
from openpyxl import load_workbook

from relais.audit.models import AuditEntry
from relais.cli.commands import cli
from relais.contacts import services
from relais.contacts.segments import export, selectors
from relais.contacts.segments import services as segment_services
from relais.core.errors import Forbidden, InvalidInput
from relais.timeline.services import log_interaction

from .api_fixtures import Api

pytestmark = pytest.mark.django_db


def matching(*criteria, match="all"):
    definition = {"match": match, "criteria": list(criteria)}
    return sorted(c.display_name for c in selectors.contacts_matching(definition))


@pytest.fixture
def base(make_contact, admin, member):
    helene = make_contact(
        first_name="Hélène",
        last_name="Lefèvre",
        emails=["helene@exemple.fr"],
        phones=["06 12 34 56 78"],
        organisation="Société Générale",
        title="Directrice financière",
        city="Lyon",
        country="FR",
        tags=["VIP", "Salon 2026"],
        owner=member,
    )
    john = make_contact(
        first_name="John",
        last_name="O'Brien",
        emails=["john@acme.example"],
        organisation="ACME Corp",
        title="=cmd|' /C calc'!A0",
        city="Dublin",
        country="IE",
        tags=["vip"],
    )
    yann = make_contact(
        first_name="Yann",
        last_name="Canevet",
        phones=["+33 2 98 76 54 32"],
        city="Brest",
        country="FR",
        tags=["Armor"],
    )
    log_interaction(
        actor=admin,
        channel="call",
        direction="out",
        contacts=[helene],
        occurred_at=timezone.now() - dt.timedelta(days=10),
    )
    log_interaction(
        actor=admin,
        channel="email",
        direction="in",
        contacts=[john],
        occurred_at=timezone.now() - dt.timedelta(days=300),
    )
    return {"helene": helene, "john": john, "yann": yann}


def test_each_criterion_selects_what_it_says(base, member):
    assert matching({"field": "tags", "op": "any", "value": ["vip"]}) == [
        "Hélène Lefèvre",
        "John O'Brien",
    ]
    assert matching({"field": "tags", "op": "all", "value": ["VIP", "salon 2026"]}) == [
        "Hélène Lefèvre"
    ]
    assert matching({"field": "tags", "op": "none", "value": ["VIP"]}) == [
        "Yann Canevet"
    ]
    assert matching({"field": "owner", "op": "is", "value": member.email}) == [
        "Hélène Lefèvre"
    ]
    assert matching({"field": "owner", "op": "unassigned"}) == [
        "John O'Brien",
        "Yann Canevet",
    ]
    assert matching(
        {"field": "organisation", "op": "contains", "value": "societe"}
    ) == ["Hélène Lefèvre"]
    assert matching({"field": "organisation", "op": "none"}) == ["Yann Canevet"]
    assert matching({"field": "title", "op": "contains", "value": "DIRECTRICE"}) == [
        "Hélène Lefèvre"
    ]
    assert matching({"field": "city", "op": "is", "value": "brest"}) == ["Yann Canevet"]
    assert matching({"field": "country", "op": "in", "value": ["ie"]}) == [
        "John O'Brien"
    ]
    assert matching({"field": "has_phone", "op": "is", "value": False}) == [
        "John O'Brien"
    ]
    assert matching({"field": "has_email", "op": "is", "value": True}) == [
        "Hélène Lefèvre",
        "John O'Brien",
    ]
    assert matching({"field": "source", "op": "kind", "value": ["api"]}) == [
        "Hélène Lefèvre",
        "John O'Brien",
        "Yann Canevet",
    ]
    assert matching({"field": "source", "op": "kind", "value": ["import"]}) == []
    assert matching({"field": "created", "op": "after", "value": "1d"}) == [
        "Hélène Lefèvre",
        "John O'Brien",
        "Yann Canevet",
    ]
    assert matching({"field": "created", "op": "before", "value": "1d"}) == []


def test_nobody_has_talked_to_them_for_six_months(base):
    # John's last exchange was 300 days ago, Yann never had one: both are forgotten.
    assert matching(
        {"field": "last_interaction", "op": "not_since", "value": "6m"}
    ) == [
        "John O'Brien",
        "Yann Canevet",
    ]
    assert matching({"field": "last_interaction", "op": "since", "value": "6m"}) == [
        "Hélène Lefèvre"
    ]
    assert matching({"field": "last_interaction", "op": "never"}) == ["Yann Canevet"]


def test_all_and_any_and_archived(base, admin):
    vip = {"field": "tags", "op": "any", "value": ["VIP"]}
    french = {"field": "country", "op": "in", "value": ["FR"]}
    assert matching(vip, french) == ["Hélène Lefèvre"]
    assert matching(vip, french, match="any") == [
        "Hélène Lefèvre",
        "John O'Brien",
        "Yann Canevet",
    ]
    services.update_contact(
        actor=admin, contact=base["yann"], changes={"status": "archived"}
    )
    assert matching(french) == ["Hélène Lefèvre"]
    assert matching(french, {"field": "status", "op": "in", "value": ["archived"]}) == [
        "Yann Canevet"
    ]


def test_saving_checks_the_name_and_definition_and_is_audited(base, admin, reader):
    segment = segment_services.create_segment(
        actor=admin,
        name="  VIP   France ",
        definition={"criteria": [{"field": "tags", "op": "any", "value": ["VIP"]}]},
    )
    assert segment.name == "VIP France"
    assert [c.display_name for c in selectors.segment_contacts(segment)] == [
        "Hélène Lefèvre",
        "John O'Brien",
    ]
    assert AuditEntry.objects.filter(action="segment.create").count() == 1
    with pytest.raises(InvalidInput) as caught:
        segment_services.create_segment(
            actor=admin, name="vip france", definition={"criteria": []}
        )
    assert "name" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        segment_services.create_segment(
            actor=admin,
            name="Ghost's",
            definition={
                "criteria": [{"field": "owner", "op": "is", "value": "ghost@x.fr"}]
            },
        )
    assert list(caught.value.errors) == ["definition.criteria.0.value"]
    with pytest.raises(Forbidden):
        segment_services.create_segment(
            actor=reader, name="Mine", definition={"criteria": []}
        )
    segment_services.update_segment(
        actor=admin,
        segment=segment,
        changes={
            "definition": {
                "criteria": [{"field": "country", "op": "in", "value": ["IE"]}]
            }
        },
    )
    assert [c.display_name for c in selectors.segment_contacts(segment)] == [
        "John O'Brien"
    ]
    segment_services.delete_segment(actor=admin, segment=segment)
    assert AuditEntry.objects.filter(action__startswith="segment.").count() == 3


@pytest.fixture
def vip(base, admin):
    return segment_services.create_segment(
        actor=admin,
        name="VIP",
        definition={"criteria": [{"field": "tags", "op": "any", "value": ["VIP"]}]},
    )


def test_csv_and_xlsx_exports_never_hold_a_formula(vip):
    text = io.StringIO(newline="")
    assert export.export_segment(segment=vip, fmt="csv", out=text) == 2
    rows = list(csv.DictReader(io.StringIO(text.getvalue().lstrip("\ufeff"))))
    assert sorted(r["display_name"] for r in rows) == ["Hélène Lefèvre", "John O'Brien"]
    john = next(r for r in rows if r["first_name"] == "John")
    assert john["title"] == "'=cmd|' /C calc'!A0"

    binary = io.BytesIO()
    assert export.export_segment(segment=vip, fmt="xlsx", out=binary) == 2
    sheet = load_workbook(io.BytesIO(binary.getvalue())).active
    values = list(sheet.values)
    header = list(values[0])
    titles = {
        row[header.index("first_name")]: row[header.index("title")]
        for row in values[1:]
    }
    assert titles["John"] == "'=cmd|' /C calc'!A0"
    assert titles["Hélène"] == "Directrice financière"
    phones = {
        row[header.index("first_name")]: row[header.index("phones")]
        for row in values[1:]
    }
    assert phones["Hélène"] == "'+33612345678"


def test_vcard_export(vip):
    text = io.StringIO(newline="")
    assert export.export_segment(segment=vip, fmt="vcf", out=text) == 2
    assert text.getvalue().count("BEGIN:VCARD") == 2
    assert "FN:Hélène Lefèvre" in text.getvalue()


def test_api_crud_count_members_and_export(api: Api, reader_api: Api, base):  # noqa: F811
    body = {
        "name": "Forgotten",
        "definition": {
            "criteria": [
                {"field": "last_interaction", "op": "not_since", "value": "6m"}
            ]
        },
    }
    assert reader_api.post("/segments", body).status_code == 403
    created = api.post("/segments", body)
    assert created.status_code == 201, created.json()
    segment = created.json()
    assert segment["count"] == 2
    assert segment["definition"]["criteria"][0]["value"] == "6m"
    sid = segment["id"]
    members = api.get(f"/segments/{sid}/contacts").json()
    # By last name.
    assert [m["display_name"] for m in members["items"]] == [
        "Yann Canevet",
        "John O'Brien",
    ]
    assert api.get(f"/segments/{sid}/count").json() == {"count": 2}
    preview = api.post(
        "/segments/count",
        {"criteria": [{"field": "city", "op": "is", "value": "Lyon"}]},
    )
    assert preview.json() == {"count": 1}
    bad = api.post(
        "/segments/count", {"criteria": [{"field": "city", "op": "near", "value": "x"}]}
    )
    assert bad.status_code == 422
    assert "criteria.0.op" in next(iter(bad.json()["errors"]))
    changed = api.patch(f"/segments/{sid}", {"name": "Forgotten clients"})
    assert changed.json()["name"] == "Forgotten clients"
    download = api.get(f"/segments/{sid}/export", format="xlsx")
    assert download.status_code == 200
    assert "segment-Forgotten-clients.xlsx" in download["Content-Disposition"]
    assert load_workbook(io.BytesIO(download.content)).active.max_row == 3
    csv_text = api.get(f"/segments/{sid}/export", format="csv").content.decode()
    assert "Yann" in csv_text
    assert api.get("/segments").json()["count"] == 1
    assert api.delete(f"/segments/{sid}").status_code == 204
    assert api.get(f"/segments/{sid}").status_code == 404


def test_cli_create_list_show_export(base, tmp_path):
    runner = CliRunner()
    definition = json.dumps(
        {"criteria": [{"field": "country", "op": "in", "value": ["FR"]}]}
    )
    created = runner.invoke(
        cli, ["segments", "create", "--name", "France", "--definition", definition]
    )
    assert created.exit_code == 0, created.output
    assert "2 contacts" in created.output
    sid = created.output.split()[1]
    listed = runner.invoke(cli, ["segments", "list", "--format", "jsonl"])
    record = json.loads(listed.output.splitlines()[0])
    assert record["name"] == "France" and record["count"] == 2
    shown = runner.invoke(cli, ["segments", "show", sid, "--members", "5"])
    assert "Hélène Lefèvre" in shown.output and "Yann Canevet" in shown.output
    target = tmp_path / "france.xlsx"
    exported = runner.invoke(
        cli, ["segments", "export", sid, "--format", "xlsx", "-o", str(target)]
    )
    assert exported.exit_code == 0, exported.output
    assert load_workbook(target).active.max_row == 3
    vcf = runner.invoke(cli, ["segments", "export", sid, "--format", "vcf"])
    assert vcf.output.count("BEGIN:VCARD") == 2
    refused = runner.invoke(cli, ["segments", "export", sid, "--format", "xlsx"])
    assert refused.exit_code == 1 and "--output" in refused.output
    bad = runner.invoke(
        cli, ["segments", "create", "--name", "Bad", "--definition", "{not json"]
    )
    assert bad.exit_code == 1 and "definition" in bad.output
