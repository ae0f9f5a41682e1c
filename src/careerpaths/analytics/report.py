"""The equity report: run the measures, suppress small cells, render JSON, CSV or HTML.

Only published numbers enter the report's dataclasses: a suppressed count is ``None``
from the moment the report is assembled, so no page, chart or export can show it.
Suppression works over one system of cells and lines for the whole report (see
:func:`careerpaths.core.privacy.suppress`): for each breakdown, participants +
non-participants = enrolled, successful + other completed courses = completed, seniors
with 12+ credits + the other seniors = seniors, credentialed + others = enrolled, each
column adds up to All students, and schools add up to their district.
"""

from __future__ import annotations

import html
import io
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import Any

import ibis.expr.operations as ops
import pyarrow as pa
from ibis.backends import BaseBackend

from careerpaths.analytics import measures as m
from careerpaths.analytics.stats import newcombe
from careerpaths.analytics.tables import STUDENT_KEY, YEAR_KEY
from careerpaths.core.model import Region
from careerpaths.core.privacy import SMALL_CELL, Line, check_threshold, show_rate, suppress
from careerpaths.io import csvsafe

# the counted partitions: (part, complement, total)
PARTITIONS = (
    ("participants", "nonparticipants", "enrolled"),
    ("courses_success", "courses_other", "courses_completed"),
    ("cohort_12plus", "cohort_below12", "cohort_students"),
    ("credentialed", "uncredentialed", "enrolled"),
)
TREND_PARTITIONS = (("participants", "nonparticipants", "enrolled"),)


@dataclass(frozen=True)
class GroupRow:
    """Published measures for one group (``None`` = suppressed)."""

    dimension: str
    group: str
    enrolled: int | None
    participants: int | None
    participation: str
    representation_index: float | None
    gap_pp: float | None  # participation minus everyone else's, percentage points
    gap_ci_pp: tuple[float, float] | None
    courses_completed: int | None
    courses_success: int | None
    course_success: str
    credits_attempted: float | None
    credits_earned: float | None
    credit_ratio: str
    cohort_students: int | None
    cohort_12plus: int | None
    share_12plus: str
    cohort_mean_credits: float | None
    credentialed: int | None
    credential_rate: str


@dataclass(frozen=True)
class TrendRow:
    dimension: str
    group: str
    school_year: str
    enrolled: int | None
    participants: int | None
    participation: str


@dataclass(frozen=True)
class EquityReport:
    title: str
    engine: str
    threshold: int
    cohort: int | None  # None: no students, so no graduating cohort
    dimensions: tuple[str, ...]
    rows: tuple[GroupRow, ...]
    trends: tuple[TrendRow, ...]
    synthetic: bool = False
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rows_of(con: BaseBackend, expr: Any) -> list[dict[str, Any]]:
    return list(con.to_pyarrow(expr).to_pylist())


def _materialize(con: BaseBackend, name: str, expr: Any) -> Any:
    """A temporary table; Spark (no temporary tables in Ibis) gets a table in its
    throwaway warehouse, dropped by the caller."""
    if con.name == "pyspark":
        return con.create_table(name, expr)
    return con.create_table(name, expr, temp=True)


def _empty_all_row(nyears: int) -> dict[str, Any]:
    """The measures over no students: every count and sum 0."""
    zero: dict[str, Any] = {c: 0 for c in (*m.COUNT_COLUMNS, *m.SUM_COLUMNS)}
    for i in range(nyears):
        zero[f"enrolled_{i}"] = zero[f"dual_{i}"] = 0
    return {"dimension": m.ALL, "group": m.ALL_STUDENTS, **zero}


# -- DuckDB: the compiled query, cached ----------------------------------------------------------
# Building the Ibis expression of every breakdown and compiling it to SQL costs about half a
# second at any scale (the SQL is ~25 kB), as much as DuckDB needs to group a million
# students. The SQL depends only on the engine, the two tables' names and schemas and the
# parameters, so it is compiled once per such combination and reused: a table of the same
# name and schema in another connection compiles to the same text. Only plain database
# tables are cached (an arbitrary expression is compiled each time), and the cache holds
# strings, never a connection or its data.

_SQL_CACHE_SIZE = 64
_sql_cache: OrderedDict[Hashable, tuple[str, pa.Schema]] = OrderedDict()
_sql_lock = threading.Lock()

# DuckDB groups by a small integer range with a perfect hash table (no hashing, no probing)
# when the range needs at most ``perfect_ht_threshold`` bits (default 12: 4,096 values).
# The dense student key of a million students needs 20; raising the threshold for the one
# query is what makes grouping 20 million attempts by student cheap. Above this many bits
# (4 million students) DuckDB keeps its ordinary hash table: a perfect one allocates a slot
# for every value of the range, per thread.
PERFECT_HASH_MAX_BITS = 22


def _table_signature(table: Any) -> Hashable | None:
    """(name, namespace, schema) of a plain database table; ``None`` for anything else."""
    op = table.op()
    if not isinstance(op, ops.DatabaseTable):
        return None
    return (op.name, op.namespace, op.schema)


def _facts(
    con: BaseBackend,
    students: Any,
    attempts: Any,
    *,
    cohort: int,
    years: Sequence[str],
    year_keys: Sequence[int] | None,
) -> Any:
    """The per-student facts the measures group (bit masks where the engine has them)."""
    return m.student_facts(
        students,
        attempts,
        cohort=cohort,
        years=years,
        year_keys=year_keys,
        bit_mask=con.has_operation(ops.BitOr),
    )


def _duckdb_query(
    con: BaseBackend,
    students: Any,
    attempts: Any,
    *,
    cohort: int,
    years: Sequence[str],
    year_keys: Sequence[int] | None,
    dimensions: Sequence[str],
) -> tuple[str, pa.Schema]:
    """The SQL of every breakdown and the trends on DuckDB, and its result schema."""

    def build() -> tuple[str, pa.Schema]:
        facts = _facts(con, students, attempts, cohort=cohort, years=years, year_keys=year_keys)
        expr = m.group_measures(facts, dimensions, nyears=len(years))
        return str(con.compile(expr)), expr.schema().to_pyarrow()

    sigs = (_table_signature(students), _table_signature(attempts))
    if None in sigs:
        return build()
    keys = None if year_keys is None else tuple(year_keys)
    key = (con.name, *sigs, cohort, tuple(years), keys, tuple(dimensions))
    with _sql_lock:
        hit = _sql_cache.get(key)
        if hit is not None:
            _sql_cache.move_to_end(key)
            return hit
    value = build()
    with _sql_lock:
        _sql_cache[key] = value
        while len(_sql_cache) > _SQL_CACHE_SIZE:
            _sql_cache.popitem(last=False)
    return value


def _years(con: BaseBackend, attempts: Any) -> tuple[list[str], list[int] | None]:
    """The school years present, sorted, and their ``year_key`` values when the attempts
    carry a key that stands for exactly one year (else ``None``: compare the text)."""
    if YEAR_KEY not in attempts.columns:
        return [r["school_year"] for r in _rows_of(con, m.school_years(attempts))], None
    pairs = _rows_of(con, attempts.select(YEAR_KEY, "school_year").distinct())
    keys = [p[YEAR_KEY] for p in pairs]
    labels = [p["school_year"] for p in pairs]
    # one row per (key, year): a bijection when neither repeats and neither is missing
    # alone (an attempt without a year has no key either)
    consistent = (
        len(set(keys)) == len(keys)
        and len(set(labels)) == len(labels)
        and all((p[YEAR_KEY] is None) == (p["school_year"] is None) for p in pairs)
    )
    if not consistent:  # a key that is not one year's: compare the text
        return [r["school_year"] for r in _rows_of(con, m.school_years(attempts))], None
    known = sorted((p for p in pairs if p[YEAR_KEY] is not None), key=lambda p: p["school_year"])
    return [p["school_year"] for p in known], [int(p[YEAR_KEY]) for p in known]


def _perfect_hash_bits(key_min: Any, key_max: Any) -> int | None:
    """The bits DuckDB needs to group the key range with a perfect hash table (as DuckDB
    counts them: the range plus a null slot and one), or ``None`` when not worth it."""
    if key_min is None or key_max is None:
        return None
    bits = (int(key_max) - int(key_min) + 2).bit_length()
    return bits if bits <= PERFECT_HASH_MAX_BITS else None


def _run_duckdb(con: BaseBackend, sql: str, schema: pa.Schema, bits: int | None) -> pa.Table:
    raw = con.con  # the DuckDB connection of Ibis's backend
    previous = None
    if bits is not None:
        previous = int(
            raw.execute("select current_setting('perfect_ht_threshold')").fetchall()[0][0]
        )
        if previous < bits:
            raw.execute(f"set perfect_ht_threshold = {bits}")
        else:
            previous = None
    try:
        # DuckDB sums integers as 128-bit integers: cast to the expression's own types
        return raw.sql(sql).to_arrow_table().cast(schema)
    finally:
        if previous is not None:
            raw.execute(f"set perfect_ht_threshold = {previous}")


def fetch(
    con: BaseBackend,
    students: Any,
    attempts: Any,
    *,
    dimensions: Sequence[str],
    cohort: int | None,
) -> tuple[int | None, list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
    """Run the measures on ``con``: (cohort, group rows, trend rows, school → district).

    The attempts are grouped by student once (:func:`measures.student_facts`: dual-credit
    totals and each school year's flags for the trends); every breakdown is then a roll-up
    of those per-student facts (:func:`measures.group_measures`), all in one query.
    ``cohort=None`` takes the graduating cohort from the data; with no students there is
    none, and the result is the All students row with every count 0, no trends and no
    districts.
    """
    keyed = m.join_key(students, attempts) != "student_id"
    probe: dict[str, Any] = {"n": students.count()}
    if cohort is None:
        probe["cohort"] = m.graduating_cohort(students)
    if keyed and con.name == "duckdb":
        probe["key_min"] = students[STUDENT_KEY].min()
        probe["key_max"] = students[STUDENT_KEY].max()
    facts_of = _rows_of(con, students.aggregate(**probe))[0]
    if cohort is None:
        cohort = None if facts_of["cohort"] is None else int(facts_of["cohort"])
    # no students, no trends: their attempts (if any) belong to nobody
    years, year_keys = _years(con, attempts) if facts_of["n"] else ([], None)
    if not facts_of["n"]:
        rows = [_empty_all_row(len(years))]
    elif cohort is None:
        raise ValueError("no graduating cohort: every student's cohort is empty")
    elif con.name == "duckdb":
        # one query: DuckDB materializes the shared per-student facts (a common table
        # expression) once, in memory, without writing a table
        sql, schema = _duckdb_query(
            con,
            students,
            attempts,
            cohort=cohort,
            years=years,
            year_keys=year_keys,
            dimensions=dimensions,
        )
        bits = _perfect_hash_bits(facts_of.get("key_min"), facts_of.get("key_max"))
        rows = _run_duckdb(con, sql, schema, bits).to_pylist()
    else:
        # PostgreSQL and Spark get a table, scanned by the roll-ups (Spark would otherwise
        # recompute the facts for every branch of the union)
        facts = _facts(con, students, attempts, cohort=cohort, years=years, year_keys=year_keys)
        name = f"cp_facts_{uuid.uuid4().hex[:8]}"
        try:
            table = _materialize(con, name, facts)
            rows = _rows_of(con, m.group_measures(table, dimensions, nyears=len(years)))
        finally:
            con.drop_table(name, force=True)
    groups: list[dict[str, Any]] = []
    trends: list[dict[str, Any]] = []
    for r in rows:
        for i, year in enumerate(years):
            trends.append(
                {
                    "dimension": r["dimension"],
                    "group": r["group"],
                    "school_year": year,
                    "enrolled": int(r.pop(f"enrolled_{i}") or 0),
                    "participants": int(r.pop(f"dual_{i}") or 0),
                }
            )
        for c in m.COUNT_COLUMNS:
            # a sum over no students is NULL in SQL: the All students row of an empty table
            r[c] = int(r[c] or 0)
        for c in m.SUM_COLUMNS:
            r[c] = round(float(r[c] or 0.0), 2)
        groups.append(r)
    # a group with no attempt in a year is not a row of that year's table
    trends = [t for t in trends if t["enrolled"] > 0]
    districts: dict[str, str] = {}
    if "school" in dimensions and "district" in dimensions and facts_of["n"]:
        pairs = students.select("school", "district").distinct()
        districts = {r["school"]: r["district"] for r in _rows_of(con, pairs)}
    return cohort, groups, trends, districts


def add_cells(
    values: dict[Any, int],
    lines: list[Line],
    unpublished: set[Any],
    *,
    prefix: tuple[Any, ...],
    rows: Sequence[Mapping[str, Any]],
    parts: Sequence[tuple[str, str, str]],
    districts: Mapping[str, str],
) -> None:
    """Add the counted cells of ``rows`` (keys ``(*prefix, dimension, group, column)``) and
    the lines that tie them: part + complement = total (the complement is never printed,
    so it is ``unpublished``); each dimension's groups add up to All students; schools add
    up to their district. The report and the web dashboard's joint suppression share it.
    """
    allkey = (m.ALL, m.ALL_STUDENTS)
    by_dim: dict[str, list[str]] = {}
    for r in rows:
        key = (*prefix, r["dimension"], r["group"])
        for part, rest, total in parts:
            values[(*key, part)] = int(r[part])
            values[(*key, rest)] = int(r[total]) - int(r[part])
            unpublished.add((*key, rest))
            values[(*key, total)] = int(r[total])
            lines.append(Line((*key, total), ((*key, part), (*key, rest))))
        if r["dimension"] != m.ALL:
            by_dim.setdefault(r["dimension"], []).append(r["group"])
    columns = {c for p in parts for c in p}
    for dim, names in by_dim.items():
        for c in columns:
            lines.append(Line((*prefix, *allkey, c), tuple((*prefix, dim, g, c) for g in names)))
    if districts and "school" in by_dim:
        members: dict[str, list[str]] = {}
        for school in by_dim["school"]:
            members.setdefault(districts.get(school, school), []).append(school)
        for d, schools in members.items():
            for c in columns:
                lines.append(
                    Line(
                        (*prefix, "district", d, c),
                        tuple((*prefix, "school", s, c) for s in schools),
                    )
                )


#: the trend columns whose year-to-year differences are counts too
TREND_DIFFERENCES = ("enrolled", "participants")


def add_trend_cells(
    values: dict[Any, int],
    lines: list[Line],
    unpublished: set[Any],
    *,
    prefix: tuple[Any, ...],
    trends: Sequence[Mapping[str, Any]],
    districts: Mapping[str, str],
) -> None:
    """Add the trend table's cells (keys ``(*prefix, year, dimension, group, column)``):
    each year's partitions and sums (:func:`add_cells`), and each year minus the previous
    one as a line. Students are counted in every year they attend, so consecutive years
    subtract to the students who joined (a cohort) minus those who left: that difference
    is an unpublished cell, suppressed like any other when small, with the line
    ``this year = last year + difference`` (or ``last year = this year + difference``
    when the group shrank).
    """
    years = sorted({r["school_year"] for r in trends})
    by_year: dict[str, list[Mapping[str, Any]]] = {}
    for r in trends:
        by_year.setdefault(r["school_year"], []).append(r)
    for year in years:
        add_cells(
            values,
            lines,
            unpublished,
            prefix=(*prefix, year),
            rows=by_year[year],
            parts=TREND_PARTITIONS,
            districts=districts,
        )
    for before, year in pairwise(years):
        groups = {(r["dimension"], r["group"]) for r in by_year[year]}
        groups &= {(r["dimension"], r["group"]) for r in by_year[before]}
        for dim, group in sorted(groups):
            for c in TREND_DIFFERENCES:
                now, then = (*prefix, year, dim, group, c), (*prefix, before, dim, group, c)
                diff = (*prefix, ("change", before, year), dim, group, c)
                d = values[now] - values[then]
                values[diff] = abs(d)
                unpublished.add(diff)
                lines.append(Line(now, (then, diff)) if d >= 0 else Line(then, (now, diff)))


def _cells_and_lines(
    groups: Sequence[Mapping[str, Any]],
    trends: Sequence[Mapping[str, Any]],
    districts: Mapping[str, str],
) -> tuple[dict[Any, int], list[Line], set[Any]]:
    values: dict[Any, int] = {}
    lines: list[Line] = []
    unpublished: set[Any] = set()
    add_cells(
        values, lines, unpublished, prefix=(), rows=groups, parts=PARTITIONS, districts=districts
    )
    add_trend_cells(values, lines, unpublished, prefix=(), trends=trends, districts=districts)
    return values, lines, unpublished


def build_report(
    groups: Sequence[Mapping[str, Any]],
    trends: Sequence[Mapping[str, Any]],
    *,
    districts: Mapping[str, str] | None = None,
    cohort: int | None,
    dimensions: Sequence[str],
    threshold: int = SMALL_CELL,
    engine: str = "duckdb",
    title: str = "Dual enrollment equity report",
    synthetic: bool = False,
) -> EquityReport:
    """Suppress and assemble (pure: the rows come from :func:`fetch`).

    Over no students (the All students row of zeros) the report is well formed: that row
    with its zeros, every rate ``*``, no groups and no trends.
    """
    check_threshold(threshold)
    values, lines, unpublished = _cells_and_lines(groups, trends, districts or {})
    # a group's course and credit measures go with its participants
    force = {
        (r["dimension"], r["group"], c)
        for r in groups
        if 0 < int(r["participants"]) < threshold
        for c in ("courses_success", "courses_completed")
    }
    keep = {k for k in values if m.ALL in k or k[-1] == "enrolled"}
    hidden = suppress(
        values, lines, threshold=threshold, force=force, unpublished=unpublished, keep=keep
    )

    def pub(*key: Any) -> int | None:
        return None if key in hidden else values[key]

    allrow = next(r for r in groups if r["dimension"] == m.ALL)
    n_all, p_all = int(allrow["enrolled"]), int(allrow["participants"])
    rows: list[GroupRow] = []
    for r in sorted(groups, key=lambda r: (r["dimension"] != m.ALL, r["dimension"], r["group"])):
        k = (r["dimension"], r["group"])
        enrolled, part = pub(*k, "enrolled"), pub(*k, "participants")
        completed, success = pub(*k, "courses_completed"), pub(*k, "courses_success")
        seniors, twelve = pub(*k, "cohort_students"), pub(*k, "cohort_12plus")
        cred = pub(*k, "credentialed")
        ri = gap = ci = None
        if enrolled and part is not None and r["dimension"] != m.ALL and p_all:
            ri = round((part / p_all) / (enrolled / n_all), 2)
            rest_n, rest_p = n_all - enrolled, p_all - part
            if rest_n >= threshold:
                d, lo, hi = newcombe(part, enrolled, rest_p, rest_n)
                gap, ci = round(100 * d, 1), (round(100 * lo, 1), round(100 * hi, 1))
        credits_ok = completed is not None and part is not None
        attempted = r["credits_attempted"] if credits_ok else None
        earned = r["credits_earned"] if credits_ok else None
        seniors_ok = seniors is not None and twelve is not None and seniors >= threshold
        rows.append(
            GroupRow(
                dimension=r["dimension"],
                group=r["group"],
                enrolled=enrolled,
                participants=part,
                participation=show_rate(part, enrolled, threshold=threshold),
                representation_index=ri,
                gap_pp=gap,
                gap_ci_pp=ci,
                courses_completed=completed,
                courses_success=success,
                course_success=show_rate(success, completed, threshold=threshold),
                credits_attempted=attempted,
                credits_earned=earned,
                credit_ratio=(
                    show_rate(round(earned * 100), round(attempted * 100), threshold=threshold)
                    if earned is not None and attempted
                    else "*"
                ),
                cohort_students=seniors,
                cohort_12plus=twelve,
                share_12plus=show_rate(twelve, seniors, threshold=threshold),
                cohort_mean_credits=(
                    round(r["cohort_credits"] / seniors, 2) if seniors_ok and seniors else None
                ),
                credentialed=cred,
                credential_rate=show_rate(cred, enrolled, threshold=threshold),
            )
        )
    trend_rows = [
        TrendRow(
            dimension=t["dimension"],
            group=t["group"],
            school_year=t["school_year"],
            enrolled=pub(t["school_year"], t["dimension"], t["group"], "enrolled"),
            participants=pub(t["school_year"], t["dimension"], t["group"], "participants"),
            participation=show_rate(
                pub(t["school_year"], t["dimension"], t["group"], "participants"),
                pub(t["school_year"], t["dimension"], t["group"], "enrolled"),
                threshold=threshold,
            ),
        )
        for t in sorted(
            trends,
            key=lambda t: (t["dimension"] != m.ALL, t["dimension"], t["group"], t["school_year"]),
        )
    ]
    notes = [
        f"Counts of 1 to {threshold - 1} are suppressed (*), with complementary suppression "
        "so that no suppressed count can be recovered from totals, other groups or the "
        "change from one school year to the next; a zero is hidden with its group's size.",
        f"Credits by high-school graduation: the {cohort} cohort (seniors), credits earned to date."
        if cohort is not None
        else "No students: no graduating cohort.",
    ]
    if synthetic:
        notes.insert(0, "Synthetic students: the demo region's generated records, not real people.")
    return EquityReport(
        title=title,
        engine=engine,
        threshold=threshold,
        cohort=cohort,
        dimensions=tuple(dimensions),
        rows=tuple(rows),
        trends=tuple(trend_rows),
        synthetic=synthetic,
        notes=tuple(notes),
    )


def equity_report(
    con: BaseBackend,
    students: Any,
    attempts: Any,
    *,
    by: Sequence[str] = ("subgroup",),
    threshold: int = SMALL_CELL,
    cohort: int | None = None,
    engine: str = "duckdb",
    synthetic: bool = False,
) -> EquityReport:
    """Run the measures on ``con`` for the breakdowns ``by`` and return the suppressed report."""
    check_threshold(threshold)
    dimensions = tuple(d for b in by for d in m.DIMENSIONS[b])
    cohort, groups, trends, districts = fetch(
        con, students, attempts, dimensions=dimensions, cohort=cohort
    )
    return build_report(
        groups,
        trends,
        districts=districts,
        cohort=cohort,
        dimensions=dimensions,
        threshold=threshold,
        engine=engine,
        synthetic=synthetic,
    )


# -- rendering -----------------------------------------------------------------------------------

_CSV_COLUMNS = (
    "dimension",
    "group",
    "enrolled",
    "participants",
    "participation",
    "representation_index",
    "gap_pp",
    "gap_ci_pp",
    "courses_completed",
    "courses_success",
    "course_success",
    "credits_attempted",
    "credits_earned",
    "credit_ratio",
    "cohort_students",
    "cohort_12plus",
    "share_12plus",
    "cohort_mean_credits",
    "credentialed",
    "credential_rate",
)


_NOT_APPLICABLE_TO_ALL = ("representation_index", "gap_pp", "gap_ci_pp")


def _cell(v: Any, column: str = "", dimension: str = "") -> str:
    """``*`` for a suppressed value; empty where a measure does not apply (the all row)."""
    if dimension == m.ALL and column in _NOT_APPLICABLE_TO_ALL:
        return ""
    if v is None:
        return "*"
    if isinstance(v, tuple):
        return f"[{v[0]}, {v[1]}]"
    return str(v)


def to_json(report: EquityReport) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)


def to_csv(report: EquityReport) -> str:
    """One row per group; ``*`` marks a suppressed value."""
    out = io.StringIO()
    w = csvsafe.writer(out, lineterminator="\n")
    w.writerow(_CSV_COLUMNS)
    for row in report.rows:
        d = asdict(row)
        w.writerow([_cell(d[c], c, row.dimension) for c in _CSV_COLUMNS])
    return out.getvalue()


def _bars_svg(rows: Sequence[GroupRow]) -> str:
    """Participation rates as horizontal bars; a suppressed rate draws no bar, only ``*``,
    and a range (``≤5%``) only its text (:func:`careerpaths.viz.bars`, which is given
    the published strings only)."""
    from careerpaths import viz  # Altair and vl-convert: only for the HTML report

    return viz.bars(
        "Participation rate by group",
        "Share of students with at least one dual-credit course, by group; "
        "* marks a suppressed value.",
        [viz.Item(r.group, viz.rate_value(r.participation), r.participation) for r in rows],
    )


def to_html(report: EquityReport) -> str:
    """A self-contained page: tables and inline SVG charts, no script and no CDN."""
    e = html.escape
    body = [f"<h1>{e(report.title)}</h1>"]
    body += [f"<p>{e(n)}</p>" for n in report.notes]
    body.append(f"<p>Engine: {e(report.engine)}. Suppression threshold: {report.threshold}.</p>")
    for dim in (m.ALL, *report.dimensions):
        rows = [r for r in report.rows if r.dimension == dim]
        if not rows:
            continue
        body.append(f"<h2>{e(dim.replace('_', ' ').capitalize())}</h2>")
        body.append(_bars_svg(rows))
        body.append("<table><thead><tr>")
        body += [f"<th>{e(c.replace('_', ' '))}</th>" for c in _CSV_COLUMNS[1:]]
        body.append("</tr></thead><tbody>")
        for r in rows:
            d = asdict(r)
            body.append(
                "<tr>"
                + "".join(f"<td>{e(_cell(d[c], c, r.dimension))}</td>" for c in _CSV_COLUMNS[1:])
                + "</tr>"
            )
        body.append("</tbody></table>")
    body.append("<h2>Participation by school year</h2><table><thead><tr>")
    body += [
        f"<th>{c}</th>"
        for c in ("dimension", "group", "school year", "enrolled", "participants", "participation")
    ]
    body.append("</tr></thead><tbody>")
    for t in report.trends:
        cells = (
            t.dimension,
            t.group,
            t.school_year,
            _cell(t.enrolled),
            _cell(t.participants),
            t.participation,
        )
        body.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in cells) + "</tr>")
    body.append("</tbody></table>")
    style = (
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}"
        "table{border-collapse:collapse;font-size:.85rem;margin-bottom:1.5rem}"
        "td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:right}"
        "svg{display:block;max-width:100%;height:auto}"
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(report.title)}</title><style>{style}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def region_report(
    region: Region,
    *,
    engine: str = "duckdb",
    by: Sequence[str] = ("subgroup",),
    threshold: int = SMALL_CELL,
    url: str | None = None,
) -> EquityReport:
    """The equity report of a region's students on ``engine`` (the one call the CLI makes)."""
    from careerpaths.analytics import engines
    from careerpaths.analytics.tables import region_tables

    check_threshold(threshold)
    students, attempts = region_tables(region)
    con = engines.connect(engine, url=url)
    # prefixed, so that a shared PostgreSQL database keeps its own tables
    s, a = engines.load(con, students, attempts, prefix="careerpaths_equity_")
    return equity_report(
        con,
        s,
        a,
        by=by,
        threshold=threshold,
        engine=str(engine),
        synthetic=any(st.synthetic for st in region.students.values()),
    )
