"""The charts (careerpaths.viz): Altair specs rendered to SVG by vl-convert, offline.

What must hold whatever the chart: only published figures are drawn (a suppressed value
or a range draws no mark, only its text, and is not in the chart's data at all), the SVG
is one accessible image (role, name, title, description) with nothing external in it,
and a chart rendered again comes from the cache.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from careerpaths import viz
from careerpaths.viz import figures

NS = "{http://www.w3.org/2000/svg}"


def marks(svg: str, kind: str) -> int:
    """How many items the chart's ``kind`` marks (rect, symbol, rule, text…) drew."""
    root = ET.fromstring(svg)
    return sum(
        len(list(g))
        for g in root.iter(f"{NS}g")
        if f"mark-{kind} role-mark" in (g.get("class") or "")
    )


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text")]


def self_contained_image(svg: str, title: str, desc: str) -> None:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label") == title
    first, second = list(root)[:2]
    assert (first.tag, first.text) == (f"{NS}title", title)
    assert (second.tag, second.text) == (f"{NS}desc", desc)
    # one image: no ARIA role or name of Vega's own inside it
    inner = [e for e in root.iter() if e is not root]
    assert not [e for e in inner if e.get("role") or e.get("aria-label")]
    assert "<script" not in svg and "<image" not in svg and "<foreignObject" not in svg
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", svg)


ITEMS = [
    viz.Item("Alpha High School", viz.rate_value("42.5%"), "42.5% (n=120)"),
    viz.Item("Beta High School", viz.rate_value("*"), "* (n=*)"),
    viz.Item("Gamma High School", viz.rate_value("≤5%"), "≤5% (n=40)"),
    viz.Item("Delta High School", viz.rate_value("≥95%"), "≥95% (n=60)"),
]


def test_rate_value_reads_only_a_plain_percentage() -> None:
    assert viz.rate_value("42.5%") == 42.5
    assert viz.rate_value("0.0%") == 0.0
    for text in ("*", "≤5%", "≥95%", "—", "", "n/a"):
        assert viz.rate_value(text) is None


def test_a_suppressed_value_or_a_range_draws_no_bar_only_its_text() -> None:
    svg = viz.bars("Participation", "Share of students, by school.", ITEMS)
    self_contained_image(svg, "Participation", "Share of students, by school.")
    assert marks(svg, "rect") == 1  # Alpha's bar only
    shown = texts(svg)
    for it in ITEMS:
        assert it.label in shown and it.text in shown
    rows = figures.bars_spec(ITEMS)["datasets"]["rows"]
    assert [r["value"] for r in rows] == [42.5, None, None, None]
    assert [r["label"] for r in rows] == [it.label for it in ITEMS]  # the order given


def test_a_chart_holds_nothing_but_what_it_is_given() -> None:
    """The spec's data is the published labels, texts and values: a suppressed cell has
    no number in it, and a number nobody passed in is nowhere in the SVG."""
    secret = "83.3"  # say, the true rate behind Beta's "*"
    spec = figures.bars_spec(ITEMS)
    beta = spec["datasets"]["rows"][1]
    assert beta["value"] is None and not re.search(r"\d", beta["text"])
    assert set(spec["datasets"]) == {"rows"}  # one dataset, no URL
    for svg in (
        viz.bars("t", "d", ITEMS),
        viz.index_bars("t", "d", [viz.Item("Beta", None, "*")]),
        viz.intervals("t", "d", [viz.Item("Beta", None, "*")]),
    ):
        assert secret not in svg


def test_representation_index_bars_start_at_parity() -> None:
    items = [
        viz.Item("Under", 0.6, "0.60 (n=40)"),
        viz.Item("Suppressed", None, "*"),
        viz.Item("Over", 1.4, "1.40 (n=50)"),
        viz.Item("Far over", 3.0, "3.00 (n=50)"),
    ]
    svg = viz.index_bars("Representation index", "1 is proportional.", items)
    self_contained_image(svg, "Representation index", "1 is proportional.")
    assert marks(svg, "rect") == 3
    rows = figures.index_spec(items)["datasets"]["rows"]
    assert (rows[0]["lo"], rows[0]["hi"], rows[0]["colour"]) == (0.6, 1.0, figures.NEG)
    assert "lo" not in rows[1] and "colour" not in rows[1]
    assert (rows[3]["lo"], rows[3]["hi"]) == (1.0, 2.0)  # clipped at 2
    assert "3.00 (n=50)" in texts(svg)


def test_gaps_draw_a_dot_and_its_interval() -> None:
    items = [
        viz.Item("A", -12.3, "-12.3 [-20.1, -4.0] (n=40)", -20.1, -4.0),
        viz.Item("B", None, "*"),
        viz.Item("C", 5.0, "+5.0 (n=50)"),
    ]
    svg = viz.intervals("Gap", "Percentage points.", items)
    self_contained_image(svg, "Gap", "Percentage points.")
    assert marks(svg, "symbol") == 2  # A and C
    assert marks(svg, "rule") == 2  # the zero line and A's interval
    assert "-30" in texts(svg) and "+30" in texts(svg)  # the scale fits the interval


def test_a_trend_breaks_at_a_suppressed_year() -> None:
    years = ["2023-24", "2024-25", "2025-26"]
    every = [viz.Item(y, v, f"{v}%") for y, v in zip(years, (20.0, 22.0, 25.0), strict=True)]
    asian = [
        viz.Item("2023-24", 30.0, "30%"),
        viz.Item("2024-25", None, "*"),
        viz.Item("2025-26", 35.0, "35%"),
    ]
    series = [("All students", every), ("Asian", asian)]
    svg = viz.trend("Participation by year", "By group.", years, series)
    self_contained_image(svg, "Participation by year", "By group.")
    assert marks(svg, "symbol") == 5  # no point for the suppressed year
    assert {"All students", "Asian", *years} <= set(texts(svg))
    rows = figures.trend_spec(years, series)["datasets"]["rows"]
    assert [r["value"] for r in rows if r["series"] == "Asian"] == [30.0, None, 35.0]


def test_the_same_chart_is_rendered_once() -> None:
    viz.cache_clear()
    items = [viz.Item("Cached", 10.0, "10.0%")]
    first = viz.bars("One", "d", items)
    before = viz.cache_info()
    again = viz.bars("One", "d", items)
    assert viz.cache_info().hits == before.hits + 1 and again == first
    # the title and description are the page's (its language), outside the cache
    other = viz.bars("Uno", "d", items)
    assert viz.cache_info().hits == before.hits + 2 and 'aria-label="Uno"' in other


def test_no_data_is_fetched() -> None:
    spec = {
        "data": {"url": "https://example.org/data.csv"},
        "mark": "bar",
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
    }
    with pytest.raises(ValueError, match="not allowed"):
        viz.render(spec, title="t", desc="d")
