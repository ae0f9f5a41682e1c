"""Server-side SVG charts of the equity report: bars, intervals and a trend line.

Every chart draws only published figures: a suppressed value draws no mark, only its
label ("suppressed"); a range such as ``≤5%`` draws no bar either, only the range as
text. Each SVG carries ``role="img"``, a ``<title>`` and a ``<desc>``; the page puts the
same figures in a table beside it, so nothing is in the picture alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR = "#1f5f9e"  # 7:1 on white
NEG = "#a33a00"
AXIS = "#4a5560"
LABEL_W = 230
WIDTH = 720


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


def _a(text: str) -> str:
    return escape(text, quote=True)


def _open(title: str, desc: str, height: int, width: int = WIDTH) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_a(title)}" '
        'font-family="system-ui, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
    ]


def _label(y: float, text: str) -> str:
    short = text if len(text) <= 34 else text[:33] + "…"
    return (
        f'<text x="{LABEL_W - 8}" y="{y:.1f}" text-anchor="end" fill="#222">{escape(short)}</text>'
    )


def bars(title: str, desc: str, items: Sequence[Item], *, maximum: float = 100.0) -> str:
    """Horizontal bars from 0 to ``maximum`` (percentages by default)."""
    plot = WIDTH - LABEL_W - 90
    height = 24 * len(items) + 34
    out = _open(title, desc, height)
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = LABEL_W + plot * tick
        out.append(
            f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 26}" stroke="#d5dbe1"/>'
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" fill="{AXIS}">'
            f"{maximum * tick:g}{'%' if maximum == 100.0 else ''}</text>"
        )
    for i, it in enumerate(items):
        y = 6 + 24 * i
        out.append(_label(y + 13, it.label))
        if it.value is None:
            out.append(f'<text x="{LABEL_W + 4}" y="{y + 13}" fill="#222">{escape(it.text)}</text>')
            continue
        w = plot * max(0.0, min(it.value, maximum)) / maximum
        out.append(f'<rect x="{LABEL_W}" y="{y + 2}" width="{w:.1f}" height="15" fill="{BAR}"/>')
        out.append(
            f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 13}" fill="#222">{escape(it.text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def index_bars(title: str, desc: str, items: Sequence[Item]) -> str:
    """Representation index: bars from the parity line at 1 (0 to 2, longer ones clipped)."""
    plot = WIDTH - LABEL_W - 90
    height = 24 * len(items) + 34

    def x(v: float) -> float:
        return LABEL_W + plot * max(0.0, min(v, 2.0)) / 2.0

    out = _open(title, desc, height)
    for tick in (0, 0.5, 1.0, 1.5, 2.0):
        out.append(
            f'<line x1="{x(tick):.1f}" y1="4" x2="{x(tick):.1f}" y2="{height - 26}" '
            f'stroke="{"#222" if tick == 1.0 else "#d5dbe1"}"/>'
            f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle" fill="{AXIS}">{tick:g}</text>'
        )
    for i, it in enumerate(items):
        y = 6 + 24 * i
        out.append(_label(y + 13, it.label))
        if it.value is None:
            out.append(
                f'<text x="{x(1.0) + 4:.1f}" y="{y + 13}" fill="#222">{escape(it.text)}</text>'
            )
            continue
        lo, hi = sorted((x(1.0), x(it.value)))
        colour = BAR if it.value >= 1 else NEG
        out.append(
            f'<rect x="{lo:.1f}" y="{y + 2}" width="{hi - lo:.1f}" height="15" fill="{colour}"/>'
        )
        out.append(
            f'<text x="{max(hi, x(1.0)) + 4:.1f}" y="{y + 13}" fill="#222">{escape(it.text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def intervals(title: str, desc: str, items: Sequence[Item]) -> str:
    """Gaps in percentage points: a dot and its 95% interval around the zero line."""
    plot = WIDTH - LABEL_W - 110
    height = 24 * len(items) + 34
    spans = [abs(v) for it in items for v in (it.value, it.low, it.high) if v is not None]
    limit = max(10.0, math.ceil(max(spans, default=10.0) / 10.0) * 10.0)

    def x(v: float) -> float:
        return LABEL_W + plot * (v + limit) / (2 * limit)

    out = _open(title, desc, height)
    for tick in (-limit, -limit / 2, 0.0, limit / 2, limit):
        out.append(
            f'<line x1="{x(tick):.1f}" y1="4" x2="{x(tick):.1f}" y2="{height - 26}" '
            f'stroke="{"#222" if tick == 0 else "#d5dbe1"}"/>'
            f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle" fill="{AXIS}">{tick:+g}</text>'
        )
    for i, it in enumerate(items):
        y = 6 + 24 * i
        out.append(_label(y + 13, it.label))
        if it.value is None:
            out.append(
                f'<text x="{x(0) + 4:.1f}" y="{y + 13}" fill="#222">{escape(it.text)}</text>'
            )
            continue
        if it.low is not None and it.high is not None:
            out.append(
                f'<line x1="{x(it.low):.1f}" y1="{y + 9}" x2="{x(it.high):.1f}" y2="{y + 9}" '
                f'stroke="{AXIS}" stroke-width="2"/>'
            )
        colour = BAR if it.value >= 0 else NEG
        out.append(f'<circle cx="{x(it.value):.1f}" cy="{y + 9}" r="5" fill="{colour}"/>')
        right = x(it.high if it.high is not None else it.value)
        out.append(f'<text x="{right + 6:.1f}" y="{y + 13}" fill="#222">{escape(it.text)}</text>')
    out.append("</svg>")
    return "".join(out)


def trend(
    title: str, desc: str, years: Sequence[str], series: Sequence[tuple[str, Sequence[Item]]]
) -> str:
    """Participation (%) by school year, one line per series; a suppressed year breaks
    the line and shows no point."""
    left, right, top, bottom = 50, 190, 14, 40
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [it.value for _, items in series for it in items if it.value is not None]
    top_v = max(10.0, math.ceil(max(values, default=10.0) / 10.0) * 10.0)

    def x(i: int) -> float:
        return left + (plot_w * i / max(1, len(years) - 1) if len(years) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / top_v)

    out = _open(title, desc, height)
    for k in range(5):
        v = top_v * k / 4
        out.append(
            f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + plot_w}" y2="{y(v):.1f}" stroke="#d5dbe1"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="{AXIS}">{v:g}%</text>'
        )
    for i, year in enumerate(years):
        out.append(
            f'<text x="{x(i):.1f}" y="{height - 18}" text-anchor="middle" fill="{AXIS}">{escape(year)}</text>'
        )
    palette = (BAR, NEG, "#2f6b2f", "#6a3d9a", "#7a5c00", "#005f5f", "#8b1c62", "#333333")
    dashes = ("", "6 3", "2 2", "8 3 2 3", "", "6 3", "2 2", "8 3 2 3")
    for n, (name, items) in enumerate(series):
        colour, dash = palette[n % len(palette)], dashes[n % len(dashes)]
        run: list[str] = []
        for i, it in enumerate(items):
            if it.value is None:
                if len(run) > 1:
                    out.append(_polyline(run, colour, dash))
                run = []
                continue
            run.append(f"{x(i):.1f},{y(it.value):.1f}")
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(it.value):.1f}" r="3.5" fill="{colour}"/>')
        if len(run) > 1:
            out.append(_polyline(run, colour, dash))
        ly = top + 16 * n + 6
        out.append(
            f'<line x1="{WIDTH - right + 12}" y1="{ly}" x2="{WIDTH - right + 36}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
            f'<text x="{WIDTH - right + 40}" y="{ly + 4}" fill="#222">{escape(name[:22])}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _polyline(points: Sequence[str], colour: str, dash: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="2" stroke-dasharray="{dash}"/>'
    )
