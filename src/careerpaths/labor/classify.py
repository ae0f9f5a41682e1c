"""High-wage and high-demand classification of occupations, per area.

An *area* is the nation, a state, a metropolitan or a nonmetropolitan area (OEWS).

**High-wage.** An occupation is high-wage in an area when its median annual wage
``w`` (OEWS) is at least the threshold ``W``::

    W = family_supporting_wage                       if the region sets one
    W = wage_multiple x (area's all-occupation median annual wage, OEWS 00-0000)
                                                      otherwise

A top-coded median (published only as "at least $239,200") counts as ``>= W``. An
occupation with hourly wages only (actors, musicians) uses ``hourly median x
hours_per_year``; this is marked *annualised*.

**High-demand.** From the occupation's projected average annual openings ``o`` in the
area and its projected ten-year growth ``g`` (percent), against all occupations::

    high-demand  <=>  o >= T  and  ( g >= G + growth_margin
                                     or ( o >= T_r and g >= replacement_min_growth ) )

    T   = max(min_annual_openings, P_openings_percentile of o over the area's occupations)
    T_r = max(min_annual_openings, P_replacement_openings_percentile of the same)
    G   = the all-occupation growth rate of the projections used

In words: at least as many openings as the typical occupation in the area, and either
growing at least as fast as all jobs, or having many openings (top quarter) from
replacement need while not shrinking. Percentiles use linear interpolation over the
detailed occupations that have an openings estimate in the area.

**Openings and growth in an area** (the *demand basis*, reported with every figure):

* the nation: BLS Employment Projections as published (``national``);
* a state with loaded state long-term projections: those, as published (``state``);
* a metro or nonmetro area in such a state: the state's openings rate
  (openings / base-year employment) x the area's OEWS employment; growth = the state's
  rate (``state_scaled``);
* otherwise: the same with the national EP rates (``national_scaled``).

An occupation missing from a state's projections falls back to the national rate, and
that row says so. The thresholds live in :class:`ClassificationSettings`; docs/labor.md
gives the reasoning for each default.
"""

from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

from careerpaths.labor.importers import HOURLY_ONLY, MEDIAN_TOPCODED
from careerpaths.labor.rollup import OEWS_AGGREGATES, soc_from_int, soc_to_int
from careerpaths.labor.store import Area, AreaType, LaborData, Projection


class DemandBasis(StrEnum):
    NATIONAL = "national"
    NATIONAL_SCALED = "national_scaled"
    STATE = "state"
    STATE_SCALED = "state_scaled"

    @property
    def label(self) -> str:
        return {
            "national": "national projections as published",
            "national_scaled": "national projection rates scaled to the area's employment",
            "state": "state projections as published",
            "state_scaled": "state projection rates scaled to the area's employment",
        }[self.value]


@dataclass(frozen=True)
class ClassificationSettings:
    """Thresholds for high-wage and high-demand (see the module doc for the formulas).

    Defaults and why (docs/labor.md, "Classification defaults"):

    * ``family_supporting_wage = None``: the comparison is with the area's own
      all-occupation median, which BLS publishes for every area in the same release,
      so no outside figure is needed; a region that has a family-supporting or living
      wage figure (e.g. from a cost-of-living study) sets it and it replaces the median.
    * ``wage_multiple = 1.0``: "high-wage" = paying more than half of the area's jobs.
    * ``openings_percentile = 50``: at least as many annual openings as the median
      occupation in the area (counts, not rates, so small specialised jobs with high
      turnover do not qualify).
    * ``min_annual_openings = 10``: a floor so that, in a small nonmetro area, two
      openings a year is not "high demand"; roughly one program cohort's worth of jobs.
    * ``growth_margin = 0``: growing at least as fast as all jobs (EP 2024-34: 3.1%).
    * ``replacement_openings_percentile = 75`` with ``replacement_min_growth = 0``:
      occupations in the top quarter by openings that are not shrinking also count;
      most openings are replacements (retirements, moves), which matter for entry-level
      hiring as much as growth. ``None`` switches this path off.
    * ``hours_per_year = 2080``: BLS's own convention for annualising hourly wages.
    * ``use_state_projections = True``: loaded state projections are preferred.
    """

    family_supporting_wage: float | None = None
    wage_multiple: float = 1.0
    openings_percentile: float = 50.0
    min_annual_openings: float = 10.0
    growth_margin: float = 0.0
    replacement_openings_percentile: float | None = 75.0
    replacement_min_growth: float = 0.0
    hours_per_year: float = 2080.0
    use_state_projections: bool = True

    def __post_init__(self) -> None:
        for name in ("openings_percentile", "replacement_openings_percentile"):
            v = getattr(self, name)
            if v is not None and not 0 <= v <= 100:
                raise ValueError(f"{name} must be between 0 and 100, not {v}")
        if self.family_supporting_wage is not None and self.family_supporting_wage <= 0:
            raise ValueError("family_supporting_wage must be positive")
        if self.wage_multiple <= 0:
            raise ValueError("wage_multiple must be positive")
        if self.min_annual_openings < 0:
            raise ValueError("min_annual_openings cannot be negative")
        if not 0 < self.hours_per_year <= 8784:
            raise ValueError("hours_per_year must be between 1 and 8784")

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


DEFAULT_SETTINGS = ClassificationSettings()


class Classified(NamedTuple):
    """One occupation in one area, classified (a published SOC code)."""

    soc: str
    employment: int | None
    median_wage: float | None  # annual; hourly x hours when ``wage_annualised``
    wage_annualised: bool
    wage_topcoded: bool
    openings: float | None  # projected average annual openings in the area
    growth_pct: float | None  # projected 10-year growth, percent
    high_wage: bool | None  # None: no wage published
    high_demand: bool | None  # None: no employment or projection
    basis: DemandBasis

    @property
    def hdhw(self) -> bool:
        """High-demand and high-wage (both known and true)."""
        return self.high_wage is True and self.high_demand is True


@dataclass(frozen=True)
class AreaBaseline:
    """The all-occupation comparisons of one area and the thresholds derived from them."""

    area: Area
    all_median_wage: int | None
    wage_threshold: float | None
    wage_basis: str
    openings_threshold: float | None
    replacement_threshold: float | None
    all_growth_pct: float | None
    demand_basis: DemandBasis
    oews_dataset: int
    projection_dataset: int | None
    occupations_compared: int
    settings: ClassificationSettings

    def as_dict(self) -> dict[str, object]:
        return {
            "area": self.area.as_dict(),
            "all_occupations_median_wage": self.all_median_wage,
            "wage_threshold": _round(self.wage_threshold),
            "wage_basis": self.wage_basis,
            "openings_threshold": _round(self.openings_threshold, 1),
            "replacement_openings_threshold": _round(self.replacement_threshold, 1),
            "all_occupations_growth_pct": self.all_growth_pct,
            "demand_basis": self.demand_basis.value,
            "demand_basis_label": self.demand_basis.label,
            "occupations_compared": self.occupations_compared,
        }


@dataclass(frozen=True)
class AreaClassification:
    baseline: AreaBaseline
    rows: Mapping[str, Classified]  # published SOC code → classification

    def get(self, soc: str) -> Classified | None:
        return self.rows.get(soc)


def _round(v: float | None, nd: int = 0) -> float | None:
    if v is None:
        return None
    return round(v, nd) if nd else float(round(v))


# ------------------------------------------------------------------ pure rules


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0-100) by linear interpolation; None for no values."""
    n = len(sorted_values)
    if n == 0:
        return None
    k = (n - 1) * p / 100.0
    f = math.floor(k)
    c = min(f + 1, n - 1)
    return sorted_values[f] + (sorted_values[c] - sorted_values[f]) * (k - f)


def is_high_wage(median_wage: float | None, threshold: float | None) -> bool | None:
    """``median_wage >= threshold``; None when either is unknown."""
    if median_wage is None or threshold is None:
        return None
    return median_wage >= threshold


def is_high_demand(
    openings: float | None,
    growth_pct: float | None,
    *,
    openings_threshold: float | None,
    replacement_threshold: float | None,
    all_growth_pct: float | None,
    settings: ClassificationSettings = DEFAULT_SETTINGS,
) -> bool | None:
    """The high-demand rule of the module doc; None when a needed figure is unknown."""
    if openings is None or growth_pct is None or openings_threshold is None:
        return None
    if openings < openings_threshold:
        return False
    if all_growth_pct is not None and growth_pct >= all_growth_pct + settings.growth_margin:
        return True
    return (
        replacement_threshold is not None
        and openings >= replacement_threshold
        and growth_pct >= settings.replacement_min_growth
    )


def wage_threshold(
    all_median: float | None, settings: ClassificationSettings, oews_citation: str = "OEWS"
) -> tuple[float | None, str]:
    """The wage threshold and a sentence saying where it comes from."""
    if settings.family_supporting_wage is not None:
        return settings.family_supporting_wage, (
            f"family-supporting wage set by the region (${settings.family_supporting_wage:,.0f})"
        )
    if all_median is None:
        return None, "no all-occupation median published for the area"
    mult = "" if settings.wage_multiple == 1 else f"{settings.wage_multiple:g} x "
    return all_median * settings.wage_multiple, (
        f"{mult}the area's median wage for all occupations (${all_median:,.0f}, {oews_citation})"
    )


# ------------------------------------------------------------------ rates


class _Rates(NamedTuple):
    rate: dict[int, float]  # soc → openings per base-year job
    growth: dict[int, float]  # soc → percent
    openings: dict[int, float]  # soc → published annual openings
    all_growth: float | None
    dataset: int | None


def _all_growth(projs: Mapping[str, Projection]) -> float | None:
    total = projs.get("00-0000")
    if total is not None and total.change_pct is not None:
        return total.change_pct
    base = sum(p.emp_base or 0 for p in projs.values() if p.line_item and p.emp_proj is not None)
    proj = sum(p.emp_proj or 0 for p in projs.values() if p.line_item and p.emp_base is not None)
    return round((proj - base) / base * 100, 1) if base else None


def _rates(projs: Mapping[str, Projection], dataset: int | None) -> _Rates:
    rate: dict[int, float] = {}
    growth: dict[int, float] = {}
    openings: dict[int, float] = {}
    # sum the members of an OEWS aggregate when a state publishes them separately
    by_int = {soc_to_int(k): p for k, p in projs.items()}
    for agg, members in OEWS_AGGREGATES.items():
        ai = soc_to_int(agg)
        mem = [by_int[soc_to_int(m)] for m in members if soc_to_int(m) in by_int]
        if ai not in by_int and mem:
            base = sum(m.emp_base or 0 for m in mem)
            proj = sum(m.emp_proj or 0 for m in mem)
            op = sum(m.openings or 0 for m in mem)
            if base:
                rate[ai] = op / base
                growth[ai] = round((proj - base) / base * 100, 1)
                openings[ai] = op
    for soc, p in by_int.items():
        r = p.openings_rate
        if r is not None:
            rate[soc] = r
        if p.change_pct is not None:
            growth[soc] = p.change_pct
        if p.openings is not None:
            openings[soc] = p.openings
    return _Rates(rate, growth, openings, _all_growth(projs), dataset)


def previous_national_rates(data: LaborData) -> _Rates | None:
    """The rates of the previous loaded national projections (None when only one)."""
    ds = data.previous_projections_dataset
    if ds is None:
        return None
    key = ("previous-national-rates",)
    if key not in data.cache:
        data.cache[key] = _rates(data.previous_projections(), ds.id)
    rates: _Rates = data.cache[key]
    return rates


def classify_rows(
    data: LaborData,
    area: Area,
    rows: Iterable[tuple[int, int, int | None, int | None, int | None, int]],
    settings: ClassificationSettings = DEFAULT_SETTINGS,
    national_rates: _Rates | None = None,
) -> AreaClassification:
    """Classify given OEWS rows of ``area`` (not cached): used to classify an older
    vintage for comparison; ``national_rates`` replaces the newest projections."""
    return _classify_rows(data, area, rows, settings, national_rates)


def _national_rates(data: LaborData) -> _Rates:
    key = ("national-rates",)
    if key not in data.cache:
        ds = data.projections_dataset
        data.cache[key] = _rates(data.national_projections, ds.id if ds else None)
    rates: _Rates = data.cache[key]
    return rates


def _state_rates(data: LaborData, state: str) -> _Rates | None:
    key = ("state-rates", state)
    if key not in data.cache:
        projs = data.state_projections(state)
        ds = data.state_projections_dataset(state)
        data.cache[key] = _rates(projs, ds.id if ds else None) if projs else None
    rates: _Rates | None = data.cache[key]
    return rates


def _detailed(data: LaborData) -> frozenset[int]:
    key = ("detailed-ints",)
    if key not in data.cache:
        data.cache[key] = frozenset(
            soc_to_int(c) for c in data.oews_resolver.published
        ) | frozenset(soc_to_int(c) for c, lvl in data._levels.items() if lvl == 3)
    found: frozenset[int] = data.cache[key]
    return found


def _demand_table(
    data: LaborData,
    basis: DemandBasis,
    state_code: str | None,
    national: _Rates,
    state: _Rates | None,
    cache: bool = True,
) -> dict[int, tuple[float, bool, float | None, DemandBasis]]:
    """soc → (openings if ``direct`` else openings per job, direct, growth, row basis) for
    an area of ``basis`` (cached per data): the state's figures where it has the
    occupation, the national ones otherwise."""
    key = ("demand-table", basis, state_code)
    hit = data.cache.get(key) if cache else None
    if hit is not None:
        found: dict[int, tuple[float, bool, float | None, DemandBasis]] = hit
        return found
    table: dict[int, tuple[float, bool, float | None, DemandBasis]] = {}
    for soc, rate in national.rate.items():
        if basis is DemandBasis.NATIONAL and soc in national.openings:
            table[soc] = (national.openings[soc], True, national.growth.get(soc), basis)
        else:
            table[soc] = (rate, False, national.growth.get(soc), DemandBasis.NATIONAL_SCALED)
    if state is not None:
        for soc, rate in state.rate.items():
            if basis is DemandBasis.STATE and soc in state.openings:
                table[soc] = (state.openings[soc], True, state.growth.get(soc), basis)
            else:
                table[soc] = (rate, False, state.growth.get(soc), DemandBasis.STATE_SCALED)
    if cache:
        data.cache[key] = table
    return table


# ------------------------------------------------------------------ classification


def _classify_rows(
    data: LaborData,
    area: Area,
    rows: Iterable[tuple[int, int, int | None, int | None, int | None, int]],
    settings: ClassificationSettings,
    national_rates: _Rates | None = None,
) -> AreaClassification:
    """``rows``: (area, soc, employment, annual median, hourly cents, flags) of one area,
    codes as integers (:meth:`LaborData.oews_rows`)."""
    national = national_rates or _national_rates(data)
    state = (
        _state_rates(data, area.state)
        if settings.use_state_projections and area.type is not AreaType.NATIONAL
        else None
    )
    if area.type is AreaType.NATIONAL:
        basis = DemandBasis.NATIONAL
    elif state is not None:
        basis = DemandBasis.STATE if area.type is AreaType.STATE else DemandBasis.STATE_SCALED
    else:
        basis = DemandBasis.NATIONAL_SCALED
    primary = state if state is not None else national
    detailed = _detailed(data)
    demand = _demand_table(
        data,
        basis,
        area.state if state is not None else None,
        national,
        state,
        cache=national_rates is None,
    )
    lookup = demand.get
    hours = settings.hours_per_year
    all_median: int | None = None
    prepared: list[
        tuple[int, int | None, float | None, bool, bool, float | None, float | None, DemandBasis]
    ] = []
    append = prepared.append
    for _, soc, emp, a_med, h_cents, flags in rows:
        if soc == 0:
            all_median = a_med
            continue
        if soc not in detailed:
            continue
        if a_med is not None:
            wage: float | None = a_med
            annualised = False
        elif h_cents is not None and flags & HOURLY_ONLY:
            wage = h_cents / 100 * hours
            annualised = True
        else:
            wage = None
            annualised = False
        d = lookup(soc)
        if d is None:
            append((soc, emp, wage, annualised, bool(flags & MEDIAN_TOPCODED), None, None, basis))
            continue
        value, direct, growth, row_basis = d
        op = value if direct else (emp * value if emp is not None else None)
        append((soc, emp, wage, annualised, bool(flags & MEDIAN_TOPCODED), op, growth, row_basis))
    ops = sorted(p[5] for p in prepared if p[5] is not None)
    pct_open = percentile(ops, settings.openings_percentile)
    t_open = None if pct_open is None else max(settings.min_annual_openings, pct_open)
    t_repl: float | None = None
    if settings.replacement_openings_percentile is not None and ops:
        p_r = percentile(ops, settings.replacement_openings_percentile)
        t_repl = None if p_r is None else max(settings.min_annual_openings, p_r)
    oews_ds = data.datasets.get(area.dataset)
    w_thr, w_basis = wage_threshold(all_median, settings, oews_ds.citation if oews_ds else "OEWS")
    all_growth = primary.all_growth
    margin = settings.growth_margin
    repl_min = settings.replacement_min_growth
    codes = data.soc_codes()
    out: dict[str, Classified] = {}
    for soc, emp, wage, annualised, topcoded, op, growth, row_basis in prepared:
        hw = None if wage is None or w_thr is None else (wage >= w_thr or topcoded)
        if op is None or growth is None or t_open is None:
            hd = None
        elif op < t_open:
            hd = False
        else:
            g_all = all_growth if row_basis is basis else national.all_growth
            hd = (g_all is not None and growth >= g_all + margin) or (
                t_repl is not None and op >= t_repl and growth >= repl_min
            )
        code = codes.get(soc) or soc_from_int(soc)
        out[code] = Classified(code, emp, wage, annualised, topcoded, op, growth, hw, hd, row_basis)
    baseline = AreaBaseline(
        area=area,
        all_median_wage=all_median,
        wage_threshold=w_thr,
        wage_basis=w_basis,
        openings_threshold=t_open,
        replacement_threshold=t_repl,
        all_growth_pct=all_growth,
        demand_basis=basis,
        oews_dataset=area.dataset,
        projection_dataset=primary.dataset,
        occupations_compared=len(ops),
        settings=settings,
    )
    return AreaClassification(baseline, out)


def classify_area(
    data: LaborData, area: Area, settings: ClassificationSettings = DEFAULT_SETTINGS
) -> AreaClassification:
    """Classify every occupation published for ``area`` (cached per data and settings)."""
    key = ("classify", area.code, area.dataset, settings)
    hit = data.cache.get(key)
    if hit is not None:
        result: AreaClassification = hit
        return result
    result = _classify_rows(data, area, data.oews_rows(area), settings)
    data.cache[key] = result
    return result


def classify_all(
    data: LaborData, settings: ClassificationSettings = DEFAULT_SETTINGS
) -> list[AreaClassification]:
    """Every occupation in every area (one pass over the OEWS rows; not cached)."""
    by_code = {a.int_code: a for a in data.areas.values()}
    out: list[AreaClassification] = []
    # one bulk allocation of small tuples: the cyclic collector has nothing to find in
    # them and would otherwise run hundreds of times
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for code, group in itertools.groupby(data.oews_all_rows(), key=itemgetter(0)):
            area = by_code.get(code)
            if area is not None:
                out.append(_classify_rows(data, area, list(group), settings))
    finally:
        if was_enabled:
            gc.enable()
    return out
