"""Charts of published figures: bars, a representation index, intervals, a trend.

Every chart draws only what is published: an :class:`Item` carries the published text
and, when that text is a plain number, the value to draw. A suppressed value draws no
mark, only its label and text (``*``); a range such as ``≤5%`` draws no bar either, only
the range as text. The data handed to Vega-Lite — the spec's one dataset, ``rows``, see
:func:`bars_spec` and the others — is those published labels, texts and values and
nothing else, so a suppressed number cannot be in a chart at all. The page puts the same
figures in a table beside each chart.

The rows keep the order they are given in (the report's order, as in the tables).

Each chart's Vega-Lite spec is built (and validated) by Altair once per kind and scale and
kept; a chart is that spec with its rows and their height, rendered by
:func:`careerpaths.viz.render.render` (cached by the spec's JSON).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt

from careerpaths.viz.render import render, with_data

BAR = "#1f5f9e"  # 6.6:1 on white
NEG = "#a33a00"  # 6.6:1
AXIS = "#4a5560"  # 7.6:1
INK = "#222222"
GRID = "#d5dbe1"
FONT = "system-ui, sans-serif"
LABEL_W = 230  # the labels' column
PLOT_W = 400  # the bars' length at the maximum
ROW = 24
#: Line colours and dash patterns of the trend, in order (each 6:1 or more on white).
PALETTE = ("#1f5f9e", "#a33a00", "#2f6b2f", "#6a3d9a", "#7a5c00", "#005f5f", "#8b1c62", "#333333")
DASHES = ((1, 0), (6, 3), (2, 2), (8, 3, 2, 3))
ROWS = "rows"  # the name of the one dataset of every spec here

Spec = dict[str, Any]


@dataclass(frozen=True)
class Item:
    """One mark: a label, the value to draw (``None``: none), the text shown beside it."""

    label: str
    value: float | None
    text: str
    low: float | None = None
    high: float | None = None


def rate_value(text: str) -> float | None:
    """``"42.5%"`` → 42.5; a range (``≤5%``), ``*`` or anything else → None (no bar)."""
    if text.endswith("%") and text[:1].isdigit():
        return float(text[:-1])
    return None


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _clip(v: float, lo: float, hi: float) -> float:
    return max(lo, min(v, hi))


def configure(chart: Any) -> Any:
    """The house style: the page's font, muted axes, no frame, no ARIA per mark."""
    return (
        chart.configure(font=FONT, aria=False, background="white")
        .configure_view(stroke=None)
        .configure_axis(
            labelColor=AXIS,
            titleColor=INK,
            gridColor=GRID,
            domain=False,
            ticks=False,
            labelFontSize=12,
            titleFontSize=12,
            titleFontWeight="normal",
        )
        .configure_legend(labelColor=INK, labelFontSize=12)
        .configure_text(fontSize=12, color=INK)
    )


def framed(chart: Any, *, left: int, right: int, top: int = 6, bottom: int = 26) -> Any:
    """Fixed margins around the plot (``width`` × ``height``), not ones fitted to the text
    as vl-convert measures it: the browser draws the text in the page's own font, which
    may be wider, so labels and figures get the room the hand-drawn charts gave them."""
    return chart.properties(
        autosize=alt.AutoSizeParams(type="none", contains="content"),
        padding={"left": left, "right": right, "top": top, "bottom": bottom},
    )


def _base(width: int) -> Any:
    # the height is the rows' (see _sized): one template serves any number of rows
    return alt.Chart(alt.NamedData(ROWS)).properties(width=width, height=ROW)


def _sized(template: Spec, rows: list[dict[str, Any]]) -> Spec:
    spec = with_data(template, {ROWS: rows})
    spec["height"] = ROW * max(len(rows), 1)
    return spec


def _y() -> Any:
    return alt.Y("row:O", axis=None, scale=alt.Scale(paddingInner=0.3, paddingOuter=0.15))


def _labels(base: Any) -> Any:
    return base.mark_text(align="right", baseline="middle", dx=-8, limit=LABEL_W - 10).encode(
        x=alt.value(0), y=_y(), text="label:N"
    )


def _texts(base: Any, scale: Any, dx: int = 4) -> Any:
    return base.mark_text(align="left", baseline="middle", dx=dx).encode(
        x=alt.X("at:Q", scale=scale), y=_y(), text="text:N"
    )


def _axis(values: Sequence[float], label_expr: str) -> Any:
    return alt.Axis(values=list(values), labelExpr=label_expr, title=None, grid=True)


# --------------------------------------------------------------------------- bars


@lru_cache(maxsize=16)
def _bars_template(maximum: float) -> Spec:
    scale = alt.Scale(domain=[0, maximum], nice=False, zero=True)
    ticks = [maximum * t for t in (0, 0.25, 0.5, 0.75, 1.0)]
    suffix = " + '%'" if maximum == 100.0 else ""
    base = _base(PLOT_W)
    chart = alt.layer(
        base.transform_filter("isValid(datum.value)")
        .mark_bar(color=BAR, size=15)
        .encode(x=alt.X("value:Q", scale=scale, axis=_axis(ticks, f"datum.value{suffix}")), y=_y()),
        _labels(base),
        _texts(base, scale),
    )
    out: Spec = configure(framed(chart, left=LABEL_W, right=90)).to_dict()
    return out


def bars_spec(items: Sequence[Item], *, maximum: float = 100.0) -> Spec:
    """Horizontal bars from 0 to ``maximum`` (percentages by default): the spec."""
    rows = [
        {
            "row": i,
            "label": _short(it.label),
            "value": None if it.value is None else _clip(it.value, 0.0, maximum),
            "text": it.text,
            "at": 0.0 if it.value is None else _clip(it.value, 0.0, maximum),
        }
        for i, it in enumerate(items)
    ]
    return _sized(_bars_template(float(maximum)), rows)


def bars(title: str, desc: str, items: Sequence[Item], *, maximum: float = 100.0) -> str:
    """Horizontal bars from 0 to ``maximum`` (percentages by default)."""
    return render(bars_spec(items, maximum=maximum), title=title, desc=desc)


# --------------------------------------------------------------------------- index


@lru_cache(maxsize=1)
def _index_template() -> Spec:
    scale = alt.Scale(domain=[0, 2], nice=False)
    base = _base(PLOT_W)
    chart = alt.layer(
        base.transform_filter("isValid(datum.lo)")
        .mark_bar(size=15)
        .encode(
            x=alt.X("lo:Q", scale=scale, axis=_axis((0, 0.5, 1, 1.5, 2), "datum.value")),
            x2="hi:Q",
            y=_y(),
            color=alt.Color("colour:N", scale=None),
        ),
        base.transform_filter("datum.row == 0")
        .mark_rule(color=INK)
        .encode(x=alt.datum(1, scale=scale)),
        _labels(base),
        _texts(base, scale),
    )
    out: Spec = configure(framed(chart, left=LABEL_W, right=90)).to_dict()
    return out


def index_spec(items: Sequence[Item]) -> Spec:
    rows = []
    for i, it in enumerate(items):
        row: dict[str, Any] = {"row": i, "label": _short(it.label), "text": it.text, "at": 1.0}
        if it.value is not None:
            v = _clip(it.value, 0.0, 2.0)
            row.update(lo=min(1.0, v), hi=max(1.0, v), at=max(1.0, v))
            row["colour"] = BAR if it.value >= 1 else NEG
        rows.append(row)
    return _sized(_index_template(), rows)


def index_bars(title: str, desc: str, items: Sequence[Item]) -> str:
    """Representation index: bars from the parity line at 1 (0 to 2, longer ones clipped)."""
    return render(index_spec(items), title=title, desc=desc)


# --------------------------------------------------------------------------- intervals


@lru_cache(maxsize=16)
def _intervals_template(limit: float) -> Spec:
    scale = alt.Scale(domain=[-limit, limit], nice=False)
    ticks = (-limit, -limit / 2, 0.0, limit / 2, limit)
    base = _base(PLOT_W - 20)  # the interval's text is longer
    chart = alt.layer(
        base.transform_filter("datum.row == 0")
        .mark_rule(color=INK)
        .encode(x=alt.datum(0, scale=scale)),
        base.transform_filter("isValid(datum.low)")
        .mark_rule(color=AXIS, strokeWidth=2)
        .encode(x=alt.X("low:Q", scale=scale), x2="high:Q", y=_y()),
        base.transform_filter("isValid(datum.value)")
        .mark_circle(size=80, opacity=1)
        .encode(
            x=alt.X(
                "value:Q",
                scale=scale,
                axis=_axis(ticks, "(datum.value > 0 ? '+' : '') + datum.value"),
            ),
            y=_y(),
            color=alt.Color("colour:N", scale=None),
        ),
        _labels(base),
        _texts(base, scale, dx=6),
    )
    out: Spec = configure(framed(chart, left=LABEL_W, right=110)).to_dict()
    return out


def intervals_spec(items: Sequence[Item]) -> Spec:
    spans = [abs(v) for it in items for v in (it.value, it.low, it.high) if v is not None]
    limit = max(10.0, math.ceil(max(spans, default=10.0) / 10.0) * 10.0)
    rows = []
    for i, it in enumerate(items):
        row: dict[str, Any] = {"row": i, "label": _short(it.label), "text": it.text, "at": 0.0}
        if it.value is not None:
            row.update(value=it.value, colour=BAR if it.value >= 0 else NEG)
            if it.low is not None and it.high is not None:
                row.update(low=it.low, high=it.high)
            row["at"] = it.high if it.high is not None else it.value
        rows.append(row)
    return _sized(_intervals_template(limit), rows)


def intervals(title: str, desc: str, items: Sequence[Item]) -> str:
    """Gaps in percentage points: a dot and its 95% interval around the zero line."""
    return render(intervals_spec(items), title=title, desc=desc)


# --------------------------------------------------------------------------- trend


@lru_cache(maxsize=64)
def _trend_template(names: tuple[str, ...], years: tuple[str, ...], top: float) -> Spec:
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(names))]
    dashes = [list(DASHES[i % len(DASHES)]) for i in range(len(names))]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=list(names), range=colours),
        legend=alt.Legend(
            title=None, symbolType="stroke", symbolSize=400, symbolStrokeWidth=2, labelLimit=170
        ),
    )
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=list(names), range=dashes))
    x = alt.X("year:O", sort=list(years), scale=alt.Scale(type="point", padding=0.25))
    x = x.axis(title=None, labelAngle=0, grid=False)
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=_axis([top * k / 4 for k in range(5)], "datum.value + '%'"),
    )
    base = alt.Chart(alt.NamedData(ROWS)).properties(width=480, height=206)
    chart = alt.layer(
        base.mark_line(strokeWidth=2, invalid="break-paths-show-domains").encode(
            x=x, y=y, color=colour, strokeDash=dash
        ),
        base.transform_filter("isValid(datum.value)")
        .mark_circle(size=40, opacity=1)
        .encode(x=x, y=y, color=alt.Color("series:N", scale=alt.Scale(domain=list(names)))),
    )
    out: Spec = configure(framed(chart, left=50, right=190, top=14, bottom=40)).to_dict()
    return out


def trend_spec(years: Sequence[str], series: Sequence[tuple[str, Sequence[Item]]]) -> Spec:
    values = [it.value for _, items in series for it in items if it.value is not None]
    top = max(10.0, math.ceil(max(values, default=10.0) / 10.0) * 10.0)
    names = tuple(_short(name, 22) for name, _ in series)
    rows = [
        {"series": name, "year": year, "value": it.value}
        for name, (_, items) in zip(names, series, strict=True)
        for year, it in zip(years, items, strict=True)
    ]
    return with_data(_trend_template(names, tuple(years), top), {ROWS: rows})


def trend(
    title: str, desc: str, years: Sequence[str], series: Sequence[tuple[str, Sequence[Item]]]
) -> str:
    """Participation (%) by school year, one line per series; a suppressed year breaks
    the line and shows no point."""
    return render(trend_spec(years, series), title=title, desc=desc)
