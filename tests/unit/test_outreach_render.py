"""Rendering templates in the sandbox: fields, fallbacks, escaping, and injection attempts."""

from __future__ import annotations

import pytest

from relais.outreach.services.render import (
    FIELDS,
    TemplateProblem,
    compile_message,
    template_fields,
)

FIELDS_OF_HELENE = {
    "first_name": "Hélène",
    "last_name": "Lefèvre",
    "organisation": "Acme <R&D>",
    "sender_name": "Marc",
}


def render(subject="S", text="", html=""):
    return compile_message(subject, text, html).render(FIELDS_OF_HELENE)


def test_fields_and_fallbacks():
    out = render(
        "Pour {{ organisation }}",
        "Bonjour {{ first_name }} {{ title | default('') }}{{ city | default('de Lyon') }}",
    )
    assert out.subject == "Pour Acme <R&D>"
    assert out.text == "Bonjour Hélène de Lyon"


def test_an_empty_field_takes_its_fallback():
    compiled = compile_message(
        "S", "Bonjour {{ first_name | default('Madame, Monsieur') }}"
    )
    assert compiled.render({"first_name": ""}).text == "Bonjour Madame, Monsieur"


def test_html_is_escaped_and_text_is_not():
    out = render(text="{{ organisation }}", html="<p>{{ organisation }}</p>")
    assert out.text == "Acme <R&D>"
    assert out.html == "<p>Acme &lt;R&amp;D&gt;</p>"


def test_every_field_is_documented_for_the_editor():
    names = [name for name, _ in template_fields()]
    assert names == list(FIELDS)
    assert {"first_name", "organisation", "signature", "unsubscribe_url"} <= set(names)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ first_name.__class__ }}",
        "{{ config }}",
        "{{ settings.SECRET_KEY }}",
        "{{ contact.delete() }}",
        "{{ self.__init__.__globals__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ first_name.upper() }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "{{ 'a' * 100000000 }}",
        "{{ 9 ** 9 ** 9 }}",
        "{{ first_name | attr('__class__') }}",
    ],
)
def test_injection_attempts_fail_safely(source):
    try:
        out = render(text=source)
    except TemplateProblem as exc:
        assert exc.message
        return
    assert "class" not in out.text and "function" not in out.text
    assert len(out.text) < 1000


def test_a_syntax_error_names_the_part_and_line():
    with pytest.raises(TemplateProblem) as caught:
        compile_message("S", "ligne 1\nligne 2 {{ first_name ")
    assert caught.value.part == "text" and caught.value.line == 2


def test_an_unknown_filter_or_field_is_refused_at_compile_time():
    with pytest.raises(TemplateProblem, match="filter"):
        compile_message("S", "{{ first_name | shout }}")
    with pytest.raises(TemplateProblem, match="unknown field 'frist_name'") as caught:
        compile_message("S", "Bonjour\n{{ frist_name }}")
    assert caught.value.line == 2


def test_a_step_is_compiled_once():
    assert compile_message("S", "x {{ first_name }}") is compile_message(
        "S", "x {{ first_name }}"
    )
