"""Inputs that answered 500 or lost data silently (issue 25): each is refused with a clear
message, or handled, through the API and the web alike."""

# The API fixtures are imported by name, so pytest finds them; test arguments reuse the names.
# ruff: noqa: F811

from __future__ import annotations

import pytest
from django.test import Client

from relais.contacts.models import Segment
from relais.outreach.services.campaigns import create_campaign
from relais.outreach.services.templates import create_template

from .api_fixtures import api, bearer, reader_api  # noqa: F401 - fixtures


@pytest.fixture
def used_segment(member) -> Segment:
    segment = Segment.objects.create(
        name="Lyon",
        definition={"criteria": [{"field": "city", "op": "is", "value": "Lyon"}]},
    )
    template = create_template(
        actor=member, name="T", language="fr", subject="S", body_text="Bonjour"
    )
    create_campaign(
        actor=member, name="Printemps", segment=segment, steps=[(template, 0)]
    )
    return segment


def test_deleting_a_segment_a_campaign_uses_is_refused_by_the_api(api, used_segment):
    answer = api.delete(f"/segments/{used_segment.pk}")
    assert answer.status_code == 422
    assert "campaign “Printemps”" in answer.json()["errors"]["segment"]
    assert Segment.objects.filter(pk=used_segment.pk).exists()


def test_deleting_a_segment_a_campaign_uses_is_refused_on_the_web(
    client: Client, member, used_segment
):
    client.force_login(member)
    answer = client.post(f"/segments/{used_segment.pk}/delete/", follow=True)
    assert answer.status_code == 200
    assert "campaign “Printemps”" in answer.content.decode()
    assert Segment.objects.filter(pk=used_segment.pk).exists()


def test_a_segment_export_with_control_characters_and_formulas(
    client, member, make_contact
):
    import io

    from openpyxl import load_workbook

    make_contact(
        first_name="Ann\x1b[31m", last_name='＝HYPERLINK("http://x")', city="Lyon"
    )
    segment = Segment.objects.create(
        name="Lyon: [VIP]/*?",
        definition={"criteria": [{"field": "city", "op": "is", "value": "Lyon"}]},
    )
    client.force_login(member)
    xlsx = client.get(f"/segments/{segment.pk}/export/", {"format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    row = {
        sheet.cell(1, c).value: sheet.cell(2, c).value
        for c in range(1, sheet.max_column + 1)
    }
    assert row["first_name"] == "Ann[31m"
    assert row["last_name"] == '\'＝HYPERLINK("http://x")'
    text = client.get(f"/segments/{segment.pk}/export/", {"format": "csv"})
    body = b"".join(
        text.streaming_content if text.streaming else [text.content]
    ).decode()
    assert "\x1b" not in body and "'＝HYPERLINK" in body


@pytest.mark.parametrize(
    "path", ["/api/v1/contacts%0A", "/api/v1/%0A/x", "/api/v1/a%0Ab"]
)
def test_an_api_path_with_a_line_feed_answers_a_json_404(api, path):
    answer = api.client.get(path)
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("application/json")
    assert "No API endpoint" in answer.json()["detail"]


@pytest.mark.parametrize("value", ["0", "1700000000", " 12 "])
def test_a_bare_number_is_not_read_as_a_date(api, value):
    answer = api.get("/reports/leads", until=value)
    assert answer.status_code == 422
    assert "ISO 8601" in str(answer.json())
    assert api.get("/reports/leads", until="2026-01-31").status_code == 200


def test_a_reader_may_post_what_only_reads_and_nothing_else(
    reader_api, member, make_contact
):
    contact = make_contact(first_name="Ann", city="Lyon")
    template = create_template(
        actor=member,
        name="T",
        language="fr",
        subject="S",
        body_text="Bonjour {{ first_name }}",
    )
    lyon = {"criteria": [{"field": "city", "op": "is", "value": "Lyon"}]}
    assert reader_api.post("/segments/count", lyon).json() == {"count": 1}
    preview = reader_api.post(
        f"/outreach/templates/{template.pk}/preview", {"contact_id": contact.pk}
    )
    assert preview.status_code == 200 and preview.json()["text"] == "Bonjour Ann"
    check = {"subject": "S", "body_text": "Bonjour", "bulk": False}
    assert reader_api.post("/outreach/check", check).status_code == 200
    assert (
        reader_api.post("/segments", {"name": "X", "definition": lyon}).status_code
        == 403
    )


@pytest.mark.parametrize("fmt", ["", "json"])
def test_the_access_export_of_a_contact_sharing_an_email(
    client, member, make_contact, fmt
):
    first = make_contact(first_name="Ann", last_name="Lee", emails=["ann@example.org"])
    make_contact(first_name="Anne", last_name="Lee", emails=["ann@example.org"])
    make_contact(first_name="Bob", last_name="Ray", emails=["ann@example.org"])
    client.force_login(member)
    answer = client.get(f"/contacts/{first.pk}/access/", {"format": fmt} if fmt else {})
    assert answer.status_code == 200
    assert "Ann" in answer.content.decode()


def test_the_schema_describes_the_business_rule_422s(client):
    schema = client.get("/api/v1/openapi.json").json()
    answers = schema["paths"]["/api/v1/segments/{segment_id}"]["delete"]["responses"]
    assert "business rule" in answers["422"]["description"]
    assert {"409", "422", "429"} <= set(answers)
