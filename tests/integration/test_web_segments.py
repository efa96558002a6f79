"""Web UI: the segment builder (rows, live count, save with errors), members, exports, roles."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from relais.contacts.models import Segment

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client: Client, member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def people(make_contact):
    make_contact(first_name="Hélène", last_name="Lefèvre", city="Lyon", tags=["VIP"])
    make_contact(first_name="Yann", last_name="Canevet", city="Brest", tags=["VIP"])
    make_contact(first_name="Zoé", last_name="Martin", city="Lyon")


def test_live_count_follows_the_rows(signed_in: Client, people) -> None:
    one = signed_in.get(
        "/segments/count/",
        {"match": "all", "field-0": "tags", "op-0": "any", "value-0": "vip"},
        **HTMX,
    ).content.decode()
    assert 'data-count="2"' in one
    two = signed_in.get(
        "/segments/count/",
        {
            "match": "all",
            "field-0": "tags",
            "op-0": "any",
            "value-0": "vip",
            "field-3": "city",
            "op-3": "is",
            "value-3": "lyon",
        },
        **HTMX,
    ).content.decode()
    assert 'data-count="1"' in two
    incomplete = signed_in.get(
        "/segments/count/", {"field-0": "tags", "op-0": "any", "value-0": ""}, **HTMX
    ).content.decode()
    assert "Complete the criteria" in incomplete


def test_a_row_adapts_to_its_field_and_operator(signed_in: Client) -> None:
    row = signed_in.get(
        "/segments/row/", {"index": "4", "field-4": "owner", "op-4": "unassigned"}
    ).content.decode()
    assert 'name="op-4"' in row and 'value="unassigned" selected' in row
    assert 'name="value-4"' not in row
    status = signed_in.get(
        "/segments/row/", {"index": "2", "field-2": "status"}
    ).content.decode()
    assert '<option value="customer"' in status
    unknown = signed_in.get("/segments/row/", {"index": "x", "field-0": "<b>"})
    assert unknown.status_code == 200 and "<b>" not in unknown.content.decode()


def test_save_then_open_and_export(signed_in: Client, people) -> None:
    bad = signed_in.post(
        "/segments/new/",
        {
            "name": "Lyon VIP",
            "match": "all",
            "field-0": "created",
            "op-0": "after",
            "value-0": "soon",
        },
    )
    assert bad.status_code == 400
    assert "period back from today" in bad.content.decode()
    saved = signed_in.post(
        "/segments/new/",
        {
            "name": "Lyon VIP",
            "match": "all",
            "field-0": "tags",
            "op-0": "any",
            "value-0": "VIP",
            "field-1": "city",
            "op-1": "is",
            "value-1": "Lyon",
        },
    )
    segment = Segment.objects.get(name="Lyon VIP")
    assert saved.status_code == 302 and saved["Location"] == f"/segments/{segment.pk}/"
    page = signed_in.get(saved["Location"]).content.decode()
    assert "Hélène Lefèvre" in page and "Yann Canevet" not in page
    listing = signed_in.get("/segments/").content.decode()
    assert "Lyon VIP" in listing
    xlsx = signed_in.get(f"/segments/{segment.pk}/export/", {"format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row == 2
    edit = signed_in.get(f"/segments/{segment.pk}/edit/").content.decode()
    assert 'value="Lyon"' in edit and 'data-count="1"' in edit


def test_readers_see_but_cannot_build(client: Client, reader, admin, people) -> None:
    from relais.contacts.segments.services import create_segment

    segment = create_segment(actor=admin, name="All", definition={"criteria": []})
    client.force_login(reader)
    assert client.get(f"/segments/{segment.pk}/").status_code == 200
    assert client.get("/segments/new/").status_code == 403
    assert client.post(f"/segments/{segment.pk}/delete/").status_code == 403
