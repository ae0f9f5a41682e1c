"""Suppression everywhere in the report: rows, trends, CSV, HTML; and an attacker."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy as np
import pytest

from careerpaths.analytics import engines
from careerpaths.analytics import measures as m
from careerpaths.analytics.report import (
    EquityReport,
    _cells_and_lines,
    build_report,
    fetch,
    to_csv,
    to_html,
    to_json,
)
from careerpaths.analytics.tables import region_tables
from careerpaths.demo.region import build_region

ALL_DIMS = tuple(d for dims in m.DIMENSIONS.values() for d in dims)
COUNTS = (
    "enrolled",
    "participants",
    "courses_completed",
    "courses_success",
    "cohort_students",
    "cohort_12plus",
    "credentialed",
)


@cache
def _raw() -> tuple[Any, ...]:
    con = engines.connect("duckdb")
    s, a = engines.load(con, *region_tables(build_region(students=600)))
    return fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)


def _report(threshold: int = 10) -> EquityReport:
    cohort, groups, trends, districts = _raw()
    return build_report(
        groups,
        trends,
        districts=districts,
        cohort=cohort,
        dimensions=ALL_DIMS,
        threshold=threshold,
        synthetic=True,
    )


@pytest.mark.parametrize("threshold", [5, 10, 20])
def test_no_small_count_is_published(threshold: int) -> None:
    report = _report(threshold)
    for row in report.rows:
        for c in COUNTS:
            v = getattr(row, c)
            assert v is None or v == 0 or v >= threshold, (row.group, c, v)
    for t in report.trends:
        for v in (t.enrolled, t.participants):
            assert v is None or v == 0 or v >= threshold


def test_rates_are_never_exact_0_or_100_and_need_a_denominator() -> None:
    report = _report()
    rates = [r.participation for r in report.rows] + [r.credential_rate for r in report.rows]
    rates += [r.share_12plus for r in report.rows] + [t.participation for t in report.trends]
    assert not {"0.0%", "100.0%"} & set(rates)
    for r in report.rows:
        if r.participants is None or r.enrolled is None:
            assert r.participation == "*"
            assert r.representation_index is None and r.gap_pp is None
        if r.courses_completed is None:
            assert r.credits_attempted is None and r.credits_earned is None


def test_small_subgroups_are_suppressed_with_their_complement() -> None:
    rows = {(r.dimension, r.group): r for r in _report().rows}
    small = [r for r in rows.values() if r.dimension != "all" and r.enrolled is None]
    assert small  # the demo has small groups (e.g. foster care)
    for flag in ("foster_care", "migrant", "displaced_homemaker", "single_parent"):
        y, n = rows.get((flag, "Y")), rows.get((flag, "N"))
        if y is not None and y.participants is None:
            assert n is not None and n.participants is None  # all students minus Y


def _null_space_attack(values: dict, lines: list, unknown: set, secret: set) -> set:
    """Unknown cells fixed by the published ones: rows of the null-space basis that are 0."""
    order = sorted(unknown, key=repr)
    index = {k: i for i, k in enumerate(order)}
    a = np.zeros((len(lines), len(order)))
    for i, line in enumerate(lines):
        for key, coef in ((line.total, -1.0), *((p, 1.0) for p in line.parts)):
            if key in index:
                a[i, index[key]] += coef
    _, sv, vt = np.linalg.svd(a)
    rank = int((sv > 1e-9).sum())
    null = vt[rank:]
    fixed = {order[j] for j in range(len(order)) if np.abs(null[:, j]).max(initial=0) < 1e-9}
    return fixed & secret


def test_attacker_recovers_nothing_from_the_report() -> None:
    _, groups, trends, districts = _raw()
    report = _report()
    values, lines, unpublished = _cells_and_lines(groups, trends, districts)
    published: dict[tuple, Any] = {}
    for r in report.rows:
        for c in COUNTS:
            published[(r.dimension, r.group, c)] = getattr(r, c)
    for t in report.trends:
        published[(t.school_year, t.dimension, t.group, "enrolled")] = t.enrolled
        published[(t.school_year, t.dimension, t.group, "participants")] = t.participants
    hidden = {k for k, v in published.items() if v is None}
    small = {k for k, v in values.items() if 0 < v < 10}
    assert small - unpublished <= hidden
    unknown = hidden | set(unpublished) | (set(values) - set(published))
    assert _null_space_attack(values, lines, unknown, hidden | (small & unknown)) == set()


def test_exports_carry_only_published_values() -> None:
    report = _report()
    csv_text = to_csv(report)
    assert csv_text.count("\n") == len(report.rows) + 1
    assert ",*," in csv_text
    page = to_html(report)
    assert "<svg" in page and "<script" not in page
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    # one chart per breakdown: a bar for each published rate, none for * or a range
    svgs = re.findall(r"<svg .*?</svg>", page, re.S)
    dims = [d for d in ("all", *report.dimensions) if any(r.dimension == d for r in report.rows)]
    assert len(svgs) == len(dims)
    for dim, svg in zip(dims, svgs, strict=True):
        rows = [r for r in report.rows if r.dimension == dim]
        bars = re.search(r'<g class="mark-rect role-mark[^"]*">(.*?)</g>', svg, re.S)
        drawn = bars.group(1).count("<path") if bars else 0
        assert drawn == sum(1 for r in rows if re.fullmatch(r"[\d.]+%", r.participation))
        assert 'role="img"' in svg and "<title>Participation rate by group</title>" in svg
    assert "Synthetic students" in page
    assert '"threshold": 10' in to_json(report)


def test_threshold_below_five_is_refused() -> None:
    with pytest.raises(ValueError):
        _report(4)
