"""A CSV whose quote never closes: the rows before it are read, the rest is reported with the
line where the quote opened — never swallowed into one value (issue 25)."""

from __future__ import annotations

import pytest

from relais.ingest.readers import PersonRecord, read_path
from relais.ingest.readers.errors import ReadError

HEADER = "first_name,last_name,email\n"


def test_an_unclosed_quote_names_its_line(tmp_path):
    path = tmp_path / "people.csv"
    rows = ["Ann,Lee,ann@example.org", '"Bob,Ray,bob@example.org']
    rows += [f"P{n},Q{n},p{n}@example.org" for n in range(30)]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    read: list[PersonRecord] = []
    with pytest.raises(ReadError) as error:
        read.extend(r for r in read_path(path) if isinstance(r, PersonRecord))
    assert [r.fields["first_name"] for r in read] == ["Ann"]
    assert error.value.line == 3
    assert "quote opened on line 3 is never closed" in error.value.message


def test_quoted_values_over_several_lines_are_still_read(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        HEADER.replace("email", "email,notes")
        + 'Ann,Lee,ann@example.org,"12, rue Neuve\n69001 Lyon, France"\n'
        + 'Bob "the",Ray,bob@example.org,""\n',
        encoding="utf-8",
    )
    records = [r for r in read_path(path) if isinstance(r, PersonRecord)]
    assert [r.fields["first_name"] for r in records] == ["Ann", 'Bob "the"']


def test_control_characters_are_removed_at_import(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "Ann\x1b[31m,Lee\x07,ann@example.org\n", encoding="utf-8")
    (record,) = [r for r in read_path(path) if isinstance(r, PersonRecord)]
    assert (record.fields["first_name"], record.fields["last_name"]) == (
        "Ann[31m",
        "Lee",
    )
