"""The "openings against median wage" chart as a self-contained SVG string.

An Altair (Vega-Lite) spec rendered on the server by vl-convert
(:mod:`careerpaths.viz`): no script, no external font, stylesheet or data; the web app
inlines the string, the CLI writes it to a file. Each point is an occupation (x = median
annual wage, y = projected annual openings, log scale when the range is wide); the
high-demand, high-wage quadrant is shaded; thresholds are dashed lines; every point has
a tooltip (``<title>``); the sources are printed under the plot. The words are
:class:`ChartText` (English by default; the web app passes them translated).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

HDHW = "#1b7837"  # 5.5:1 on white, 4.9:1 on the quadrant's green
OTHER = "#9e9e9e"
QUADRANT = "#e5f5e0"
THRESHOLD = "#d95f02"  # the dashed lines
THRESHOLD_TEXT = "#a84a00"  # 5.8:1 on white (the lines' orange is 3.8:1, too light for text)
INK = "#222222"
MUTED = "#444444"
NOTE = "#666666"  # 5.7:1
FONT = "Helvetica, Arial, sans-serif"
TITLE_CHARS = 80  # a longer title is wrapped: about the plot's width in 15px bold


class _Point(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def median_wage(self) -> float | None: ...

    @property
    def openings(self) -> float | None: ...


@dataclass(frozen=True)
class ChartText:
    """Every word of the chart, with ``%(name)s`` placeholders; English by default."""

    title: str = "Projected annual openings against median wage"
    description: str = (
        "Each point is an occupation: its median annual wage across, its projected annual "
        "openings up. The shaded corner holds the high-demand, high-wage occupations."
    )
    wage: str = "Median annual wage"
    openings: str = "Projected annual openings"
    openings_log: str = "Projected annual openings (log scale)"
    quadrant: str = "high demand, high wage"
    wage_threshold: str = "wage threshold %(wage)s"
    openings_threshold: str = "openings threshold %(openings)s a year"
    source: str = "Source: %(source)s"
    left_out: str = "%(n)s occupation(s) without a published wage or openings not shown."
    nothing: str = "No occupation with both a median wage and projected openings"
    tip: str = "%(title)s (%(code)s): median %(wage)s, %(openings)s openings a year"
    at_least: str = "≥ %(wage)s"


def _fmt_money(v: float) -> str:
    if v >= 1000:
        return f"${v / 1000:,.0f}k"
    return f"${v:,.0f}"


def _nice_step(span: float, target: int = 6) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


@dataclass(frozen=True)
class _Frame:
    """Everything of the chart but its points: the cached template's key."""

    width: int
    height: int
    left: int
    top: int
    bottom: int
    title: str
    title_lines: tuple[str, ...]
    footer: tuple[str, ...]
    text: ChartText
    empty: bool = False
    x: tuple[float, ...] = ()  # ticks: the first and last are the domain
    y: tuple[float, ...] = ()
    log: bool = False
    wage_threshold: float | None = None
    openings_threshold: float | None = None

    @property
    def plot_w(self) -> int:
        return self.width - self.left - 24

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom


def openings_wage_chart(
    rows: Sequence[Any],
    *,
    wage_threshold: float | None = None,
    openings_threshold: float | None = None,
    title: str | None = None,
    sources: Sequence[str] = (),
    width: int = 760,
    height: int = 500,
    max_labels: int = 12,
    text: ChartText = ChartText(),
) -> str:
    """An SVG scatter plot of ``rows`` (occupation figures: ``title``, ``median_wage``,
    ``openings`` and optionally ``code``, ``hdhw``, ``wage_topcoded``; objects with a
    ``figures`` attribute are unwrapped). Rows without both figures are left out and
    counted in the footnote."""
    from careerpaths.viz import render, with_data

    pts: list[tuple[float, float, Any]] = []
    left_out = 0
    for r in rows:
        f = getattr(r, "figures", r)
        w, o = getattr(f, "median_wage", None), getattr(f, "openings", None)
        if w is None or o is None or o <= 0:
            left_out += 1
            continue
        pts.append((float(w), float(o), f))
    title = title or text.title
    lines = tuple(textwrap.wrap(title, TITLE_CHARS)) or (title,)  # a long (translated) title
    footer = [text.source % {"source": s} for s in sources]
    if left_out:
        footer.append(text.left_out % {"n": left_out})
    frame = _Frame(
        width=width,
        height=height,
        left=70,
        top=48 + 19 * (len(lines) - 1),
        bottom=78 + 14 * len(sources),
        title=title,
        title_lines=lines,
        footer=tuple(footer),
        text=text,
        empty=not pts,
    )
    if not pts:
        spec = with_data(_template(frame), {"points": [], "labels": []})
        return render(spec, title=frame.title, desc=text.nothing) + "\n"
    xs = [p[0] for p in pts] + ([wage_threshold] if wage_threshold else [])
    x_lo, x_hi = min(xs), max(xs)
    pad = (x_hi - x_lo) * 0.06 or x_hi * 0.1 or 1
    step = _nice_step(x_hi - x_lo + 2 * pad)
    x_lo = max(math.floor((x_lo - pad) / step) * step, 0.0)
    x_hi = math.ceil((x_hi + pad) / step) * step
    x_ticks: list[float] = []
    xt = x_lo
    while xt <= x_hi + 1e-6:
        x_ticks.append(xt)
        xt += step
    if x_ticks[-1] < x_hi:
        x_ticks.append(x_hi)
    ys = [p[1] for p in pts] + ([openings_threshold] if openings_threshold else [])
    y_min, y_max = min(ys), max(ys)
    log = y_max / max(y_min, 1e-9) > 30
    y_ticks: list[float] = []
    if log:
        y_lo = 10 ** math.floor(math.log10(max(y_min, 0.1)))
        y_hi = 10 ** math.ceil(math.log10(y_max * 1.05))
        d = y_lo
        while d <= y_hi * 1.0001:
            y_ticks.append(d)
            d *= 10
    else:
        ystep = _nice_step(y_max * 1.08)
        y_hi = math.ceil(y_max * 1.08 / ystep) * ystep
        ystep = _nice_step(y_hi)
        v = 0.0
        while v <= y_hi + 1e-6:
            y_ticks.append(v)
            v += ystep
        if y_ticks[-1] < y_hi:
            y_ticks.append(y_hi)
    frame = _Frame(
        **{
            **frame.__dict__,
            "x": tuple(x_ticks),
            "y": tuple(y_ticks),
            "log": log,
            "wage_threshold": wage_threshold,
            "openings_threshold": openings_threshold,
        }
    )
    # points, HDHW last so they are on top
    points = []
    for w, o, f in sorted(pts, key=lambda p: (bool(getattr(p[2], "hdhw", False)), p[1])):
        hd = bool(getattr(f, "hdhw", False))
        wage = f"${w:,.0f}"
        if getattr(f, "wage_topcoded", False):
            wage = text.at_least % {"wage": wage}
        code = getattr(f, "code", None) or getattr(f, "soc", "")
        tip = text.tip % {"title": f.title, "code": code, "wage": wage, "openings": f"{o:,.0f}"}
        points.append({"wage": w, "openings": o, "colour": HDHW if hd else OTHER, "tip": tip})
    labels = []
    right = x_lo + (x_hi - x_lo) * 0.75
    for w, o, f in sorted(pts, key=lambda p: (not bool(getattr(p[2], "hdhw", False)), -p[1]))[
        :max_labels
    ]:
        name = str(f.title)
        name = name if len(name) <= 30 else name[:29] + "…"
        labels.append({"wage": w, "openings": o, "name": name, "end": w > right})
    spec = with_data(_template(frame), {"points": points, "labels": labels})
    return render(spec, title=frame.title, desc=text.description) + "\n"


@lru_cache(maxsize=32)
def _template(frame: _Frame) -> dict[str, Any]:
    """The chart's Vega-Lite spec without its points (datasets ``points``, ``labels``)."""
    import altair as alt

    t = frame.text
    pw, ph = frame.plot_w, frame.plot_h
    one = alt.NamedData("one")  # one empty datum: the marks drawn once
    layers: list[Any] = []
    footer = [
        {"line": line, "py": ph + frame.bottom - 10 - 14 * (len(frame.footer) - 1 - i)}
        for i, line in enumerate(frame.footer)
    ]
    notes = alt.Chart(alt.NamedData("footer")).mark_text(
        align="left", baseline="alphabetic", fontSize=10, color=NOTE
    )
    notes = notes.encode(x=alt.value(10 - frame.left), y=alt.Y("py:Q", scale=None), text="line:N")
    if frame.empty:
        layers.append(
            alt.Chart(one)
            .mark_text(align="center", color=NOTE, fontSize=11)
            .encode(x=alt.value(pw / 2), y=alt.value(ph / 2), text=alt.value(t.nothing))
        )
        if footer:
            layers.append(notes)
        chart = alt.layer(*layers)
    else:
        x_scale = alt.Scale(domain=[frame.x[0], frame.x[-1]], nice=False, zero=False, clamp=True)
        y_scale = (
            alt.Scale(type="log", domain=[frame.y[0], frame.y[-1]], nice=False, clamp=True)
            if frame.log
            else alt.Scale(domain=[frame.y[0], frame.y[-1]], nice=False, clamp=True)
        )
        money = (
            "datum.value >= 1000 ? '$' + format(datum.value / 1000, ',.0f') + 'k'"
            " : '$' + format(datum.value, ',.0f')"
        )
        x = alt.X(
            "wage:Q",
            scale=x_scale,
            axis=alt.Axis(
                values=list(frame.x), labelExpr=money, title=t.wage, titlePadding=10, grid=True
            ),
        )
        y = alt.Y(
            "openings:Q",
            scale=y_scale,
            axis=alt.Axis(
                values=list(frame.y),
                labelExpr="datum.value >= 1 ? format(datum.value, ',.0f') : datum.value",
                title=t.openings_log if frame.log else t.openings,
                titlePadding=10,
                grid=True,
            ),
        )
        wt, ot = frame.wage_threshold, frame.openings_threshold
        if wt is not None and ot is not None:
            layers.append(
                alt.Chart(one)
                .mark_rect(color=QUADRANT)
                .encode(
                    x=alt.datum(wt, scale=x_scale),
                    x2=alt.datum(frame.x[-1]),
                    y=alt.datum(ot, scale=y_scale),
                    y2=alt.datum(frame.y[-1]),
                )
            )
            layers.append(
                alt.Chart(one)
                .mark_text(align="right", baseline="top", color=HDHW, fontSize=11)
                .encode(x=alt.value(pw - 6), y=alt.value(6), text=alt.value(t.quadrant))
            )
        if wt is not None:
            layers.append(
                alt.Chart(one)
                .mark_rule(color=THRESHOLD, strokeDash=[5, 4])
                .encode(x=alt.datum(wt, scale=x_scale))
            )
            layers.append(
                alt.Chart(one)
                .mark_text(align="left", baseline="alphabetic", dx=4, color=THRESHOLD_TEXT)
                .encode(
                    x=alt.datum(wt, scale=x_scale),
                    y=alt.value(ph - 6),
                    text=alt.value(t.wage_threshold % {"wage": _fmt_money(wt)}),
                )
            )
        if ot is not None:
            layers.append(
                alt.Chart(one)
                .mark_rule(color=THRESHOLD, strokeDash=[5, 4])
                .encode(y=alt.datum(ot, scale=y_scale))
            )
            layers.append(
                alt.Chart(one)
                .mark_text(align="left", baseline="alphabetic", dy=-4, color=THRESHOLD_TEXT)
                .encode(
                    x=alt.value(4),
                    y=alt.datum(ot, scale=y_scale),
                    text=alt.value(t.openings_threshold % {"openings": f"{ot:,.0f}"}),
                )
            )
        layers.append(
            alt.Chart(alt.NamedData("points"))
            .mark_circle(size=80, fillOpacity=0.85, stroke="#ffffff", strokeWidth=1, aria=True)
            .encode(
                x=x,
                y=y,
                color=alt.Color("colour:N", scale=None),
                description="tip:N",
            )
        )
        labels = alt.Chart(alt.NamedData("labels"))
        for end in (False, True):
            layers.append(
                labels.transform_filter(f"datum.end == {str(end).lower()}")
                .mark_text(
                    align="right" if end else "left",
                    baseline="middle",
                    dx=-8 if end else 8,
                    fontSize=10,
                    color="#333333",
                )
                .encode(
                    x=alt.X("wage:Q", scale=x_scale),
                    y=alt.Y("openings:Q", scale=y_scale),
                    text="name:N",
                )
            )
        if footer:
            layers.append(notes)
        chart = alt.layer(*layers).resolve_scale(x="shared", y="shared")
    chart = (
        chart.properties(
            width=pw,
            height=ph,
            title=alt.Title(
                list(frame.title_lines),
                anchor="start",
                fontSize=15,
                lineHeight=19,
                color=INK,
                offset=14,
                frame="group",
            ),
            autosize=alt.AutoSizeParams(type="none", contains="content"),
            padding={"left": frame.left, "right": 24, "top": frame.top, "bottom": frame.bottom},
        )
        .configure(font=FONT, aria=False, background="white")
        .configure_view(stroke=None if frame.empty else "#999999")
        .configure_axis(
            labelColor=MUTED,
            titleColor=INK,
            gridColor="#e6e6e6",
            domain=False,
            ticks=False,
            labelFontSize=11,
            titleFontSize=11,
            titleFontWeight="normal",
        )
        .configure_text(fontSize=11, color=INK)
    )
    out: dict[str, Any] = chart.to_dict()
    out["datasets"] = {"one": [{}], "footer": footer}
    return out
