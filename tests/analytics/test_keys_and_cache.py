"""The integer student key, the compiled-query cache, and reports over no students (DuckDB)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.analytics import engines
from careerpaths.analytics import measures as m
from careerpaths.analytics import report as rep
from careerpaths.analytics.report import build_report, equity_report, fetch, to_csv, to_html
from careerpaths.analytics.tables import (
    ATTEMPTS_SCHEMA,
    STUDENT_KEY,
    STUDENTS_SCHEMA,
    YEAR_KEY,
    region_tables,
    with_student_keys,
    with_year_keys,
)
from careerpaths.analytics.whatif import what_if
from careerpaths.demo.region import build_region

ALL_DIMS = tuple(d for dims in m.DIMENSIONS.values() for d in dims)


@cache
def _demo() -> tuple[pa.Table, pa.Table]:
    return region_tables(build_region(students=300))


def _canonical(result: tuple[Any, ...]) -> tuple[Any, ...]:
    cohort, groups, trends, districts = result
    rows = [sorted(tuple(sorted(r.items())) for r in x) for x in (groups, trends)]
    return cohort, *rows, districts


# -- the key -----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from("abcdefgh"), min_size=0, max_size=8),
    st.lists(st.sampled_from("abcdefghxyz"), max_size=30),
)
def test_the_key_is_a_bijection_with_the_id(students: list[str], attempts: list[str]) -> None:
    s, a = with_student_keys(
        pa.table({"student_id": pa.array(students, pa.string())}),
        pa.table({"student_id": pa.array(attempts, pa.string())}),
    )
    key_of = dict(zip(s["student_id"].to_pylist(), s[STUDENT_KEY].to_pylist(), strict=True))
    # one key per id, dense from 0
    assert sorted(set(key_of.values())) == list(range(len(set(students))))
    for sid, key in zip(s["student_id"].to_pylist(), s[STUDENT_KEY].to_pylist(), strict=True):
        assert key_of[sid] == key
    # an attempt carries its student's key; an attempt of nobody carries none
    for sid, key in zip(a["student_id"].to_pylist(), a[STUDENT_KEY].to_pylist(), strict=True):
        assert key == key_of.get(sid)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["2024-25", "2025-26", "2023-24"]))))
def test_the_year_key_ranks_the_years(years: list[str | None]) -> None:
    keyed = with_year_keys(pa.table({"school_year": pa.array(years, pa.string())}))
    ranks = {y: i for i, y in enumerate(sorted({y for y in years if y is not None}))}
    expected = [None if y is None else ranks[y] for y in years]
    assert keyed[YEAR_KEY].to_pylist() == expected


def test_load_adds_the_key_and_the_measures_group_by_it() -> None:
    con = engines.connect("duckdb")
    s, a = engines.load(con, *_demo())
    assert STUDENT_KEY in s.columns and STUDENT_KEY in a.columns
    assert m.join_key(s, a) == STUDENT_KEY
    facts = m.student_facts(s, a, cohort=2027, years=("2025-26",))
    assert '"student_key" = ' in str(con.compile(facts))


def test_grouping_by_the_key_gives_what_grouping_by_the_id_gives() -> None:
    con = engines.connect("duckdb")
    students, attempts = _demo()
    keyed = fetch(con, *engines.load(con, students, attempts), dimensions=ALL_DIMS, cohort=None)
    # the same tables without the key: the measures fall back to the string id
    s = con.create_table("plain_students", students, overwrite=True)
    a = con.create_table("plain_attempts", attempts, overwrite=True)
    assert m.join_key(s, a) == "student_id"
    plain = fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)
    assert _canonical(keyed) == _canonical(plain)
    assert keyed[1] and keyed[2]  # not two empty answers


def test_the_years_come_from_the_key_only_when_it_is_one_years() -> None:
    con = engines.connect("duckdb")
    students, attempts = _demo()
    s, a = engines.load(con, students, attempts)
    years, keys = rep._years(con, a)
    assert keys is not None and len(keys) == len(years) == len(set(years)) > 1
    expected = fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)
    # a key shared by every year does not stand for one: the text decides
    shared = with_year_keys(attempts).set_column(
        attempts.num_columns, YEAR_KEY, pa.array([0] * attempts.num_rows, pa.int64())
    )
    s2, a2 = engines.load(con, students, shared, prefix="shared_")
    assert rep._years(con, a2) == (years, None)
    assert _canonical(fetch(con, s2, a2, dimensions=ALL_DIMS, cohort=None)) == _canonical(expected)


# -- the compiled-query cache ----------------------------------------------------------------


def test_cached_sql_is_reused_only_for_the_same_tables_and_parameters() -> None:
    rep._sql_cache.clear()
    con = engines.connect("duckdb")
    s, a = engines.load(con, *_demo())
    first = fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)
    assert len(rep._sql_cache) == 1
    again = fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)
    assert len(rep._sql_cache) == 1 and _canonical(again) == _canonical(first)
    fetch(con, s, a, dimensions=m.DIMENSIONS["subgroup"], cohort=None)
    fetch(con, s, a, dimensions=ALL_DIMS, cohort=first[0] + 1)
    assert len(rep._sql_cache) == 3
    # another schema under the same name compiles anew
    students, attempts = _demo()
    wider = engines.load(
        con, students.append_column("extra", pa.array([1] * len(students))), attempts
    )
    fetch(con, *wider, dimensions=ALL_DIMS, cohort=None)
    assert len(rep._sql_cache) == 4


def test_the_cached_sql_runs_on_each_connections_own_data() -> None:
    students, attempts = _demo()
    con1, con2 = engines.connect("duckdb"), engines.connect("duckdb")
    whole = fetch(con1, *engines.load(con1, students, attempts), dimensions=ALL_DIMS, cohort=None)
    half = students.slice(0, students.num_rows // 2)
    part = fetch(con2, *engines.load(con2, half, attempts), dimensions=ALL_DIMS, cohort=whole[0])
    # same names and schemas: the second call reuses the SQL, on its own (smaller) data
    allrow = next(r for r in part[1] if r["dimension"] == m.ALL)
    assert allrow["enrolled"] == half.num_rows
    fresh = engines.connect("duckdb")
    rep._sql_cache.clear()
    uncached = fetch(
        fresh, *engines.load(fresh, half, attempts), dimensions=ALL_DIMS, cohort=whole[0]
    )
    assert _canonical(part) == _canonical(uncached)


def test_an_expression_is_not_cached_but_measured_the_same() -> None:
    rep._sql_cache.clear()
    con = engines.connect("duckdb")
    s, a = engines.load(con, *_demo())
    grade_11 = s.filter(s.grade_level >= 11)
    result = fetch(con, grade_11, a, dimensions=m.DIMENSIONS["school"], cohort=None)
    assert not rep._sql_cache
    allrow = next(r for r in result[1] if r["dimension"] == m.ALL)
    assert allrow["enrolled"] == sum(1 for g in _demo()[0]["grade_level"].to_pylist() if g >= 11)


def test_the_perfect_hash_setting_is_restored() -> None:
    con = engines.connect("duckdb")
    s, a = engines.load(con, *_demo())
    expected = fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)
    # below the 300 demo students' 9 bits, so the report raises it for its query
    con.con.execute("set perfect_ht_threshold = 4")
    assert _canonical(fetch(con, s, a, dimensions=ALL_DIMS, cohort=None)) == _canonical(expected)
    setting = con.con.execute("select current_setting('perfect_ht_threshold')").fetchall()
    assert int(setting[0][0]) == 4


@pytest.mark.parametrize(("low", "high", "bits"), [(0, 999_999, 20), (0, 0, 2), (5, 4_000_000, 22)])
def test_perfect_hash_bits_as_duckdb_counts_them(low: int, high: int, bits: int) -> None:
    assert rep._perfect_hash_bits(low, high) == bits


def test_no_perfect_hash_beyond_the_cap_or_without_a_range() -> None:
    assert rep._perfect_hash_bits(0, 2**rep.PERFECT_HASH_MAX_BITS) is None
    assert rep._perfect_hash_bits(None, None) is None


# -- no students ---------------------------------------------------------------------------


def _empty() -> tuple[pa.Table, pa.Table]:
    return STUDENTS_SCHEMA.empty_table(), ATTEMPTS_SCHEMA.empty_table()


def test_fetch_over_no_students_is_the_all_row_of_zeros() -> None:
    con = engines.connect("duckdb")
    cohort, groups, trends, districts = fetch(
        con, *engines.load(con, *_empty()), dimensions=ALL_DIMS, cohort=None
    )
    assert cohort is None
    zero = {c: 0 for c in m.COUNT_COLUMNS} | {c: 0.0 for c in m.SUM_COLUMNS}
    assert groups == [{"dimension": m.ALL, "group": m.ALL_STUDENTS, **zero}]
    assert trends == [] and districts == {}


def test_no_students_but_orphan_attempts_counts_nobody() -> None:
    con = engines.connect("duckdb")
    _, attempts = _demo()
    cohort, groups, trends, _ = fetch(
        con,
        *engines.load(con, STUDENTS_SCHEMA.empty_table(), attempts),
        dimensions=ALL_DIMS,
        cohort=2027,
    )
    assert cohort == 2027
    assert [(g["dimension"], g["enrolled"], g["participants"]) for g in groups] == [(m.ALL, 0, 0)]
    assert trends == []


@pytest.mark.parametrize("by", [("subgroup",), tuple(m.DIMENSIONS)])
def test_the_report_over_no_students_is_empty_and_well_formed(by: tuple[str, ...]) -> None:
    con = engines.connect("duckdb")
    report = equity_report(con, *engines.load(con, *_empty()), by=by)
    assert report.cohort is None and report.trends == ()
    (row,) = report.rows
    assert (row.dimension, row.enrolled, row.participants, row.credentialed) == (m.ALL, 0, 0, 0)
    rates = (row.participation, row.course_success, row.share_12plus, row.credential_rate)
    assert set(rates) == {"*"} and row.credit_ratio == "*"
    assert row.cohort_mean_credits is None and row.gap_pp is None
    assert to_csv(report).count("\n") == 2
    assert "No students" in to_html(report)


def test_students_without_attempts_are_enrolled_non_participants() -> None:
    con = engines.connect("duckdb")
    students, _ = _demo()
    cohort, groups, trends, _ = fetch(
        con,
        *engines.load(con, students, ATTEMPTS_SCHEMA.empty_table()),
        dimensions=ALL_DIMS,
        cohort=None,
    )
    allrow = next(r for r in groups if r["dimension"] == m.ALL)
    assert allrow["enrolled"] == students.num_rows and allrow["participants"] == 0
    assert trends == []
    report = build_report(groups, trends, cohort=cohort, dimensions=ALL_DIMS)
    assert report.rows[0].enrolled == students.num_rows


def test_the_whatif_over_no_students_is_empty_and_well_formed() -> None:
    result = what_if([], districts={"s": "d"})
    (row,) = result.rows
    assert (row.dimension, row.group, row.enrolled, row.gains, row.loses) == (
        "all",
        "All students",
        0,
        0,
        0,
    )
    assert (row.rate_now, row.rate_alternative) == ("*", "*")
    assert row.eligibility_gap_now_pp is None and not result.synthetic
