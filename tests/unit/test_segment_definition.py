"""Segment definitions: what is accepted, what is refused (and where), relative periods."""

from __future__ import annotations

import datetime as dt

import pytest

from relais.contacts.segments.definition import parse_definition, resolve_day
from relais.core.errors import InvalidInput


def test_a_definition_is_normalised_for_storage():
    definition = parse_definition(
        {
            "match": "any",
            "criteria": [
                {
                    "field": "tags",
                    "op": "all",
                    "value": ["VIP", " Salon  2026 ", "VIP"],
                },
                {"field": "last_interaction", "op": "not_since", "value": "6 months"},
                {"field": "country", "op": "in", "value": ["fr", "be"]},
                {"field": "has_phone", "op": "is", "value": "yes"},
                {"field": "owner", "op": "is", "value": "Marc@Relais.TEST"},
                {"field": "owner", "op": "unassigned", "value": "ignored"},
            ],
        }
    )
    assert definition.to_json() == {
        "version": 1,
        "match": "any",
        "criteria": [
            {"field": "tags", "op": "all", "value": ["VIP", "Salon 2026"]},
            {"field": "last_interaction", "op": "not_since", "value": "6m"},
            {"field": "country", "op": "in", "value": ["FR", "BE"]},
            {"field": "has_phone", "op": "is", "value": True},
            {"field": "owner", "op": "is", "value": "marc@relais.test"},
            {"field": "owner", "op": "unassigned"},
        ],
    }


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ([], "definition", "object"),
        ({"version": 2}, "definition.version", "version"),
        ({"match": "most"}, "definition.match", "all"),
        ({"criteria": [{"field": "mood"}]}, "definition.criteria.0.field", "tags"),
        (
            {"criteria": [{"field": "tags", "op": "some", "value": ["a"]}]},
            "definition.criteria.0.op",
            "any, all, none",
        ),
        (
            {"criteria": [{"field": "tags", "op": "any", "value": []}]},
            "definition.criteria.0.value",
            "at least one",
        ),
        (
            {"criteria": [{"field": "status", "op": "in", "value": ["vip"]}]},
            "definition.criteria.0.value",
            "'vip'",
        ),
        (
            {"criteria": [{"field": "created", "op": "after", "value": "last week"}]},
            "definition.criteria.0.value",
            "6m",
        ),
        (
            {"criteria": [{"field": "created", "op": "after", "value": "0001-01-01"}]},
            "definition.criteria.0.value",
            "2026-01-31",
        ),
        (
            {"criteria": [{"field": "source", "op": "batch", "value": -3}]},
            "definition.criteria.0.value",
            "id",
        ),
        (
            {"criteria": [{"field": "city", "op": "is", "value": "Ly\x00on"}]},
            "definition.criteria.0.value",
            "NUL",
        ),
        (
            {"criteria": [{"field": "city", "op": "is"}] * 31},
            "definition.criteria",
            "30",
        ),
        ({"colour": "red"}, "definition.colour", "Unknown"),
    ],
)
def test_mistakes_are_refused_naming_the_field(data, field, fragment):
    with pytest.raises(InvalidInput) as caught:
        parse_definition(data)
    assert list(caught.value.errors) == [field]
    assert fragment in caught.value.errors[field]


def test_periods_count_back_from_today():
    today = dt.date(2026, 8, 31)
    assert resolve_day("6m", today) == dt.date(2026, 2, 28)
    assert resolve_day("1y", today) == dt.date(2025, 8, 31)
    assert resolve_day("2w", today) == dt.date(2026, 8, 17)
    assert resolve_day("30d", today) == dt.date(2026, 8, 1)
    assert resolve_day("2026-01-15", today) == dt.date(2026, 1, 15)
