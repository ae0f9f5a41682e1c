"""``{% pathway_labor pathway_id as panel %}``: the map's labor panel (a cached selector read),
so the pathway map template needs one include and its view no change."""

from __future__ import annotations

from django import template

from careerpaths.labor.store import load
from careerpaths.web.labor.selectors import MapLaborPanel, map_panel, region_area_query

register = template.Library()


@register.simple_tag
def pathway_labor(pathway_id: str) -> MapLaborPanel | None:
    """The pathway's labor panel, its names in the page's language."""
    from django.utils import translation

    return map_panel(pathway_id=pathway_id, lang=translation.get_language() or "en")


@register.simple_tag
def labor_version() -> str:
    """A cache key part that changes when labor data is imported or removed, or the area
    changes: the rendered panel can then be cached with the map."""
    return "-".join(str(i) for i in sorted(load().datasets)) + "|" + region_area_query()
