"""Labor-market data: wages, openings and growth by area, and what credentials lead to.

Ships a compact snapshot of BLS OEWS May 2025 (national, every state, every metro and
nonmetro area), BLS Employment Projections 2024-34, the NCES CIP 2020-SOC 2018
crosswalk and O*NET occupation titles (CC BY 4.0), with their provenance
(``data/SOURCES.md``, ``data/sources.json``). Newer vintages and state projections are
imported into a user-local store (:mod:`careerpaths.labor.store`).

Modules: :mod:`~careerpaths.labor.importers` (official layouts),
:mod:`~careerpaths.labor.store` (snapshot, user store, queries),
:mod:`~careerpaths.labor.rollup` (SOC roll-up), :mod:`~careerpaths.labor.classify`
(high-wage, high-demand), :mod:`~careerpaths.labor.links` (credential → occupations),
:mod:`~careerpaths.labor.reports` (reports and the chart),
:mod:`~careerpaths.labor.build` (rebuilding the snapshot).

Nothing is read at import time; :func:`careerpaths.labor.store.load` loads (and caches)
the data.
"""

from careerpaths.labor.store import ONET_ATTRIBUTION, AreaNotFound, LaborData, load

__all__ = ["ONET_ATTRIBUTION", "AreaNotFound", "LaborData", "load"]
