"""``{% pathway_labor pathway_id as panel %}``: the map's labor panel (a cached selector read),
so the pathway map template needs one include and its view no change."""

from __future__ import annotations

from django import template

from careerpaths.web.labor.selectors import MapLaborPanel, map_panel

register = template.Library()


@register.simple_tag
def pathway_labor(pathway_id: str) -> MapLaborPanel | None:
    return map_panel(pathway_id=pathway_id)
