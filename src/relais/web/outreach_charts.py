"""The campaign report's chart, drawn like the freshness dashboard's (relais.web.charts): inline
SVG, no JavaScript, every text escaped; the caller marks the result safe.

``day_chart``: one group of columns per day — messages sent, people who opened, people who
clicked (human figures), and machine opens in grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relais.outreach.selectors.report import DayFigures

from .charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, gridline, legend, svg_start

SERIES = (
    ("sent", "#8aa4c8"),
    ("opens", "#2f9e6e"),
    ("clicks", "#e0a526"),
    ("machine_opens", "#b8c0cc"),
)


def series_labels() -> dict[str, str]:
    return {
        "sent": _("Sent"),
        "opens": _("Opened (people)"),
        "clicks": _("Clicked (people)"),
        "machine_opens": _("Opened by machines"),
    }


def day_chart(days: Sequence[DayFigures]) -> str:
    """An SVG of the campaign day by day (empty string without data)."""
    if not days:
        return ""
    labels = series_labels()
    top = max(max(getattr(d, name) for name, _c in SERIES) for d in days) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(days)
    bar = min(max(1.0, step * 0.8 / len(SERIES)), 18.0)
    parts = [svg_start(_("The campaign day by day"), "campaign-chart-title")]
    for share in (0, 0.5, 1):
        parts.append(gridline(TOP + plot_h * (1 - share), str(round(top * share))))
    for index, figures in enumerate(days):
        left = LEFT + index * step + (step - bar * len(SERIES)) / 2
        tip = " · ".join(f"{labels[n]} {getattr(figures, n)}" for n, _c in SERIES)
        parts.append(
            f"<g><title>{escape(date_format(figures.day))}: {escape(tip)}</title>"
        )
        for position, (name, colour) in enumerate(SERIES):
            h = plot_h * getattr(figures, name) / top
            parts.append(
                f'<rect x="{left + position * bar:.1f}" y="{TOP + plot_h - h:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
        parts.append("</g>")
    for index in sorted({0, len(days) - 1}):
        x = LEFT + index * step + step / 2
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
            f'font-size="11" fill="#667085">{escape(date_format(days[index].day))}</text>'
        )
    parts.append(legend([(labels[name], colour) for name, colour in SERIES]))
    parts.append("</svg>")
    return "".join(parts)
