"""Workflow definitions without a database: durations, conditions on event data, the
editor's step lines and their round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relais.automation.services.definition import (
    check_definition,
    matches,
    parse_duration,
)
from relais.automation.services.step_lines import lines_of, steps_from_lines
from relais.core.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("2h", 7200), ("3d", 259200), ("1w", 604800)],
)
def test_durations(text, seconds):
    assert parse_duration(text) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "2", "two hours", "2y", "-1h"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_conditions_on_event_data():
    data = {"total": "84.5", "customer": {"tier": "gold"}, "items": ["Théière"]}
    assert matches({"total": {"gte": 50}, "customer.tier": "gold"}, data)
    assert not matches({"total": {"gt": 100}}, data)
    assert matches({"items": {"contains": "Théière"}}, data)
    assert not matches({"customer.missing": {"gt": 1}}, data)
    assert not matches(
        {"total": {"lt": "abc"}}, data
    )  # not comparable: false, no error


EDITOR = """wait 2h
if no order_placed
send Relance panier
wait for order_placed up to 2d
task Rappeler le client in 1d
tag relancé
set city Lyon"""


def test_editor_lines_make_a_valid_definition_and_round_trip():
    steps = steps_from_lines(EDITOR)
    checked = check_definition(
        {"name": "Cart", "trigger": {"event": "cart_abandoned"}, "steps": steps}
    )
    assert [s["kind"] for s in checked["steps"]] == [
        "wait",
        "condition",
        "send_template",
        "wait",
        "create_task",
        "add_tag",
        "set_field",
    ]
    assert lines_of(steps) == EDITOR


def test_a_bad_line_is_named():
    with pytest.raises(InvalidInput, match="line 2"):
        steps_from_lines("wait 2h\ndance a jig")


def test_a_definition_names_every_bad_part():
    with pytest.raises(InvalidInput) as caught:
        check_definition(
            {"trigger": {}, "steps": [{"kind": "send_template"}, {"kind": "nope"}]}
        )
    assert set(caught.value.errors) == {"name", "trigger", "steps.1", "steps.2"}


@given(
    st.lists(
        st.sampled_from(
            [
                "wait 2h",
                "if no order_placed",
                "tag vip",
                "task Call in 2d",
                "send Panier",
            ]
        ),
        min_size=1,
    )
)
def test_any_editor_text_round_trips(lines):
    text = "\n".join(lines)
    assert lines_of(steps_from_lines(text)) == text
