"""Vega-Lite specs to inline SVG, on the server, offline: vl-convert runs the Vega and
Vega-Lite it bundles (no browser, no script in the page, no network — external data
requests are refused).

The SVG is made accessible as one image: the root carries ``role="img"``, an
``aria-label``, a ``<title>`` and a ``<desc>``; Vega's own per-mark ARIA attributes are
removed (an image's children are presentational). A mark whose ``description`` channel is
set (a point of a scatter plot) gets it as a ``<title>`` child instead: the browser's
tooltip on hover, as in a hand-written SVG.

vl-convert has a start-up cost (about a second for the first chart of a process) and
each chart costs tens of milliseconds, so rendered SVGs are kept in a bounded LRU cache
keyed by the spec's JSON: a page shown again renders nothing.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from typing import Any

import vl_convert

#: Rendered SVGs kept (a dashboard has about seven charts per view and language).
CACHE_SIZE = 512

_XLINK = ' xmlns:xlink="http://www.w3.org/1999/xlink"'
# a shape with a tooltip: Vega writes the mark's description as aria-label
_TIP = re.compile(r'<(path|circle|rect|line)\b([^>]*?) aria-label="([^"]*)"([^>]*?)/>')
_ARIA = re.compile(r' (?:role="graphics-[a-z-]+"|aria-roledescription="[^"]*"|aria-label="[^"]*")')
_ROOT = re.compile(r"<svg\b([^>]*)>")


def with_data(
    template: dict[str, Any], datasets: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """A spec built once (with named data) and the rows of this chart: a new dict, the
    template (and its own datasets) not changed."""
    return {**template, "datasets": {**template.get("datasets", {}), **datasets}}


def spec_json(spec: Any) -> str:
    """The canonical JSON of a spec (an Altair chart or a dict): the cache key."""
    as_dict = spec.to_dict() if hasattr(spec, "to_dict") else spec
    return json.dumps(as_dict, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def render(spec: Any, *, title: str, desc: str) -> str:
    """The chart as an accessible, self-contained SVG string (see the module's doc)."""
    svg = _svg(spec_json(spec))
    head = _ROOT.search(svg)
    if head is None:  # pragma: no cover - vl-convert always writes one root
        raise ValueError("vl-convert returned no <svg> element")
    root = (
        f'<svg{head.group(1)} role="img" aria-label="{escape(title, quote=True)}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    )
    return svg[: head.start()] + root + svg[head.end() :]


@lru_cache(maxsize=CACHE_SIZE)
def _svg(spec: str) -> str:
    svg: str = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    if "xlink:" not in svg.replace(_XLINK, ""):
        svg = svg.replace(_XLINK, "")
    svg = _TIP.sub(r"<\1\2\4><title>\3</title></\1>", svg)
    return _ARIA.sub("", svg)


def cache_info() -> Any:
    """Hits, misses and size of the SVG cache (``functools.lru_cache``'s)."""
    return _svg.cache_info()


def cache_clear() -> None:
    _svg.cache_clear()
