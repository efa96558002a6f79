"""Reading ``RELAIS_*`` environment variables strictly: a bad value stops start-up, clearly.

A typo such as ``RELAIS_CHECK_BLOCK=ture`` used to read as "false" and silently turn the message
check off. Every boolean, number and duration of settings.py goes through these helpers, which
refuse what they do not understand with ``ImproperlyConfigured`` naming the variable, the value
and what is accepted. An unset or empty variable takes the default.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})

# Units a duration may be written in, and their length in milliseconds.
UNITS = {
    "ms": 1,
    "s": 1000,
    "min": 60_000,
    "h": 3_600_000,
    "d": 86_400_000,
}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$")


def _raw(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _refuse(name: str, value: str, accepted: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value!r} is not valid: {accepted}.")


def env_str(name: str, default: str = "") -> str:
    """A text value, surrounding spaces removed."""
    return _raw(name) or default


def env_bool(name: str, default: bool) -> bool:
    """true/false, yes/no, on/off or 1/0, in any case."""
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise _refuse(name, value, "use true or false (also yes/no, on/off, 1/0)")


def _bounded(
    name: str, value: str, number: float, low: float | None, high: float | None
) -> float:
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = (
            f"between {low:g} and {high:g}"
            if low is not None and high is not None
            else f"at least {low:g}"
            if low is not None
            else f"at most {high:g}"
        )
        raise _refuse(name, value, f"give a number {bounds}")
    return number


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """A whole number, within the bounds when given."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise _refuse(name, value, "give a whole number, e.g. 5") from None
    return int(_bounded(name, value, number, minimum, maximum))


def env_float(
    name: str,
    default: float,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """A decimal number (a dot for decimals), within the bounds when given."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise _refuse(name, value, "give a number, e.g. 0.75") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _refuse(name, value, "give a finite number")
    return _bounded(name, value, number, minimum, maximum)


def env_duration(name: str, default: int, *, unit: str, minimum: int = 0) -> int:
    """A duration as a whole number of ``unit`` (ms, s, min, h, d): a bare number is in ``unit``
    (the unit the variable's name says), or give one explicitly: "90s", "2h", "30d"."""
    value = _raw(name)
    if value is None:
        return default
    found = _DURATION.match(value.lower())
    accepted = (
        f"give a number of {unit} or a duration such as 500ms, 90s, 15min, 2h, 30d"
        f" (at least {minimum} {unit})"
    )
    if not found or (found.group(2) and found.group(2) not in UNITS):
        raise _refuse(name, value, accepted)
    amount = float(found.group(1)) * UNITS[found.group(2) or unit] / UNITS[unit]
    if amount != int(amount) or amount < minimum:
        raise _refuse(name, value, accepted)
    return int(amount)
