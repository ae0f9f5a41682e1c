"""The "openings against median wage" chart as a self-contained SVG string.

No dependency, no script, no external font or stylesheet: the web app inlines the
string, the CLI writes it to a file. Each point is an occupation (x = median annual
wage, y = projected annual openings, log scale when the range is wide); the
high-demand, high-wage quadrant is shaded; thresholds are dashed lines; every point
has a tooltip (``<title>``); the sources are printed under the plot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Protocol
from xml.sax.saxutils import escape


class _Point(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def median_wage(self) -> float | None: ...

    @property
    def openings(self) -> float | None: ...


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


def _attr(v: float) -> str:
    return f"{v:.1f}"


def openings_wage_chart(
    rows: Sequence[Any],
    *,
    wage_threshold: float | None = None,
    openings_threshold: float | None = None,
    title: str = "Projected annual openings against median wage",
    sources: Sequence[str] = (),
    width: int = 760,
    height: int = 500,
    max_labels: int = 12,
) -> str:
    """An SVG scatter plot of ``rows`` (occupation figures: ``title``, ``median_wage``,
    ``openings`` and optionally ``code``, ``hdhw``, ``wage_topcoded``; objects with a
    ``figures`` attribute are unwrapped). Rows without both figures are left out and
    counted in the footnote."""
    pts: list[tuple[float, float, Any]] = []
    left_out = 0
    for r in rows:
        f = getattr(r, "figures", r)
        w, o = getattr(f, "median_wage", None), getattr(f, "openings", None)
        if w is None or o is None or o <= 0:
            left_out += 1
            continue
        pts.append((float(w), float(o), f))
    ml, mr, mt, mb = 70, 24, 48, 78 + 14 * len(sources)
    pw, ph = width - ml - mr, height - mt - mb
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{ml}" y="24" font-size="15" font-weight="bold" fill="#222">{escape(title)}</text>',
    ]
    if not pts:
        out.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="#666">'
            "No occupation with both a median wage and projected openings</text>"
        )
        out += _footer(sources, left_out, width, height)
        out.append("</svg>")
        return "\n".join(out) + "\n"
    xs = [p[0] for p in pts] + ([wage_threshold] if wage_threshold else [])
    x_lo, x_hi = min(xs), max(xs)
    pad = (x_hi - x_lo) * 0.06 or x_hi * 0.1 or 1
    step = _nice_step(x_hi - x_lo + 2 * pad)
    x_lo = math.floor((x_lo - pad) / step) * step
    x_hi = math.ceil((x_hi + pad) / step) * step
    x_lo = max(x_lo, 0.0)
    ys = [p[1] for p in pts] + ([openings_threshold] if openings_threshold else [])
    y_min, y_max = min(ys), max(ys)
    log = y_max / max(y_min, 1e-9) > 30
    if log:
        y_lo = 10 ** math.floor(math.log10(max(y_min, 0.1)))
        y_hi = 10 ** math.ceil(math.log10(y_max * 1.05))

        def ty(v: float) -> float:
            v = max(v, y_lo)
            return (
                mt
                + ph
                - (math.log10(v) - math.log10(y_lo)) / (math.log10(y_hi) - math.log10(y_lo)) * ph
            )
    else:
        ystep = _nice_step(y_max * 1.08)
        y_lo, y_hi = 0.0, math.ceil(y_max * 1.08 / ystep) * ystep

        def ty(v: float) -> float:
            return mt + ph - (v - y_lo) / (y_hi - y_lo) * ph

    def tx(v: float) -> float:
        return ml + (v - x_lo) / (x_hi - x_lo) * pw

    # high-demand, high-wage quadrant
    if wage_threshold is not None and openings_threshold is not None:
        qx = min(max(tx(wage_threshold), ml), ml + pw)
        qy = min(max(ty(openings_threshold), mt), mt + ph)
        out.append(
            f'<rect x="{_attr(qx)}" y="{mt}" width="{_attr(ml + pw - qx)}" '
            f'height="{_attr(qy - mt)}" fill="#e5f5e0"/>'
        )
        out.append(
            f'<text x="{_attr(ml + pw - 6)}" y="{mt + 14}" text-anchor="end" fill="#1b7837">'
            "high demand, high wage</text>"
        )
    # axes and grid
    out.append('<g stroke="#e6e6e6" stroke-width="1">')
    xt = x_lo
    x_ticks: list[float] = []
    while xt <= x_hi + 1e-6:
        x_ticks.append(xt)
        xt += step
    for v in x_ticks:
        out.append(f'<line x1="{_attr(tx(v))}" y1="{mt}" x2="{_attr(tx(v))}" y2="{mt + ph}"/>')
    y_ticks: list[float] = []
    if log:
        d = y_lo
        while d <= y_hi * 1.0001:
            y_ticks.append(d)
            d *= 10
    else:
        ystep = _nice_step(y_hi)
        v = 0.0
        while v <= y_hi + 1e-6:
            y_ticks.append(v)
            v += ystep
    for v in y_ticks:
        out.append(f'<line x1="{ml}" y1="{_attr(ty(v))}" x2="{ml + pw}" y2="{_attr(ty(v))}"/>')
    out.append("</g>")
    out.append(f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    for v in x_ticks:
        out.append(
            f'<text x="{_attr(tx(v))}" y="{mt + ph + 16}" text-anchor="middle" fill="#444">'
            f"{escape(_fmt_money(v))}</text>"
        )
    for v in y_ticks:
        label = f"{v:,.0f}" if v >= 1 else f"{v:g}"
        out.append(
            f'<text x="{ml - 6}" y="{_attr(ty(v) + 4)}" text-anchor="end" fill="#444">'
            f"{label}</text>"
        )
    out.append(
        f'<text x="{ml + pw / 2:.0f}" y="{mt + ph + 36}" text-anchor="middle" fill="#222">'
        "Median annual wage</text>"
    )
    out.append(
        f'<text transform="translate(16 {mt + ph / 2:.0f}) rotate(-90)" text-anchor="middle" '
        f'fill="#222">Projected annual openings{" (log scale)" if log else ""}</text>'
    )
    # thresholds
    if wage_threshold is not None:
        x = tx(wage_threshold)
        out.append(
            f'<line x1="{_attr(x)}" y1="{mt}" x2="{_attr(x)}" y2="{mt + ph}" stroke="#d95f02" '
            'stroke-dasharray="5 4"/>'
        )
        out.append(
            f'<text x="{_attr(x + 4)}" y="{mt + ph - 6}" fill="#d95f02">'
            f"wage threshold {escape(_fmt_money(wage_threshold))}</text>"
        )
    if openings_threshold is not None:
        y = ty(openings_threshold)
        out.append(
            f'<line x1="{ml}" y1="{_attr(y)}" x2="{ml + pw}" y2="{_attr(y)}" stroke="#d95f02" '
            'stroke-dasharray="5 4"/>'
        )
        out.append(
            f'<text x="{ml + 4}" y="{_attr(y - 4)}" fill="#d95f02">'
            f"openings threshold {openings_threshold:,.0f} a year</text>"
        )
    # points, HDHW last so they are on top
    order = sorted(pts, key=lambda p: (bool(getattr(p[2], "hdhw", False)), p[1]))
    for w, o, f in order:
        hd = bool(getattr(f, "hdhw", False))
        top = bool(getattr(f, "wage_topcoded", False))
        code = getattr(f, "code", None) or getattr(f, "soc", "")
        tip = f"{f.title} ({code}): median {'≥ ' if top else ''}${w:,.0f}, {o:,.0f} openings a year"
        out.append(
            f'<circle cx="{_attr(tx(w))}" cy="{_attr(ty(o))}" r="5" '
            f'fill="{"#1b7837" if hd else "#9e9e9e"}" fill-opacity="0.85" stroke="#fff">'
            f"<title>{escape(tip)}</title></circle>"
        )
    labelled = sorted(pts, key=lambda p: (not bool(getattr(p[2], "hdhw", False)), -p[1]))[
        :max_labels
    ]
    for w, o, f in labelled:
        name = str(f.title)
        name = name if len(name) <= 30 else name[:29] + "…"
        x = tx(w)
        anchor = "end" if x > ml + pw * 0.75 else "start"
        dx = -8 if anchor == "end" else 8
        out.append(
            f'<text x="{_attr(x + dx)}" y="{_attr(ty(o) + 4)}" text-anchor="{anchor}" '
            f'fill="#333" font-size="10">{escape(name)}</text>'
        )
    out += _footer(sources, left_out, width, height)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _footer(sources: Sequence[str], left_out: int, width: int, height: int) -> list[str]:
    lines = [f"Source: {s}" for s in sources]
    if left_out:
        lines.append(f"{left_out} occupation(s) without a published wage or openings not shown.")
    y0 = height - 10 - 14 * (len(lines) - 1)
    return [
        f'<text x="10" y="{y0 + 14 * i}" fill="#666" font-size="10">{escape(t)}</text>'
        for i, t in enumerate(lines)
    ]
