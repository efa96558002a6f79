"""Hostile templates end quickly with a clear refusal; ordinary ones render as before.

Each template below held the server for minutes, or built hundreds of megabytes, before
rendering was bounded (issue 25). They are refused by the in-process budgets
(``render_bounded``) and by the worker process (``render_isolated``) alike.
"""

from __future__ import annotations

import time

import pytest

from relais.core.template_worker import render_isolated
from relais.core.templating import Part, TemplateRefused, render_bounded

NAMES = ["first_name", "organisation"]
VALUES = {"first_name": "Hélène", "organisation": "Acme <R&D>"}

DOUBLING = "{% set a = 'x' * 10000 %}" + "".join(
    f"{{% set a = a {op} a %}}" for op in ["~"] * 6
)

HOSTILE = {
    "nested powers": "{{ ((((9**64)**64)**64)**64)**64 }}",
    "huge power": "{{ 9 ** 999999 }}",
    "percent width": "{{ '%0300000000d' % 1 }}",
    "percent star": "{{ '%*d' % (300000000, 1) }}",
    "format filter": "{{ '%0300000000d' | format(1) }}",
    "center": "{{ first_name | center(300000000) }}",
    "indent": "{{ first_name | indent(300000000, true) }}",
    "replace": "{{ ('x' * 10000) | replace('', 'yyyyyyyyyy') }}",
    "concat doubling": DOUBLING + "{{ a }}",
    "plus doubling": DOUBLING.replace("~", "+") + "{{ a }}",
    "repeat": "{{ 'x' * 300000000 }}",
    "list repeat": "{{ [1, 2] * 300000000 }}",
    "batch fill": "{{ [1] | batch(300000000, 'x') | list }}",
    "slice": "{{ [1] | slice(300000000) | list }}",
    "join": "{{ ('x' * 10000) | list | join('y' * 10000) }}",
    "nested loops": "{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}"
    "{% for c in 'x' * 1000 %}{% endfor %}{% endfor %}{% endfor %}",
    "output": "{% for a in 'x' * 10000 %}{{ 'y' * 10000 }}{% endfor %}",
    "work": "{% for a in 'x' * 10000 %}{% set b = 'y' * 40000 %}{% endfor %}",
    "big multiply": "{% set n = 9 ** 200 %}{{ n * n * n * n * n * n * n * n }}",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_template_is_refused_quickly_in_process(name):
    started = time.monotonic()
    with pytest.raises(TemplateRefused) as refused:
        render_bounded([Part("text", HOSTILE[name])], VALUES, NAMES)
    assert time.monotonic() - started < 2
    assert refused.value.part == "text"
    assert refused.value.message.startswith(
        "the "
    )  # a sentence, not an exception's repr


@pytest.mark.parametrize(
    "name", ["nested powers", "percent width", "nested loops", "join"]
)
def test_a_hostile_template_is_refused_quickly_in_the_worker(name):
    started = time.monotonic()
    with pytest.raises(TemplateRefused):
        render_isolated([Part("text", HOSTILE[name])], VALUES, NAMES)
    assert time.monotonic() - started < 2


def test_ordinary_templates_render_the_same_in_both_places():
    parts = [
        Part("subject", "Pour {{ organisation }}"),
        Part(
            "text",
            "Bonjour {{ first_name | default('vous') | upper }} {{ first_name ~ '!' }} "
            "{% for c in first_name %}{{ loop.index }}{% endfor %} {{ '%.2f' % 3.14159 }} "
            "{{ ['a', 'b'] | join(', ') }} {{ organisation | center(14) }}|"
            "{{ 2 ** 10 }} {{ 'ab' * 3 }}",
        ),
        Part("html", "<p>{{ organisation }}</p>", autoescape=True),
    ]
    expected = {
        "subject": "Pour Acme <R&D>",
        "text": "Bonjour HÉLÈNE Hélène! 123456 3.14 a, b   Acme <R&D>  |1024 ababab",
        "html": "<p>Acme &lt;R&amp;D&gt;</p>",
    }
    assert render_bounded(parts, VALUES, NAMES) == expected
    assert render_isolated(parts, VALUES, NAMES) == expected


def test_a_worker_that_does_not_answer_in_time_is_replaced():
    slow = [Part("text", "{% for a in 'x' * 20000 %}{{ a }}{% endfor %}")]
    with pytest.raises(TemplateRefused, match="takes too long"):
        render_isolated(slow, VALUES, NAMES, timeout=0.000_1)
    assert render_isolated([Part("text", "{{ first_name }}")], VALUES, NAMES) == {
        "text": "Hélène"
    }


def test_calls_and_unknown_names_are_refused_when_compiling():
    with pytest.raises(TemplateRefused, match="calling functions"):
        render_bounded([Part("text", "{{ first_name.center(10) }}")], VALUES, NAMES)
    with pytest.raises(TemplateRefused, match="unknown field 'range'") as refused:
        render_bounded([Part("text", "\n{{ range(10) }}")], VALUES, NAMES)
    assert refused.value.line == 2
