"""CSV cells: flat columns, and the OWASP guard against formula injection."""

from __future__ import annotations

import pytest

from relais.contacts.export import CSV_COLUMNS, csv_row, spreadsheet_safe

from .test_vcard import record


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_evaluate_gets_an_apostrophe(trigger):
    assert spreadsheet_safe(f"{trigger}SUM(A1:A9)") == f"'{trigger}SUM(A1:A9)"


@pytest.mark.parametrize(
    "value", ["Hélène", "", "a=b", "O'Brien", " =not first", "'quoted"]
)
def test_other_cells_are_left_alone(value):
    assert spreadsheet_safe(value) == value


def test_row_has_one_cell_per_column_with_multi_values_joined():
    row = dict(zip(CSV_COLUMNS, csv_row(record()), strict=True))
    assert row["first_name"] == "Hélène"
    assert row["emails"] == "helene@example.fr; h.lefevre@gmail.example"
    # E.164 phones start with '+': guarded too, or Excel turns them into numbers.
    assert row["phones"] == "'+33612345678; +442079460123"
    assert row["handles"] == "mastodon:@helene@mastodon.social"
    assert row["tags"] == "VIP; Salon, 2025"
    assert row["owner"] == ""
    assert row["id"] == "42"


def test_injection_in_any_text_field_is_neutralised():
    evil = record(
        first_name='=HYPERLINK("http://x")',
        organization="+cmd|' /C calc'!A0",
        title="-2+3",
        tags=["@SUM(1)"],
        city="\tx",
        provenance=[{"file": "=evil.csv", "record": 3, "kind": "import"}],
    )
    row = dict(zip(CSV_COLUMNS, csv_row(evil), strict=True))
    for column in ("first_name", "organization", "title", "tags", "city", "sources"):
        assert row[column].startswith("'"), column
    assert row["sources"] == "'=evil.csv #3"


@pytest.mark.parametrize("trigger", ["＝", "＋", "－", "＠"])
def test_a_full_width_sign_is_guarded_like_its_ascii_form(trigger):
    value = f'{trigger}HYPERLINK("https://evil.example","x")'
    assert spreadsheet_safe(value) == "'" + value


def test_control_characters_are_removed():
    assert spreadsheet_safe("Acme\x1b[31m\x00\x07") == "Acme[31m"
    assert spreadsheet_safe("a\tb\nc") == "a\tb\nc"  # tab and line breaks are text
