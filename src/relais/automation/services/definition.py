"""What a workflow is made of, checked before it is saved (pure: no database).

A workflow is JSON, the same in the API, the CLI and the web editor::

    {"name": "Abandoned cart", "trigger": {"event": "cart_abandoned",
     "conditions": {"total": {"gte": 20}}}, "cancel_on": ["order_placed"],
     "steps": [{"kind": "wait", "for": "2h"},
               {"kind": "condition", "no_event": "order_placed", "else": "stop"},
               {"kind": "send_template", "template": "Cart", "purpose": "marketing"},
               {"kind": "wait", "for": "2d"},
               {"kind": "create_task", "title": "Call back about the cart"}]}

Conditions on the event's data name a key of ``data`` (dots go into nested objects) and either a
value (equality) or one operator among ``eq ne gt gte lt lte in contains``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from relais.core.errors import InvalidInput

_DURATION = re.compile(r"^\s*(\d{1,6})\s*(s|m|h|d|w)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "contains")
STEP_KINDS = (
    "wait",
    "condition",
    "send_template",
    "create_task",
    "add_tag",
    "set_field",
)
SETTABLE_FIELDS = ("title", "city", "country", "language", "status")
MAX_STEPS = 50


def parse_duration(value: object) -> dt.timedelta:
    """'90s', '15m', '2h', '3d', '1w' → a timedelta; raises ValueError."""
    match = _DURATION.match(str(value)) if isinstance(value, (str, int)) else None
    if match is None:
        raise ValueError(f"'{value}' is not a duration such as 30m, 2h or 3d")
    return dt.timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def _check_conditions(conditions: object, where: str, errors: dict[str, str]) -> None:
    if not isinstance(conditions, Mapping):
        errors[where] = "Conditions are an object: {key: value or {operator: value}}."
        return
    for key, test in conditions.items():
        if isinstance(test, Mapping):
            unknown = set(test) - set(OPERATORS)
            if unknown or len(test) != 1:
                errors[where] = (
                    f"'{key}': use one operator among {', '.join(OPERATORS)}."
                )


def _check_step(step: object, where: str, errors: dict[str, str]) -> None:
    if not isinstance(step, Mapping):
        errors[where] = "A step is an object with a kind."
        return
    kind = step.get("kind")
    if kind not in STEP_KINDS:
        errors[where] = f"Unknown kind '{kind}': use one of {', '.join(STEP_KINDS)}."
        return
    try:
        if kind == "wait":
            if "until_event" in step:
                if not isinstance(step["until_event"], str):
                    raise ValueError("until_event names an event type")
                parse_duration(step.get("timeout", ""))
            else:
                parse_duration(step.get("for", ""))
        elif kind == "condition":
            tests = {"no_event", "field", "consent", "has_tag"} & set(step)
            if len(tests) != 1:
                raise ValueError(
                    "a condition tests one of no_event, field, consent, has_tag"
                )
            if step.get("else", "stop") != "stop" and not isinstance(
                step.get("else"), int
            ):
                raise ValueError("'else' is 'stop' or the number of steps to skip")
            if "field" in step:
                _check_conditions({step["field"]: step.get("equals")}, where, errors)
        elif kind == "send_template":
            if not isinstance(step.get("template"), str) or not step["template"]:
                raise ValueError("name the template to send")
            if step.get("purpose", "marketing") not in ("marketing", "service"):
                raise ValueError("purpose is marketing or service")
        elif kind == "create_task":
            if not str(step.get("title", "")).strip():
                raise ValueError("a task needs a title")
            if "due_in" in step:
                parse_duration(step["due_in"])
        elif kind == "add_tag":
            if not str(step.get("tag", "")).strip():
                raise ValueError("name the tag")
        elif kind == "set_field" and step.get("field") not in SETTABLE_FIELDS:
            raise ValueError(f"field is one of {', '.join(SETTABLE_FIELDS)}")
    except ValueError as exc:
        errors[where] = str(exc)


def check_definition(definition: object) -> dict[str, Any]:
    """The workflow as stored (trigger, conditions, cancel_on, steps); raises InvalidInput."""
    if not isinstance(definition, Mapping):
        raise InvalidInput({"definition": "A workflow is a JSON object."})
    errors: dict[str, str] = {}
    name = " ".join(str(definition.get("name", "")).split())
    if not name:
        errors["name"] = "Give the workflow a name."
    trigger = definition.get("trigger")
    event = trigger.get("event") if isinstance(trigger, Mapping) else None
    if not isinstance(event, str) or not event.strip():
        errors["trigger"] = (
            'Name the event type that starts it: {"event": "cart_abandoned"}.'
        )
    conditions = trigger.get("conditions", {}) if isinstance(trigger, Mapping) else {}
    _check_conditions(conditions, "trigger.conditions", errors)
    cancel_on = definition.get("cancel_on", [])
    if not isinstance(cancel_on, list) or not all(
        isinstance(c, str) for c in cancel_on
    ):
        errors["cancel_on"] = "A list of event types."
    steps = definition.get("steps")
    if not isinstance(steps, list) or not steps:
        errors["steps"] = "A workflow needs at least one step."
        steps = []
    elif len(steps) > MAX_STEPS:
        errors["steps"] = f"At most {MAX_STEPS} steps."
    for index, step in enumerate(steps, start=1):
        _check_step(step, f"steps.{index}", errors)
    if errors:
        raise InvalidInput(errors)
    return {
        "name": name[:200],
        "trigger_type": str(event).strip().lower(),
        "conditions": dict(conditions),
        "cancel_on": [c.strip().lower() for c in cancel_on],
        "steps": [dict(s) for s in steps],
    }


def lookup(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _test(value: Any, operator: str, expected: Any) -> bool:
    try:
        if operator == "eq":
            return bool(value == expected)
        if operator == "ne":
            return bool(value != expected)
        if operator == "in":
            return isinstance(expected, list) and value in expected
        if operator == "contains":
            return value is not None and expected in value
        if value is None:
            return False
        number, bound = float(value), float(expected)
    except (TypeError, ValueError):
        return False
    return {
        "gt": number > bound,
        "gte": number >= bound,
        "lt": number < bound,
        "lte": number <= bound,
    }[operator]


def matches(conditions: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Whether the event's ``data`` meets every condition."""
    for path, test in conditions.items():
        value = lookup(data, path)
        if isinstance(test, Mapping):
            ((operator, expected),) = test.items()
        else:
            operator, expected = "eq", test
        if not _test(value, operator, expected):
            return False
    return True
