"""Cost of a bounded render: in process (``render_bounded``, the sender's path) and in the
worker pool (``render_isolated``, the editor's and the API's previews), against the plain
sandbox Jinja2 render the sender used before (issue 25).

    .venv/bin/python bench/bench_template_render.py --renders 2000
"""

from __future__ import annotations

import argparse
import time

from jinja2.sandbox import ImmutableSandboxedEnvironment

from relais.core.template_worker import render_isolated
from relais.core.templating import Part, compile_part, render_compiled

TEXT = (
    "Bonjour {{ first_name | default('Madame, Monsieur') }},\n\n"
    "Suite à notre échange avec {{ organisation }}, voici le programme.\n"
    "{% for c in city %}{{ c }}{% endfor %}\n-- \n{{ signature }}\n"
)
VALUES = {
    "first_name": "Hélène",
    "organisation": "Fromagerie Lefèvre",
    "city": "Lyon",
    "signature": "Marc",
}


def _per_render(fn, renders: int) -> float:
    fn()  # warm (a worker process starts on first use)
    started = time.perf_counter()
    for _ in range(renders):
        fn()
    return (time.perf_counter() - started) / renders * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=2000)
    renders = parser.parse_args().renders
    plain = ImmutableSandboxedEnvironment().from_string(TEXT)
    bounded = compile_part(TEXT, frozenset(VALUES), False, "text")
    rows = [
        (
            "plain sandbox (baseline)",
            _per_render(lambda: plain.render(VALUES), renders),
        ),
        (
            "bounded, in process",
            _per_render(lambda: render_compiled(bounded, VALUES), renders),
        ),
        (
            "bounded, worker pool",
            _per_render(
                lambda: render_isolated([Part("text", TEXT)], VALUES, VALUES), renders
            ),
        ),
    ]
    base = rows[0][1]
    print("| render | µs per render | ratio to baseline |\n|---|---|---|")
    for name, micros in rows:
        print(f"| {name} | {micros:,.0f} | {micros / base:.1f} |")


if __name__ == "__main__":
    main()
