"""The web editor's way of writing steps: one line each, turned into the workflow's JSON.

    wait 2h
    wait for activated up to 3d
    if no order_placed            (else the run stops)
    if consent marketing
    if tag vip
    send Relance panier           (a template's name)
    task Call back [in 2d]
    tag hot-lead
    set city Lyon

Pure functions; ``lines_of`` writes the JSON back as lines, so editing round-trips.
"""

from __future__ import annotations

import re
from typing import Any

from relais.core.errors import InvalidInput

_TASK_DUE = re.compile(r"^(?P<title>.+?)\s+in\s+(?P<due>\d+\s*[smhdw])$")


def _one(line: str) -> dict[str, Any]:
    word, _, rest = line.partition(" ")
    word, rest = word.lower(), rest.strip()
    if word == "wait":
        match = re.fullmatch(r"for\s+(\S+)\s+up\s+to\s+(\S+)", rest)
        if match:
            return {
                "kind": "wait",
                "until_event": match.group(1),
                "timeout": match.group(2),
            }
        return {"kind": "wait", "for": rest}
    if word == "if":
        test, _, value = rest.partition(" ")
        value = value.strip()
        if test == "no" and value:
            return {"kind": "condition", "no_event": value, "else": "stop"}
        if test in ("consent", "tag") and value:
            key = "consent" if test == "consent" else "has_tag"
            return {"kind": "condition", key: value, "else": "stop"}
        raise ValueError("write 'if no EVENT', 'if consent marketing' or 'if tag NAME'")
    if word == "send" and rest:
        return {"kind": "send_template", "template": rest, "purpose": "marketing"}
    if word == "task" and rest:
        match = _TASK_DUE.match(rest)
        if match:
            return {
                "kind": "create_task",
                "title": match.group("title"),
                "due_in": match.group("due"),
            }
        return {"kind": "create_task", "title": rest}
    if word == "tag" and rest:
        return {"kind": "add_tag", "tag": rest}
    if word == "set" and rest:
        field, _, value = rest.partition(" ")
        return {"kind": "set_field", "field": field, "value": value.strip()}
    raise ValueError("start with wait, if, send, task, tag or set")


def steps_from_lines(text: str) -> list[dict[str, Any]]:
    """The steps of ``text``; raises InvalidInput naming the first bad line."""
    steps = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            steps.append(_one(" ".join(line.split())))
        except ValueError as exc:
            raise InvalidInput({"steps": f"line {number}: {exc}."}) from None
    return steps


def lines_of(steps: list[dict[str, Any]]) -> str:
    """The editor's lines for stored steps."""
    out = []
    for step in steps:
        kind = step.get("kind")
        if kind == "wait":
            out.append(
                f"wait for {step['until_event']} up to {step['timeout']}"
                if "until_event" in step
                else f"wait {step['for']}"
            )
        elif kind == "condition":
            if "no_event" in step:
                out.append(f"if no {step['no_event']}")
            elif "consent" in step:
                out.append(f"if consent {step['consent']}")
            elif "has_tag" in step:
                out.append(f"if tag {step['has_tag']}")
        elif kind == "send_template":
            out.append(f"send {step['template']}")
        elif kind == "create_task":
            due = f" in {step['due_in']}" if step.get("due_in") else ""
            out.append(f"task {step['title']}{due}")
        elif kind == "add_tag":
            out.append(f"tag {step['tag']}")
        elif kind == "set_field":
            out.append(f"set {step['field']} {step.get('value', '')}".rstrip())
    return "\n".join(out)
