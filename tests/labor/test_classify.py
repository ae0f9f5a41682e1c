"""High-wage and high-demand thresholds (table-driven) and per-area classification."""

from __future__ import annotations

from dataclasses import replace

import pytest

from careerpaths.labor.classify import (
    DEFAULT_SETTINGS,
    ClassificationSettings,
    DemandBasis,
    classify_all,
    classify_area,
    is_high_demand,
    is_high_wage,
    percentile,
    wage_threshold,
)
from careerpaths.labor.store import LaborData


@pytest.mark.parametrize(
    ("wage", "threshold", "expected"),
    [
        (49_360, 49_360, True),  # at the threshold counts
        (49_359, 49_360, False),
        (78_370, 49_360, True),
        (None, 49_360, None),  # wage not released
        (50_000, None, None),  # no all-occupation median
    ],
)
def test_is_high_wage(wage: float | None, threshold: float | None, expected: bool | None) -> None:
    assert is_high_wage(wage, threshold) is expected


S = DEFAULT_SETTINGS


@pytest.mark.parametrize(
    ("openings", "growth", "t_open", "t_repl", "all_growth", "settings", "expected", "why"),
    [
        (20, 5.0, 14, 36, 3.1, S, True, "enough openings, growing faster than all jobs"),
        (20, 3.1, 14, 36, 3.1, S, True, "growth equal to all jobs counts"),
        (20, 3.0, 14, 36, 3.1, S, False, "growth below all jobs, openings not top quarter"),
        (40, 0.0, 14, 36, 3.1, S, True, "top-quarter openings, not shrinking"),
        (40, -0.1, 14, 36, 3.1, S, False, "top-quarter openings but shrinking"),
        (13, 20.0, 14, 36, 3.1, S, False, "fast growth but too few openings"),
        (40, 0.0, 14, None, 3.1, S, False, "replacement path switched off"),
        (20, 4.0, 14, 36, 3.1, replace(S, growth_margin=1.0), False, "margin 1 pt: 4.0 < 4.1"),
        (20, 4.1, 14, 36, 3.1, replace(S, growth_margin=1.0), True, "margin 1 pt: 4.1 >= 4.1"),
        (40, -1.0, 14, 36, 3.1, replace(S, replacement_min_growth=-2.0), True, "allow -2%"),
        (None, 5.0, 14, 36, 3.1, S, None, "no openings estimate"),
        (20, None, 14, 36, 3.1, S, None, "no projection"),
        (20, 5.0, None, 36, 3.1, S, None, "no threshold (empty area)"),
    ],
)
def test_is_high_demand(
    openings: float | None,
    growth: float | None,
    t_open: float | None,
    t_repl: float | None,
    all_growth: float,
    settings: ClassificationSettings,
    expected: bool | None,
    why: str,
) -> None:
    got = is_high_demand(
        openings,
        growth,
        openings_threshold=t_open,
        replacement_threshold=t_repl,
        all_growth_pct=all_growth,
        settings=settings,
    )
    assert got is expected, why


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),
        ([1, 2, 3, 4], 0, 1),
        ([1, 2, 3, 4], 100, 4),
        ([10], 75, 10),
        ([], 50, None),
        ([1, 2, 3, 4, 5], 75, 4),
    ],
)
def test_percentile(values: list[float], p: float, expected: float | None) -> None:
    assert percentile(values, p) == expected


def test_wage_threshold_sources() -> None:
    thr, basis = wage_threshold(49_360, S, "BLS OEWS, May 2025")
    assert thr == 49_360 and "median wage for all occupations" in basis and "May 2025" in basis
    thr, basis = wage_threshold(49_360, replace(S, family_supporting_wage=62_000))
    assert thr == 62_000 and "family-supporting" in basis
    thr, _ = wage_threshold(50_000, replace(S, wage_multiple=1.25))
    assert thr == 62_500


@pytest.mark.parametrize(
    "kwargs",
    [
        {"openings_percentile": 120},
        {"family_supporting_wage": 0},
        {"wage_multiple": 0},
        {"min_annual_openings": -1},
        {"hours_per_year": 0},
        {"replacement_openings_percentile": -5},
    ],
)
def test_settings_are_checked(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ClassificationSettings(**kwargs)  # type: ignore[arg-type]


def test_cedar_rapids_baseline(shipped: LaborData) -> None:
    cls = classify_area(shipped, shipped.area("Cedar Rapids, IA"))
    b = cls.baseline
    assert b.all_median_wage == 49_360 and b.wage_threshold == 49_360
    assert b.all_growth_pct == 3.1
    assert b.demand_basis is DemandBasis.NATIONAL_SCALED
    assert b.openings_threshold is not None and b.openings_threshold >= 10
    assert b.occupations_compared > 300


def test_cedar_rapids_registered_nurses(shipped: LaborData) -> None:
    """Openings = area employment x national openings rate: 2,880 x 189.1k / 3,391.0k."""
    rn = classify_area(shipped, shipped.area("0016300")).rows["29-1141"]
    assert rn.openings == pytest.approx(2_880 * 189_100 / 3_391_000)
    assert rn.growth_pct == 4.9
    assert rn.high_wage is True and rn.high_demand is True and rn.hdhw


@pytest.mark.parametrize(
    ("soc", "high_wage", "high_demand"),
    [
        ("31-1131", False, True),  # nursing assistants: $39,110 < $49,360
        ("29-2061", True, False),  # LPN: 2.6% growth < 3.1%, not top-quarter openings
        ("47-2111", True, True),  # electricians
        ("53-3032", True, True),  # heavy truck drivers
    ],
)
def test_cedar_rapids_classification(
    shipped: LaborData, soc: str, high_wage: bool, high_demand: bool
) -> None:
    c = classify_area(shipped, shipped.area("0016300")).rows[soc]
    assert (c.high_wage, c.high_demand) == (high_wage, high_demand)


def test_family_supporting_wage_changes_the_answer(shipped: LaborData) -> None:
    area = shipped.area("0016300")
    settings = replace(S, family_supporting_wage=55_000)
    elec = classify_area(shipped, area, settings).rows["47-2111"]
    assert elec.high_wage is False  # $50,230 < $55,000
    assert classify_area(shipped, area, settings).baseline.wage_threshold == 55_000


def test_national_uses_published_projections(shipped: LaborData) -> None:
    cls = classify_area(shipped, shipped.area("0000000"))
    assert cls.baseline.demand_basis is DemandBasis.NATIONAL
    assert cls.rows["29-1141"].openings == 189_100
    actors = cls.rows["27-2011"]
    assert actors.wage_annualised and actors.median_wage == pytest.approx(29.05 * 2080)


def test_top_coded_is_high_wage(shipped: LaborData) -> None:
    c = classify_area(shipped, shipped.area("Alabama")).rows["29-1022"]
    assert c.wage_topcoded and c.high_wage is True


def test_not_released_is_unknown(shipped: LaborData) -> None:
    c = classify_area(shipped, shipped.area("0016300")).rows["13-1141"]
    assert c.employment is None and c.openings is None and c.high_demand is None


def test_classify_all_every_area(shipped: LaborData) -> None:
    results = classify_all(shipped)
    assert len(results) == len(shipped.areas) == 583
    rows = sum(len(r.rows) for r in results)
    assert 200_000 < rows < 240_000
    cr = next(r for r in results if r.baseline.area.code == "0016300")
    assert cr.rows["29-1141"] == classify_area(shipped, shipped.area("0016300")).rows["29-1141"]
