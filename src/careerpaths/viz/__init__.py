"""Charts: Altair (Vega-Lite) specs rendered to SVG on the server by vl-convert.

No script, no CDN, no network: the SVG is inlined in the page (or the report, or a file)
and carries its accessible name and description. :mod:`careerpaths.viz.render` turns a
spec into that SVG (with a bounded cache); :mod:`careerpaths.viz.figures` builds the
charts of published figures (bars, representation index, intervals, trend) used by the
equity report and dashboard. The labor market's scatter plot is
:func:`careerpaths.labor.chart.openings_wage_chart`.
"""

from careerpaths.viz.figures import Item, bars, index_bars, intervals, rate_value, trend
from careerpaths.viz.render import cache_clear, cache_info, render, spec_json, with_data

__all__ = [
    "Item",
    "bars",
    "cache_clear",
    "cache_info",
    "index_bars",
    "intervals",
    "rate_value",
    "render",
    "spec_json",
    "trend",
    "with_data",
]
