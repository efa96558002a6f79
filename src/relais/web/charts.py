"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable without script.

``band_chart`` draws the freshness dashboard: one stacked column per daily snapshot, the share
of the base in each band (fresh, ageing, stale, not yet scored), with a legend and axis
labels. Every text is escaped; the caller marks the result safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relais.privacy.models import FreshnessSnapshot

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 54
COLOURS = {
    "fresh": "#2f9e6e",
    "ageing": "#e0a526",
    "stale": "#d9534f",
    "unknown": "#b8c0cc",
}


def svg_start(title: str, title_id: str) -> str:
    """The opening of a chart: the SVG element and its accessible title."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{title_id}" class="band-chart">'
        f'<title id="{title_id}">{escape(title)}</title>'
    )


def gridline(y: float, label: str) -> str:
    """A horizontal line across the plot at ``y`` with its value on the left axis."""
    return (
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
        'stroke="#e3e7ee" stroke-width="1"/>'
        f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="#667085">{escape(label)}</text>'
    )


def legend(entries: Sequence[tuple[str, str]]) -> str:
    """Colour swatches with their labels, in a row under the plot: (label, colour) pairs."""
    parts, x = [], LEFT
    for label, colour in entries:
        parts.append(
            f'<rect x="{x}" y="{HEIGHT - 18}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{HEIGHT - 9}" font-size="12" fill="#344054">'
            f"{escape(label)}</text>"
        )
        x += 30 + 7 * len(label)
    return "".join(parts)


def band_labels() -> dict[str, str]:
    return {
        "fresh": _("Fresh"),
        "ageing": _("Ageing"),
        "stale": _("Probably stale"),
        "unknown": _("Not scored yet"),
    }


def band_chart(snapshots: Sequence[FreshnessSnapshot]) -> str:
    """An SVG of the share of the base per band over time (empty string without data)."""
    points = [s for s in snapshots if s.total]
    if not points:
        return ""
    labels = band_labels()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(points)
    bar = min(
        max(1.0, step * 0.8), 48.0
    )  # a few days of data: narrow columns, not slabs
    parts = [
        svg_start(_("Share of the base by freshness band over time"), "chart-title")
    ]
    for pct in (0, 25, 50, 75, 100):
        parts.append(gridline(TOP + plot_h * (1 - pct / 100), f"{pct}%"))
    for index, snap in enumerate(points):
        x = LEFT + index * step + (step - bar) / 2
        y = TOP + plot_h
        tip = " · ".join(
            f"{labels[b]} {getattr(snap, b)}" for b in COLOURS if getattr(snap, b)
        )
        parts.append(
            f"<g><title>{escape(date_format(snap.day))}: {escape(tip)}</title>"
        )
        for band, colour in COLOURS.items():
            count = getattr(snap, band)
            if not count:
                continue
            h = plot_h * count / snap.total
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"/>'
            )
        parts.append("</g>")
    for index in sorted({0, len(points) - 1}):
        x = LEFT + index * step + step / 2
        anchor = "start" if index == 0 and len(points) > 1 else "middle"
        if index and index == len(points) - 1 and len(points) > 1:
            anchor = "end"
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="{anchor}" font-size="11" '
            f'fill="#667085">{escape(date_format(points[index].day))}</text>'
        )
    parts.append(legend([(labels[band], colour) for band, colour in COLOURS.items()]))
    parts.append("</svg>")
    return "".join(parts)
