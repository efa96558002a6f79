"""The freshness chart is plain SVG drawn on the server: shares per band, escaped labels."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from relais.privacy.models import FreshnessSnapshot
from relais.web.charts import band_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_no_data_no_chart():
    assert band_chart([]) == ""
    assert band_chart([FreshnessSnapshot(day=dt.date(2026, 1, 1))]) == ""


def test_columns_are_shares_of_the_base():
    snaps = [
        FreshnessSnapshot(day=dt.date(2026, 1, 1), fresh=3, ageing=1),
        FreshnessSnapshot(day=dt.date(2026, 1, 2), fresh=1, stale=1),
    ]
    root = ET.fromstring(band_chart(snaps))  # noqa: S314 - our own SVG, well-formed
    columns = [g for g in root.iter(f"{SVG}g")]
    assert len(columns) == 2
    heights = [[float(r.get("height")) for r in g.iter(f"{SVG}rect")] for g in columns]
    plot = heights[0][0] + heights[0][1]
    assert heights[0][0] == plot * 3 / 4  # fresh is 3 of 4
    assert heights[1] == [plot / 2, plot / 2]
    assert "3" in columns[0].find(f"{SVG}title").text


def test_text_is_escaped(monkeypatch):
    from relais.web import charts

    evil = dict.fromkeys(charts.COLOURS, "<script>alert('x')</script> & co")
    monkeypatch.setattr(charts, "band_labels", lambda: evil)
    svg = band_chart([FreshnessSnapshot(day=dt.date(2026, 1, 1), fresh=1)])
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    ET.fromstring(svg)  # noqa: S314 - our own SVG
