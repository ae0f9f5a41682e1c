"""Reads for the equity pages: the user's students as analytics tables, the suppressed
report for a population and a grouping, and the eligibility what-if's rules and budget
(asking a what-if question stores a release and charges the budget:
:mod:`careerpaths.web.equity.services`).

The population is the user's scope (site administrators and viewers: the region; a
district designer: their district's schools; a college coordinator: the students whose
college is theirs; a counselor: their schools), active students only. Every figure is
computed over it on embedded DuckDB by :mod:`careerpaths.analytics.report`, and cached
under a digest of the scoped rows and the catalog revision, so a repeat view costs one
query.

Filters are one population at a time (a school, a district, a college, a pathway or a
cohort inside the scope). A filtered view must not let anyone work out a suppressed count
by subtracting it from the unfiltered view or from the views of the other values of the
same filter (a district of three schools: the district's row minus two schools' rows is
the third school's). So all the values of a filter are suppressed together, as one
system of linked tables (:func:`careerpaths.core.privacy.suppress`): each view's own
lines, and each unfiltered cell = the sum of the filtered cells. The unfiltered view's
published cells are taken as known. The published pattern is then checked with
:func:`careerpaths.core.privacy.recoverable`; if some small count could still be worked
out, that filter is refused rather than shown.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db.models import Sum, TextField
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from careerpaths.analytics import engines
from careerpaths.analytics import measures as am
from careerpaths.analytics import whatif as wi
from careerpaths.analytics.report import (
    PARTITIONS,
    EquityReport,
    GroupRow,
    TrendRow,
    add_cells,
    add_trend_cells,
    build_report,
    fetch,
)
from careerpaths.analytics.tables import FLAGS, NO_PATHWAY, records_tables
from careerpaths.analytics.whatif import CURRENT_RULE, TECHNICAL_RULE
from careerpaths.core import model as m
from careerpaths.core.privacy import SMALL_CELL, Line, check_threshold, recoverable, show_rate
from careerpaths.core.privacy import suppress as suppress_cells
from careerpaths.core.requisites import unparse
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.catalog.selectors import versioned_snapshot
from careerpaths.web.equity.models import PrivacyCharge
from careerpaths.web.students.models import Student

#: Who may open the equity pages (each sees their own scope's students, aggregated).
EQUITY_READERS = (
    Role.SITE_ADMIN,
    Role.VIEWER,
    Role.DISTRICT_DESIGNER,
    Role.COLLEGE_COORDINATOR,
    Role.COUNSELOR,
)

#: The groupings a leader can pick: key → (label, the report's dimensions).
GROUPINGS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "race_ethnicity": (_("Race/ethnicity"), ("race_ethnicity",)),
    "sex": (_("Sex"), ("sex",)),
    "economically_disadvantaged": (
        _("Economically disadvantaged"),
        ("economically_disadvantaged",),
    ),
    "english_learner": (_("English learner"), ("english_learner",)),
    "disability": (_("Students with disabilities"), ("disability",)),
    "perkins": (_("Perkins V special populations"), FLAGS),
    "subgroups": (_("Every student group"), am.SUBGROUPS),
    "college": (_("College"), ("college",)),
    "pathway": (_("Pathway"), ("pathway",)),
}
DEFAULT_GROUPING = "race_ethnicity"
SCHOOL_DIMENSIONS = ("district", "school")

DIMENSION_LABELS: dict[str, Promise] = {
    am.ALL: _("All students"),
    "race_ethnicity": _("Race/ethnicity"),
    "sex": _("Sex"),
    "economically_disadvantaged": _("Economically disadvantaged"),
    "english_learner": _("English learner"),
    "disability": _("Students with disabilities"),
    "homeless": _("Homeless"),
    "foster_care": _("Foster care"),
    "migrant": _("Migrant"),
    "military_connected": _("Military-connected"),
    "single_parent": _("Single parent"),
    "displaced_homemaker": _("Displaced homemaker"),
    "district": _("District"),
    "school": _("School"),
    "college": _("College"),
    "pathway": _("Pathway"),
}

#: Values of the race/ethnicity and sex columns as the importers store them (the federal
#: categories; OneRoster's sex codes), in the reader's language. Any other value a district
#: writes in its own template is shown as written.
GROUP_VALUES: dict[str, dict[str, Promise]] = {
    "race_ethnicity": {
        "American Indian or Alaska Native": _("American Indian or Alaska Native"),
        "Asian": _("Asian"),
        "Black or African American": _("Black or African American"),
        "Hispanic/Latino": _("Hispanic/Latino"),
        "Native Hawaiian or Other Pacific Islander": _("Native Hawaiian or Other Pacific Islander"),
        "Two or more races": _("Two or more races"),
        "White": _("White"),
    },
    "sex": {"F": _("Female"), "M": _("Male"), "X": _("Another sex (X)")},
}

#: The population filters, one at a time: kind → (label, the students table's column).
POPULATION_KINDS: dict[str, Promise] = {
    "district": _("District"),
    "school": _("School"),
    "college": _("College"),
    "pathway": _("Pathway"),
    "cohort": _("Cohort (graduation year)"),
}

_COUNTS = am.COUNT_COLUMNS
_SEP = "\x1f"  # joins a filter value and a group in the cross-tab columns
_PART = "cp_part"

_PLAIN_FIELDS = ("record_id", "school_id", "grade_level", "cohort", "pathway", "synthetic")
_JSON_FIELDS = ("scores", "flags", "credentials", "demographics", "attempts")


class FilterRefused(Exception):
    """A filter whose view would let a suppressed count be worked out."""


def equity_threshold() -> int:
    """The small-cell threshold: ``CAREERPATHS_EQUITY_THRESHOLD`` (default 10, never below 5)."""
    return check_threshold(int(getattr(settings, "CAREERPATHS_EQUITY_THRESHOLD", SMALL_CELL)))


# --------------------------------------------------------------------------- the cache

_lock = threading.Lock()
_cache: OrderedDict[Hashable, Any] = OrderedDict()
_CACHE_SIZE = 64
T = TypeVar("T")


def _cached(key: Hashable, build: Callable[[], T]) -> T:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        _cache[key] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def cache_clear() -> None:
    with _lock:
        _cache.clear()


# --------------------------------------------------------------------------- population


@dataclass(frozen=True)
class Population:
    """The scoped active students: as analytics tables and as domain students."""

    key: str  # digest of the catalog revision, the scope and the students' rows
    data_key: str  # digest of the catalog revision and the students counted (no scope)
    region: m.Region
    students: pa.Table
    attempts: pa.Table
    people: tuple[m.Student, ...]
    synthetic: bool
    cohort: int  # the graduating cohort (the seniors) of the whole population

    @property
    def size(self) -> int:
        return int(self.students.num_rows)


def _scope_key(scope: Scope) -> tuple[str, tuple[str, ...]]:
    return (str(scope.role), tuple(sorted(scope.institutions)))


def population(*, scope: Scope) -> Population:
    """The students ``scope`` counts, as analytics tables (cached per data revision).

    One query reads the scoped rows, their JSON columns as text; the digest of that text
    with the catalog revision is the cache key, so any change to a student (an import,
    a grade) or to the catalog is seen at once, and a repeat view decodes nothing.
    """
    revision, region = versioned_snapshot()
    qs = Student.objects.filter(active=True)
    if scope.has(Role.DISTRICT_DESIGNER, Role.COUNSELOR):
        qs = qs.filter(school_id__in=scope.institutions)
    elif not scope.has(Role.SITE_ADMIN, Role.VIEWER, Role.COLLEGE_COORDINATOR):
        qs = qs.none()
    texts = {f"{f}_text": Cast(f, TextField()) for f in _JSON_FIELDS}
    rows = list(qs.order_by("record_id").annotate(**texts).values_list(*_PLAIN_FIELDS, *texts))
    data = hashlib.blake2b(repr((revision, region.id)).encode(), digest_size=16)
    for row in rows:
        data.update(repr(row).encode())
    h = data.copy()
    h.update(repr(_scope_key(scope)).encode())
    digest = h.hexdigest()
    return _cached(
        ("population", digest), lambda: _population(digest, region, scope, rows, data.copy())
    )


def _population(
    digest: str,
    region: m.Region,
    scope: Scope,
    rows: Sequence[tuple[Any, ...]],
    data: Any = None,
) -> Population:
    n = len(_PLAIN_FIELDS)
    people = []
    for r in rows:
        fields = dict(zip(_PLAIN_FIELDS, r[:n], strict=True))
        fields.update(zip(_JSON_FIELDS, (json.loads(x or "null") for x in r[n:]), strict=True))
        people.append(Student(**fields).to_domain())
    students, attempts = records_tables(region, people)
    if scope.has(Role.COLLEGE_COORDINATOR):
        # the college as the report defines it: the declared pathway's, else the partner
        mine = pc.is_in(students["college"], value_set=pa.array(sorted(scope.institutions)))
        students = students.filter(mine)
        ids = set(students["student_id"].to_pylist())
        attempts = attempts.filter(pc.is_in(attempts["student_id"], value_set=pa.array(ids)))
        people = [p for p in people if p.id in ids]
    cohorts = students["cohort"].to_pylist()
    # the students themselves, whoever reads them: two roles that count the same students
    # share the what-if's answers (one release, not one per role)
    data = data or hashlib.blake2b(repr((region.id, digest)).encode(), digest_size=16)
    data.update(repr(sorted(p.id for p in people)).encode())
    return Population(
        key=digest,
        data_key=data.hexdigest(),
        region=region,
        students=students,
        attempts=attempts,
        people=tuple(people),
        synthetic=any(p.synthetic for p in people),
        cohort=min(cohorts) if cohorts else 0,
    )


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    population: str = ""  # "" (everyone in scope) or "kind:value"
    grouping: str = DEFAULT_GROUPING

    @property
    def kind(self) -> str:
        return self.population.partition(":")[0] if self.population else ""

    @property
    def value(self) -> str:
        return self.population.partition(":")[2]


def _names(region: m.Region) -> dict[str, str]:
    names = {i.id: i.name for i in region.institutions.values()}
    names.update({p.id: p.name for p in region.pathways.values()})
    return names


def group_label(dimension: str, group: str, names: Mapping[str, str]) -> str:
    """A group as people read it: an institution's or pathway's name, Yes/No for flags."""
    if dimension == am.ALL:
        return str(DIMENSION_LABELS[am.ALL])
    if dimension in FLAGS:
        return str(_("Yes")) if group == "Y" else str(_("No"))
    if dimension == "pathway" and group == NO_PATHWAY:
        return str(_("No pathway declared"))
    if dimension == "college" and not group:
        return str(_("No partner college"))
    known = GROUP_VALUES.get(dimension, {}).get(group)
    if known is not None:
        return str(known)
    return names.get(group, group)


def population_choices(pop: Population) -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter's options present in the population, grouped by kind (for optgroups)."""
    names = _names(pop.region)
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for kind, label in POPULATION_KINDS.items():
        values = sorted({str(v) for v in pop.students[kind].to_pylist()})
        if len(values) < 2:
            continue  # one value is the whole population
        dim = "pathway" if kind == "pathway" else "college" if kind == "college" else kind
        opts = [(f"{kind}:{v}", group_label(dim, v, names)) for v in values]
        out.append((str(label), sorted(opts, key=lambda o: o[1])))
    return out


# --------------------------------------------------------------------------- the report


def _dimensions(filters: Filters) -> tuple[str, ...]:
    """The grouping's dimensions, then the schools (with their districts) unless the
    population is one school."""
    dims = GROUPINGS.get(filters.grouping, GROUPINGS[DEFAULT_GROUPING])[1]
    if filters.kind == "school":
        return tuple(dims)
    return (*dims, *SCHOOL_DIMENSIONS)


def _run(pop: Population, students: pa.Table, dims: Sequence[str]) -> tuple[Any, ...]:
    """``fetch`` on a fresh embedded DuckDB: (cohort, groups, trends, districts)."""
    # nobody in scope is fine: ``fetch`` answers the All students row with every count 0
    con = engines.connect("duckdb")
    try:
        s, a = engines.load(con, students, pop.attempts)
        return fetch(con, s, a, dimensions=tuple(dims), cohort=pop.cohort)
    finally:
        con.disconnect()


def _report(
    groups: Sequence[Mapping[str, Any]],
    trends: Sequence[Mapping[str, Any]],
    districts: Mapping[str, str],
    *,
    pop: Population,
    dims: Sequence[str],
    threshold: int,
) -> EquityReport:
    return build_report(
        groups,
        trends,
        districts=districts,
        cohort=pop.cohort,
        dimensions=dims,
        threshold=threshold,
        synthetic=pop.synthetic,
    )


def _unfiltered(pop: Population, dims: tuple[str, ...], threshold: int) -> EquityReport:
    def build() -> EquityReport:
        _, groups, trends, districts = _run(pop, pop.students, dims)
        return _report(groups, trends, districts, pop=pop, dims=dims, threshold=threshold)

    return _cached(("unfiltered", pop.key, dims, threshold), build)


def _hidden_of(report: EquityReport) -> set[tuple[Any, ...]]:
    """The cells ``report`` does not publish, as joint keys (None: the unfiltered part)."""
    out: set[tuple[Any, ...]] = set()
    for r in report.rows:
        for c in _COUNTS:
            if getattr(r, c) is None:
                out.add((None, None, r.dimension, r.group, c))
    for t in report.trends:
        for c in ("enrolled", "participants"):
            if getattr(t, c) is None:
                out.add((None, t.school_year, t.dimension, t.group, c))
    return out


@dataclass(frozen=True)
class _Joint:
    parts: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]  # value → rows
    districts: dict[str, str]
    hidden: frozenset[Any]
    refused: bool


def _joint(pop: Population, kind: str, dims: tuple[str, ...], threshold: int) -> _Joint:
    """Every value of filter ``kind`` crossed with ``dims``, suppressed as one system."""

    def build() -> _Joint:
        parent = _unfiltered(pop, dims, threshold)
        part = pc.cast(pop.students[kind], pa.string())
        table = pop.students.append_column(_PART, part)
        for d in dims:
            table = table.append_column(
                f"x_{d}", pc.binary_join_element_wise(part, pop.students[d], _SEP)
            )
        xdims = (*dims, _PART, *(f"x_{d}" for d in dims))
        _, groups, trends, districts = _run(pop, table, xdims)
        return _suppress_joint(groups, trends, districts, dims, threshold, _hidden_of(parent))

    return _cached(("joint", pop.key, kind, dims, threshold), build)


def _split(row: Mapping[str, Any], dims: Sequence[str]) -> tuple[str | None, dict[str, Any]]:
    """(filter value or None for the unfiltered population, the row in report form)."""
    dim = row["dimension"]
    if dim == am.ALL or dim in dims:
        return None, dict(row)
    if dim == _PART:
        return row["group"], {**row, "dimension": am.ALL, "group": am.ALL_STUDENTS}
    value, _sep, group = row["group"].partition(_SEP)
    return value, {**row, "dimension": dim[2:], "group": group}


def _suppress_joint(
    groups: Sequence[Mapping[str, Any]],
    trends: Sequence[Mapping[str, Any]],
    districts: Mapping[str, str],
    dims: Sequence[str],
    threshold: int,
    parent_hidden: set[tuple[Any, ...]],
) -> _Joint:
    parts: dict[str | None, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for r in groups:
        value, row = _split(r, dims)
        parts.setdefault(value, ([], []))[0].append(row)
    for t in trends:
        value, row = _split(t, dims)
        parts.setdefault(value, ([], []))[1].append(row)
    values: dict[Any, int] = {}
    lines: list[Line] = []
    unpublished: set[Any] = set()
    force: set[Any] = set(parent_hidden)

    def add(prefix: tuple[Any, ...], rows: Sequence[Mapping[str, Any]], spec: Any) -> None:
        add_cells(
            values, lines, unpublished, prefix=prefix, rows=rows, parts=spec, districts=districts
        )
        if spec is PARTITIONS:  # a group's course measures go with its participants
            for r in rows:
                if 0 < int(r["participants"]) < threshold:
                    key = (*prefix, r["dimension"], r["group"])
                    force.update({(*key, "courses_success"), (*key, "courses_completed")})

    for value, (rows, trows) in parts.items():
        add((value, None), rows, PARTITIONS)
        add_trend_cells(
            values, lines, unpublished, prefix=(value,), trends=trows, districts=districts
        )
    # the unfiltered population is the sum of the filter's values, cell by cell
    members: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for key in values:
        # a year-to-year change is kept as its size (no sign): it does not add up across
        # the filter's values, and the year cells' own sums already imply the changes'
        if key[0] is not None and not isinstance(key[1], tuple):
            members.setdefault((None, *key[1:]), []).append(key)
    for total, keys in members.items():
        if total in values:
            lines.append(Line(total, tuple(keys)))
    parent = {k for k in values if k[0] is None}
    keep = parent | {k for k in values if am.ALL in k or k[-1] == "enrolled"}
    hidden = suppress_cells(
        values, lines, threshold=threshold, force=force, unpublished=unpublished, keep=keep
    )
    # the unfiltered view publishes what it publishes: check the pattern as the public sees it
    seen_hidden = (set(hidden) - parent) | (parent_hidden & parent) | unpublished
    determined = recoverable(seen_hidden, lines)
    refused = any(0 < values[k] < threshold for k in determined)
    return _Joint(
        parts={v: p for v, p in parts.items() if v is not None},
        districts=dict(districts),
        hidden=frozenset(hidden),
        refused=refused,
    )


def _rehide(
    report: EquityReport, hidden: Callable[[str | None, str, str, str], bool]
) -> EquityReport:
    """``report`` with the jointly hidden cells hidden too, and what depends on them."""
    t = report.threshold
    rows: list[GroupRow] = []
    for r in report.rows:
        d: dict[str, Any] = {
            c: (None if hidden(None, r.dimension, r.group, c) else getattr(r, c)) for c in _COUNTS
        }
        enrolled, part = d["enrolled"], d["participants"]
        completed, success = d["courses_completed"], d["courses_success"]
        seniors, twelve = d["cohort_students"], d["cohort_12plus"]
        credits_ok = completed is not None and part is not None
        counts_ok = enrolled is not None and part is not None
        rows.append(
            dataclasses.replace(
                r,
                **d,
                participation=show_rate(part, enrolled, threshold=t),
                representation_index=r.representation_index if counts_ok else None,
                gap_pp=r.gap_pp if counts_ok else None,
                gap_ci_pp=r.gap_ci_pp if counts_ok else None,
                course_success=show_rate(success, completed, threshold=t),
                credits_attempted=r.credits_attempted if credits_ok else None,
                credits_earned=r.credits_earned if credits_ok else None,
                credit_ratio=r.credit_ratio if credits_ok else "*",
                share_12plus=show_rate(twelve, seniors, threshold=t),
                cohort_mean_credits=(
                    r.cohort_mean_credits if seniors is not None and twelve is not None else None
                ),
                credential_rate=show_rate(d["credentialed"], enrolled, threshold=t),
            )
        )
    trends: list[TrendRow] = []
    for tr in report.trends:
        e = None if hidden(tr.school_year, tr.dimension, tr.group, "enrolled") else tr.enrolled
        p = (
            None
            if hidden(tr.school_year, tr.dimension, tr.group, "participants")
            else tr.participants
        )
        trends.append(
            dataclasses.replace(
                tr, enrolled=e, participants=p, participation=show_rate(p, e, threshold=t)
            )
        )
    return dataclasses.replace(report, rows=tuple(rows), trends=tuple(trends))


def _filtered(
    pop: Population, filters: Filters, dims: tuple[str, ...], threshold: int
) -> EquityReport:
    def build() -> EquityReport:
        joint = _joint(pop, filters.kind, dims, threshold)
        if joint.refused or filters.value not in joint.parts:
            raise FilterRefused(filters.population)
        groups, trends = joint.parts[filters.value]
        report = _report(groups, trends, joint.districts, pop=pop, dims=dims, threshold=threshold)
        value = filters.value
        return _rehide(
            report, lambda year, dim, group, c: (value, year, dim, group, c) in joint.hidden
        )

    return _cached(("filtered", pop.key, filters.population, dims, threshold), build)


def dashboard_report(*, pop: Population, filters: Filters) -> EquityReport:
    """The suppressed report of ``pop`` (see :func:`population`), filtered and grouped.

    Raises :class:`FilterRefused` for a filter value that is not in the population or
    whose view cannot be shown without letting a small count be worked out.
    """
    threshold = equity_threshold()
    dims = _dimensions(filters)
    if not filters.population:
        return _unfiltered(pop, dims, threshold)
    if filters.kind not in POPULATION_KINDS:
        raise FilterRefused(filters.population)
    return _filtered(pop, filters, dims, threshold)


# --------------------------------------------------------------------------- what-if


@dataclass(frozen=True)
class EligibilityRules:
    """The college's current dual-enrollment rules, read from its courses in the catalog."""

    college: str
    college_name: str
    academic: str  # the general-education courses' most common rule
    technical: str  # the technical (CTE) courses' most common rule
    from_catalog: bool


def eligibility_rules(*, scope: Scope, region: m.Region) -> EligibilityRules:
    """The most common eligibility rule of the college's academic and technical courses.

    The college is the coordinator's own; for other roles the college with the most
    courses. Without rules in the catalog, the Senior Year Plus defaults of
    :mod:`careerpaths.analytics.whatif`.
    """
    colleges = [i for i in region.institutions.values() if i.kind is m.InstitutionKind.COLLEGE]
    if scope.has(Role.COLLEGE_COORDINATOR):
        colleges = [c for c in colleges if c.id in scope.institutions] or colleges
    counts = {
        c.id: sum(1 for x in region.courses.values() if x.provider == c.id and x.is_college)
        for c in colleges
    }
    college = max(sorted(counts), key=lambda c: counts[c]) if counts else ""
    academic: dict[str, int] = {}
    technical: dict[str, int] = {}
    for course in region.courses.values():
        if course.provider != college or not course.is_college or course.eligibility is None:
            continue
        bucket = technical if "cte" in course.tags else academic
        text = unparse(course.eligibility)
        bucket[text] = bucket.get(text, 0) + 1

    def top(rules: Mapping[str, int]) -> str | None:
        return sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if rules else None

    a, t = top(academic), top(technical)
    name = region.institutions[college].name if college in region.institutions else ""
    return EligibilityRules(
        college=college,
        college_name=name,
        academic=a or CURRENT_RULE,
        technical=t or TECHNICAL_RULE,
        from_catalog=a is not None,
    )


# The what-if answers with differentially private counts and a per-user budget: see
# careerpaths.analytics.whatif (the vocabulary and the release) and docs/equity.md.

#: The breakdowns a what-if question can ask for (one per question).
WHATIF_BREAKDOWNS: dict[str, Promise] = {
    "school": _("School"),
    "race_ethnicity": _("Race/ethnicity"),
    "sex": _("Sex"),
    **{f: DIMENSION_LABELS[f] for f in FLAGS},
}
DEFAULT_BREAKDOWN = "school"

_VOCABULARY_MESSAGES: dict[str, Promise] = {
    "equality": _(
        "compare with >=, >, <= or <, not == or != (an exact value can single out a student)"
    ),
    "off-grid": _(
        "use whole grade levels, GPA in steps of 0.25 and placement scores in steps of 10"
    ),
    "unknown-score": _("only grade, gpa and placement scores can be compared"),
    "unknown-flag": _("only the proficiency flags and the college's own rules' flags"),
    "course-or-credential": _("courses and credentials are not part of the what-if"),
    "too-deep": _("at most three levels of parentheses"),
    "too-many": _("at most eight conditions"),
    "too-long": _("the rule is too long"),
}


def whatif_epsilon() -> float:
    return float(getattr(settings, "CAREERPATHS_WHATIF_EPSILON", 0.5))


def whatif_budget() -> float:
    return float(getattr(settings, "CAREERPATHS_WHATIF_BUDGET", 10.0))


def whatif_period(now: datetime | None = None) -> str:
    """The month a what-if budget is counted over (``2026-03``)."""
    return (now or datetime.now(UTC)).strftime("%Y-%m")


@dataclass(frozen=True)
class Budget:
    """A user's what-if budget this month: ε spent, the total, questions left."""

    period: str
    spent: float
    total: float
    per_question: float

    @property
    def left(self) -> int:
        return max(0, int((self.total - self.spent + 1e-9) // self.per_question))


def whatif_budget_of(*, user_id: int | None) -> Budget:
    spent = (
        PrivacyCharge.objects.filter(user_id=user_id, period=whatif_period()).aggregate(
            s=Sum("epsilon")
        )["s"]
        if user_id is not None
        else None
    )
    return Budget(whatif_period(), float(spent or 0.0), whatif_budget(), whatif_epsilon())


def vocabulary_error(text: str, *, rules: EligibilityRules) -> str | None:
    """Why ``text`` is outside the what-if's vocabulary, in the reader's language."""
    problems = wi.vocabulary_problems(
        text, allowed_flags=wi.rule_flags(rules.academic, rules.technical)
    )
    if not problems:
        return None
    p = problems[0]
    return _("%(part)s: %(reason)s") % {"part": p.detail, "reason": _VOCABULARY_MESSAGES[p.code]}


def school_names(pop: Population) -> dict[str, str]:
    return _names(pop.region)
