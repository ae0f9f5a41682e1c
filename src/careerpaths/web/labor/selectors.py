"""Reads of the labor-market results for the web app.

Every figure comes from :mod:`careerpaths.labor.reports` (the same functions as the
``careerpaths labor`` commands) over the region in the database; nothing here computes a
wage or an opening. The data is loaded once per process (:func:`careerpaths.labor.load`,
cached, reloaded when the user store changes) and each result is cached per catalog
revision, area and loaded data, so a map view costs a dictionary lookup.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from careerpaths.core.findings import Finding
from careerpaths.core.i18n import region_in_language
from careerpaths.core.model import ExitKind
from careerpaths.core.terms import Term
from careerpaths.labor import AreaNotFound, LaborData
from careerpaths.labor import load as load_labor
from careerpaths.labor.chart import ChartText
from careerpaths.labor.classify import AreaBaseline, DemandBasis, classify_area
from careerpaths.labor.links import named_on_exits
from careerpaths.labor.reports import (
    CredentialRanking,
    GapReport,
    LaborPanel,
    LinkedFigure,
    gap_report,
    labor_panel,
    openings_wage_chart,
    rank_credentials,
    review_flags,
)
from careerpaths.labor.rollup import Join
from careerpaths.labor.store import Area, Dataset
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.catalog.selectors import map_language, pathways_visible, versioned_snapshot

__all__ = [
    "AreaNotFound",
    "JobFigure",
    "MapLaborPanel",
    "PathwayFlags",
    "area_baseline",
    "area_get",
    "credential_ranking",
    "data_sources",
    "flags_by_pathway",
    "gaps",
    "map_panel",
    "ranking_chart",
    "region_area_query",
]

log = logging.getLogger("careerpaths.web.labor")

#: The area of a region without a ``labor_area`` setting: the national figures.
NATIONAL_AREA = "0000000"

#: Exits shown with at most this many occupations on the family map (most openings first).
MAP_JOBS_PER_EXIT = 4

T = TypeVar("T")
_lock = threading.Lock()
_cache_data: list[LaborData] = []  # the data the entries were computed from (kept alive)
_cache: dict[tuple[Any, ...], Any] = {}


def load() -> LaborData:
    """The labor data: the shipped snapshot plus the store in ``CAREERPATHS_HOME``."""
    return load_labor(settings.CAREERPATHS.home)


def _cached(key: tuple[Any, ...], data: LaborData, build: Callable[[], T]) -> T:
    """``build()`` once per ``key`` and loaded data (a reload drops every entry)."""
    with _lock:
        if _cache_data and _cache_data[0] is data and key in _cache:
            hit: T = _cache[key]
            return hit
    value = build()
    with _lock:
        if not _cache_data or _cache_data[0] is not data or len(_cache) > 512:
            _cache.clear()
            _cache_data[:] = [data]
        _cache[key] = value
    return value


def region_area_query() -> str:
    """The region's area: the ``CAREERPATHS_LABOR_AREA`` setting (read from the environment
    once, by :class:`careerpaths.settings.Settings`) when set, else the region's
    ``labor_area`` setting, else the national figures."""
    return (
        getattr(settings, "CAREERPATHS_LABOR_AREA", "")
        or versioned_snapshot()[1].settings.labor_area
        or NATIONAL_AREA
    )


def area_get(*, query: str | None = None) -> Area:
    """The area asked for (an OEWS code or a name), or the region's.

    Raises :class:`~careerpaths.labor.AreaNotFound` (with candidates when ambiguous).
    """
    return load().area(query.strip() if query and query.strip() else region_area_query())


# --------------------------------------------------------------------------- the map


@dataclass(frozen=True)
class JobFigure:
    """One occupation at an exit, as a family sees it. ``None``: not published for the area."""

    soc: str
    title: str
    median_wage: float | None
    wage_topcoded: bool
    wage_annualised: bool
    openings: float | None
    high_wage: bool | None
    high_demand: bool | None
    rolled_up: bool

    @classmethod
    def of(cls, lf: LinkedFigure) -> JobFigure:
        f = lf.figures
        return cls(
            soc=f.soc,
            title=f.title,
            median_wage=f.median_wage,
            wage_topcoded=f.wage_topcoded,
            wage_annualised=f.wage_annualised,
            openings=f.openings,
            high_wage=f.high_wage,
            high_demand=f.high_demand,
            rolled_up=f.join is Join.ROLLED_UP,
        )


@dataclass(frozen=True)
class MapExitLabor:
    credential: str
    name: str
    term: Term
    exit_kind: str
    jobs: tuple[JobFigure, ...]
    more_jobs: int  # occupations left out of the map (see the staff pages)
    # The best median pay of this exit's jobs is no higher than the previous exit's: the map
    # says so plainly instead of repeating the same figure as if it were a raise.
    no_raise_over: str = ""  # the previous exit's name, when so
    best_median_wage: float | None = None


@dataclass(frozen=True)
class MapOnRamp:
    term: Term
    label: str
    exits: tuple[str, ...]  # credential names reachable from here
    openings: float
    best_median_wage: float | None
    hdhw_count: int


@dataclass(frozen=True)
class MapLaborPanel:
    """The pathway map's labor panel: every off-ramp's jobs and every on-ramp's reach."""

    area: Area
    wage_threshold: float | None
    exits: tuple[MapExitLabor, ...]
    on_ramps: tuple[MapOnRamp, ...]
    wage_source: str  # e.g. "BLS OEWS, May 2025"
    projection_source: str  # e.g. "BLS Employment Projections, 2024–34"
    scaled_from: str  # "national", "state" or "" (openings as published)


def _map_panel(panel: LaborPanel, data: LaborData, *, named_ramps: bool) -> MapLaborPanel:
    names = {e.credential: e.credential_name for e in panel.exits}
    exits: list[MapExitLabor] = []
    for e in panel.exits:
        counted = [lf for lf in e.occupations if lf.link.counts]
        if e.exit_kind is ExitKind.MILESTONE or not counted:
            continue
        jobs = tuple(JobFigure.of(lf) for lf in counted[:MAP_JOBS_PER_EXIT])
        wages = [j.median_wage for j in jobs if j.median_wage is not None]
        best = max(wages) if wages else None
        prev = exits[-1] if exits else None
        no_raise = (
            prev is not None
            and best is not None
            and prev.best_median_wage is not None
            and best <= prev.best_median_wage
        )
        exits.append(
            MapExitLabor(
                credential=e.credential,
                name=e.credential_name,
                term=e.term,
                exit_kind=e.exit_kind.value,
                jobs=jobs,
                more_jobs=max(0, len(counted) - MAP_JOBS_PER_EXIT),
                no_raise_over=prev.name if no_raise and prev is not None else "",
                best_median_wage=best,
            )
        )
    shown = {e.credential for e in exits}
    ramps = tuple(
        MapOnRamp(
            term=r.term,
            label=r.label if named_ramps else "",  # "": the start (no on-ramp named)
            exits=tuple(dict.fromkeys(names[c] for c in r.exits if c in shown)),
            openings=r.openings,
            best_median_wage=r.best_median_wage,
            hdhw_count=r.hdhw_count,
        )
        for r in panel.on_ramps
    )
    b = panel.baseline
    oews = data.datasets.get(b.oews_dataset)
    proj = data.datasets.get(b.projection_dataset or -1)
    scaled = {DemandBasis.NATIONAL_SCALED: "national", DemandBasis.STATE_SCALED: "state"}
    return MapLaborPanel(
        area=panel.area,
        wage_threshold=b.wage_threshold,
        exits=tuple(exits),
        on_ramps=ramps,
        wage_source=oews.citation if oews else "",
        projection_source=proj.citation if proj else "",
        scaled_from=scaled.get(b.demand_basis, ""),
    )


def map_panel(*, pathway_id: str, lang: str = "en") -> MapLaborPanel | None:
    """The labor panel of a pathway the caller may already show (the map checks that), in
    the region's area, its credential names and on-ramp labels in ``lang`` where
    translated; ``None`` when the pathway or the area is unknown (logged)."""
    revision, region = versioned_snapshot()
    pathway = region.pathways.get(pathway_id)
    if pathway is None:
        return None
    lang = map_language(lang)
    data = load()
    try:
        area = area_get()
    except AreaNotFound as exc:
        log.warning("labor panel not shown: %s", exc)
        return None

    def build() -> MapLaborPanel:
        shown_region = region_in_language(region, lang)
        shown = shown_region.pathways[pathway_id]
        panel = labor_panel(data, shown_region, shown, area)
        return _map_panel(panel, data, named_ramps=bool(shown.on_ramps))

    return _cached(("map", region.id, revision, pathway_id, area.code, lang), data, build)


# --------------------------------------------------------------------------- staff reports


def credential_ranking(*, area: Area) -> CredentialRanking:
    """The region's certificates and associate degrees ranked by the high-demand,
    high-wage jobs they lead to in ``area`` (:func:`careerpaths.labor.reports.rank_credentials`)."""
    revision, region = versioned_snapshot()
    data = load()
    return _cached(
        ("credentials", region.id, revision, area.code),
        data,
        lambda: rank_credentials(
            data, region.credentials.values(), area, named=named_on_exits(region)
        ),
    )


def chart_text() -> ChartText:
    """The openings-against-wage chart's words in the reader's language."""
    return ChartText(
        description=_(
            "Each point is an occupation: its median annual wage across, its projected "
            "annual openings up. The shaded corner holds the high-demand, high-wage "
            "occupations."
        ),
        wage=_("Median annual wage"),
        openings=_("Projected annual openings"),
        openings_log=_("Projected annual openings (log scale)"),
        quadrant=_("high demand, high wage"),
        wage_threshold=_("wage threshold %(wage)s"),
        openings_threshold=_("openings threshold %(openings)s a year"),
        source=_("Source: %(source)s"),
        left_out=_("%(n)s occupation(s) without a published wage or openings not shown."),
        nothing=_("No occupation with both a median wage and projected openings"),
        tip=_("%(title)s (%(code)s): median %(wage)s, %(openings)s openings a year"),
        at_least=_("at least %(wage)s"),
    )


def ranking_chart(*, ranking: CredentialRanking, title: str) -> str:
    """Openings against median wage for the ranking's occupations: a self-contained SVG
    (rendered once per figures, title and language; see :mod:`careerpaths.viz`)."""
    return openings_wage_chart(
        ranking.chart_rows(),
        wage_threshold=ranking.baseline.wage_threshold,
        openings_threshold=ranking.baseline.openings_threshold,
        title=title,
        sources=[d.citation for d in ranking.sources],
        text=chart_text(),
    )


def gaps(*, area: Area, include_experienced: bool = False) -> GapReport:
    """High-demand, high-wage jobs reachable with an associate degree or less that no
    pathway of the region leads to (:func:`careerpaths.labor.reports.gap_report`)."""
    revision, region = versioned_snapshot()
    data = load()
    return _cached(
        ("gaps", region.id, revision, area.code, include_experienced),
        data,
        lambda: gap_report(data, region, area, include_experienced=include_experienced),
    )


@dataclass(frozen=True)
class PathwayFlags:
    pathway: str
    name: str
    status: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity.value == "error")


def flags_by_pathway(*, scope: Scope, area: Area) -> list[PathwayFlags]:
    """Review flags of the pathways ``scope`` may see, grouped by pathway (pathways
    without findings included, so "no flag" is visible too)."""
    revision, region = versioned_snapshot()
    data = load()
    findings: list[Finding] = _cached(
        ("flags", region.id, revision, area.code), data, lambda: review_flags(data, region, area)
    )
    visible = set(pathways_visible(scope=scope).values_list("id", flat=True))
    out = []
    for pid in sorted(visible):
        p = region.pathways.get(pid)
        if p is None or p.status.value == "archived":
            continue
        mine = tuple(f for f in findings if f.where.pathway == pid)
        out.append(PathwayFlags(pid, p.name, p.status.value, mine))
    return sorted(out, key=lambda pf: (-pf.errors, -len(pf.findings), pf.name))


def data_sources() -> list[Dataset]:
    """Every loaded dataset (shipped and imported), newest first within a kind."""
    data = load()
    order = {"oews": 0, "projections": 1, "state-projections": 2, "crosswalk": 3, "onet": 4}
    return sorted(data.datasets.values(), key=lambda d: (order.get(d.kind, 9), d.kind, -d.id))


def area_baseline(*, area: Area) -> tuple[AreaBaseline, tuple[Dataset, ...]]:
    """The area's thresholds and the datasets they (and the review flags) come from."""
    data = load()
    b = classify_area(data, area).baseline
    ids = [b.oews_dataset, b.projection_dataset]
    return b, tuple(data.datasets[i] for i in ids if i is not None and i in data.datasets)
