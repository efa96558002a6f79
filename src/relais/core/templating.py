"""Bounded rendering of user-written templates (Jinja2): the one place every such render goes.

A template written by a user (a campaign message, a one-to-one email, and later notification,
workflow and reply-macro templates) is untrusted code. Jinja2's ``ImmutableSandboxedEnvironment``
stops it from reaching Python objects, but not from spending the machine: ``(9**64)**64…``,
``'%0300000000d' % 1``, ``x|center(10**9)``, ``a ~ a`` doubled thirty times or loops nested ten
deep each run in a single request and hold the whole server. This module bounds every render,
whatever the expression, with four budgets counted as it runs (``Limits``):

- **size**: no operator or filter may produce a string, list or integer larger than
  ``max_value`` characters (or ``max_int_bits``); ``%``/``format`` widths are checked before
  formatting, ``center``/``indent``/``batch``/``slice``/``replace``/``join`` before they build;
- **work**: the characters produced by all operators and filters together (``max_work``) — this
  bounds memory as well as time, since a template cannot keep more than it produced;
- **loops**: iterations of every ``{% for %}`` together (``max_iterations``);
- **output and time**: the text written (``max_output``) and a wall-clock deadline checked at
  every loop iteration, operator, filter and output chunk.

Calls (functions, methods, macros) are refused when compiling, and constant folding is off, so
nothing of the template runs before the budgets are in place. A template over a budget raises
``TemplateRefused`` with a sentence that says which. ``render_isolated``
(``relais.core.template_worker``) adds a second wall for text typed interactively: the render
runs in a small pool of worker processes with a memory limit and a time-out.

This module imports nothing from Django so that the worker processes start quickly.
"""

from __future__ import annotations

import contextvars
import operator
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import (
    TemplateError,
    TemplateSyntaxError,
    filters,
    meta,
    nodes,
    pass_eval_context,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError


@dataclass(frozen=True, slots=True)
class Limits:
    max_source: int = 200_000  # characters of template text
    max_value: int = (
        50_000  # the longest string or list an operator or filter may build
    )
    max_int_bits: int = 4_096  # about 1,200 digits
    max_work: int = 5_000_000  # characters built by operators and filters, all together
    max_iterations: int = 20_000  # loop iterations, all loops together
    max_output: int = 1_000_000  # characters written per part
    seconds: float = 1.0  # wall clock per render


LIMITS = Limits()


class TemplateRefused(Exception):
    """A template that cannot be compiled or rendered; ``part`` and ``line`` say where."""

    def __init__(
        self, message: str, *, part: str = "", line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.part = part
        self.line = line


@dataclass(slots=True)
class _Budget:
    limits: Limits
    deadline: float
    work: int = 0
    iterations: int = 0
    output: int = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateRefused(
                f"the template takes too long to render (over {self.limits.seconds:g} s)"
            )


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "relais_template_budget", default=None
)


def _current() -> _Budget:
    budget = _budget.get()
    if (
        budget is None
    ):  # rendered outside ``render_bounded``: give it a budget of its own
        budget = _Budget(LIMITS, time.monotonic() + LIMITS.seconds)
        _budget.set(budget)
    return budget


def _too_long() -> TemplateRefused:
    return TemplateRefused(
        f"the template builds a value longer than {_current().limits.max_value:,} characters"
    )


def _expect_size(size: int) -> None:
    """Refuse before building a value of ``size`` characters (or items)."""
    budget = _current()
    budget.tick()
    if size > budget.limits.max_value:
        raise _too_long()
    budget.work += max(size, 0)
    if budget.work > budget.limits.max_work:
        raise TemplateRefused(
            "the template does too much work (it builds more than "
            f"{budget.limits.max_work:,} characters in all)"
        )


def _checked(value: Any) -> Any:
    """Count a built value against the budget; refuse one that is too large."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value.bit_length() > _current().limits.max_int_bits:
            raise TemplateRefused("the template computes a number that is too large")
        return value
    if isinstance(value, (str, list, tuple, dict)):
        _expect_size(len(value))
    return value


def _int_bits(value: Any) -> int:
    return value.bit_length() if isinstance(value, int) else 64


_SEQUENCE = (str, list, tuple)
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent(fmt: str) -> None:
    """Refuse ``%`` formats whose width or precision would build a huge string."""
    limit = _current().limits.max_value
    for match in _PERCENT.finditer(fmt):
        for number in match.groups():
            if number == "*" or (number and int(number) > limit):
                raise _too_long()


def _binop(op: str, left: Any, right: Any) -> Any:
    if op == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCE) and isinstance(count, int):
                _expect_size(len(seq) * count)
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and _int_bits(left) + _int_bits(right) > _current().limits.max_int_bits
        ):
            raise TemplateRefused("the template computes a number that is too large")
    elif op == "**":
        if isinstance(right, (int, float)) and abs(right) > 4_096:
            raise TemplateRefused("the template computes a power that is too large")
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and _int_bits(left) * right > _current().limits.max_int_bits
        ):
            raise TemplateRefused("the template computes a number that is too large")
    elif op == "+":
        if isinstance(left, _SEQUENCE) and isinstance(right, _SEQUENCE):
            _expect_size(len(left) + len(right))
    elif op == "%" and isinstance(left, str):
        _check_percent(left)
    return _checked(_OPERATORS[op](left, right))


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
}


def _bounded_loop(value: Iterable[Any]) -> Iterator[Any]:
    budget = _current()
    for item in value:
        budget.iterations += 1
        if budget.iterations > budget.limits.max_iterations:
            raise TemplateRefused(
                f"the template's loops run more than {budget.limits.max_iterations:,} times"
            )
        budget.tick()
        yield item


def _bounded_join(*values: str) -> str:
    _expect_size(sum(len(str(v)) for v in values))
    return "".join(values)


# --- Filters: the argument that sets a size is checked before the filter builds anything --


def _width_first(name: str, size: Callable[..., int]) -> Callable[..., Any]:
    original = filters.FILTERS[name]
    skip = (
        1 if hasattr(original, "jinja_pass_arg") else 0
    )  # the context Jinja passes first

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _expect_size(size(*args[skip:], **kwargs))
        return _checked(original(*args, **kwargs))

    bounded.__name__ = original.__name__
    if hasattr(original, "jinja_pass_arg"):
        bounded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


def _num(value: Any) -> int:
    return value if isinstance(value, int) else len(str(value))


def _center_size(value: Any, width: Any = 80) -> int:
    return max(len(str(value)), _num(width))


def _indent_size(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> int:
    text = str(value)
    return len(text) + (text.count("\n") + 1) * _num(width)


def _replace_size(value: Any, old: Any, new: Any, count: Any = None) -> int:
    text, old, new = str(value), str(old), str(new)
    hits = len(text) + 1 if not old else text.count(old)
    if count is not None and isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(len(new) - len(old), 0)


def _batch_size(value: Any, linecount: Any, fill_with: Any = None) -> int:
    return _num(linecount)


def _slice_size(value: Any, slices: Any, fill_with: Any = None) -> int:
    return _num(slices)


def _wordwrap_size(s: Any, width: Any = 79, *args: Any, **kw: Any) -> int:
    return len(str(s)) * 2


@pass_eval_context
def _join_filter(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
    items = list(_bounded_loop(value))
    _expect_size(sum(len(str(v)) for v in items) + len(str(d)) * max(len(items) - 1, 0))
    return filters.do_join(eval_ctx, items, d, attribute)


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    _check_percent(str(value))
    return str(_checked(filters.do_format(value, *args, **kwargs)))


def _truncate_size(
    s: Any,
    length: Any = 255,
    killwords: Any = False,
    end: Any = "...",
    leeway: Any = None,
) -> int:
    return len(str(s)) + len(str(end))


def _bounded_filters() -> dict[str, Callable[..., Any]]:
    bounded: dict[str, Callable[..., Any]] = {
        "center": _width_first("center", _center_size),
        "indent": _width_first("indent", _indent_size),
        "replace": _width_first("replace", _replace_size),
        "batch": _width_first("batch", _batch_size),
        "slice": _width_first("slice", _slice_size),
        "wordwrap": _width_first("wordwrap", _wordwrap_size),
        "join": _join_filter,
        "truncate": _width_first("truncate", _truncate_size),
        "format": _format_filter,
        "_bounded_loop": _bounded_loop,
    }
    for name, original in filters.FILTERS.items():
        if name not in bounded:
            bounded[name] = (
                _width_first(name, lambda *a, **k: 0) if original else original
            )
    return bounded


class _Generator(CodeGenerator):
    """``a ~ b`` joins through ``_bounded_join`` (its size counted) instead of ``str.join``."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_text(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with every operator, filter, loop and concatenation counted (see module)."""

    code_generator_class = _Generator
    intercepted_binops = frozenset(_OPERATORS)

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(
            autoescape=autoescape, keep_trailing_newline=True, optimized=False
        )
        self.filters = _bounded_filters()
        self.globals.clear()  # range, dict, lipsum, cycler, joiner, namespace: calls anyway

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        return _binop(operator_, left, right)

    @staticmethod
    def bounded_text(value: Any) -> Any:
        return _checked(value)


_ENVIRONMENTS = {
    False: BoundedSandbox(autoescape=False),
    True: BoundedSandbox(autoescape=True),
}


def _line_of(source: str, name: str) -> int | None:
    match = re.search(rf"\b{re.escape(name)}\b", source)
    return source.count("\n", 0, match.start()) + 1 if match else None


def _bound_loops(tree: nodes.Template) -> None:
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(
            loop.iter, "_bounded_loop", [], [], None, None, lineno=loop.lineno
        )


@lru_cache(maxsize=256)
def compile_part(
    source: str, names: frozenset[str], autoescape: bool, part: str
) -> Any:
    """Compile one part; raises ``TemplateRefused`` for syntax errors, unknown names, calls."""
    if len(source) > LIMITS.max_source:
        raise TemplateRefused(
            f"the template is longer than {LIMITS.max_source:,} characters", part=part
        )
    env = _ENVIRONMENTS[autoescape]
    try:
        tree = env.parse(source)
        unknown = sorted(meta.find_undeclared_variables(tree) - names)
        if unknown:
            name = unknown[0]
            raise TemplateRefused(
                f"unknown field '{name}' (fields: {', '.join(sorted(names))})",
                part=part,
                line=_line_of(source, name),
            )
        for node in tree.find_all(nodes.Call):
            raise TemplateRefused(
                "calling functions or methods is not allowed",
                part=part,
                line=node.lineno,
            )
        _bound_loops(tree)
        return env.from_string(tree)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(
            exc.message or "syntax error", part=part, line=exc.lineno
        ) from None
    except TemplateError as exc:
        raise TemplateRefused(str(exc), part=part) from None


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of a message to render: its name (``subject``, ``text``, ``html``)."""

    name: str
    source: str
    autoescape: bool = False


def render_compiled(
    template: Any, values: Mapping[str, Any], *, part: str = "", limits: Limits = LIMITS
) -> str:
    """Render a template from ``compile_part`` within ``limits``; raises ``TemplateRefused``."""
    budget = _Budget(limits, time.monotonic() + limits.seconds)
    token = _budget.set(budget)
    chunks: list[str] = []
    try:
        for chunk in template.generate(values):
            budget.output += len(chunk)
            if budget.output > limits.max_output:
                raise TemplateRefused(
                    f"the message would be longer than {limits.max_output:,} characters",
                    part=part,
                )
            budget.tick()
            chunks.append(chunk)
    except TemplateRefused as exc:
        exc.part = exc.part or part
        raise
    except (TemplateError, SecurityError) as exc:
        raise TemplateRefused(str(exc), part=part) from None
    except MemoryError:
        raise TemplateRefused("the template needs too much memory", part=part) from None
    except RecursionError:
        raise TemplateRefused("the template nests too deeply", part=part) from None
    except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
        raise TemplateRefused(f"cannot compute: {exc}", part=part) from None
    finally:
        _budget.reset(token)
    return "".join(chunks)


def render_bounded(
    parts: Iterable[Part], values: Mapping[str, Any], names: Iterable[str]
) -> dict[str, str]:
    """Compile and render each part within ``LIMITS`` (in this process); part name -> text."""
    allowed = frozenset(names)
    compiled = [
        (p, compile_part(p.source, allowed, p.autoescape, p.name)) for p in parts
    ]
    return {p.name: render_compiled(t, values, part=p.name) for p, t in compiled}
