"""The batch audit's summary: per school, district and region, and per college course.

One builder for every place that shows it (the run's page, ``careerpaths audit --all`` as
text and JSON, the workspace audit's summary), so that they publish the same cells with the
same suppression (:mod:`careerpaths.core.privacy`).

Each unit (a school, a district, the region) has the cells students = on track + off
track = with random acts + without; a district's cells are the sums of its schools', the
region's the sums of its districts' (and of schools without a district). Random-act
credits are counts of students times credit hours, so they are cells too: a unit's
credits are the sum of its schools' (or districts'), and the region's credits are also
the sum of the college courses' credits. A course's credits and the credits of a unit
whose students with random acts are hidden are hidden as well (``force``), and the
complementary suppression then keeps every one of them from being worked out from the
totals. The "without random acts" cells are never shown but take part in the sums.

>>> s = {"a": UnitCounts(40, 30, 12, 36.0), "b": UnitCounts(30, 20, 3, 9.0)}
>>> c = {"X-1": CourseCounts(12, 36.0), "Y-2": CourseCounts(3, 9.0)}
>>> out = batch_summary(s, parents={}, courses=c)
>>> [(r.id, r.random_students, r.random_credits) for r in out.rows]
[('a', None, None), ('b', None, None), ('', 15, 45.0)]
>>> [(k, r.students, r.credits) for k, r in out.courses.items()]
[('X-1', 12, None), ('Y-2', None, None)]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from careerpaths.core import grades
from careerpaths.core import model as m
from careerpaths.core.privacy import SMALL_CELL, Line, check_threshold, is_small, suppress
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE

Unit = tuple[str, str]  # ("school" | "district" | "region", id)
REGION: Unit = ("region", "")
_MEASURES = ("n", "on", "off", "ra", "nora")
_CENTS = 100  # credits are cells in hundredths of a credit hour: exact integer sums


@dataclass(frozen=True)
class UnitCounts:
    """One school's results in a run: students, on track, with random acts, their credits."""

    students: int
    on_track: int
    random_students: int
    random_credits: float


@dataclass(frozen=True)
class CourseCounts:
    """A college course that was a random act: students (distinct) and their credits."""

    students: int
    credits: float


@dataclass(frozen=True)
class SummaryRow:
    """A published line of the per-school table (``None``: hidden)."""

    kind: str  # "school", "district" or "region"
    id: str
    students: int | None
    on_track: int | None
    off_track: int | None
    random_students: int | None
    random_credits: float | None


@dataclass(frozen=True)
class CourseRow:
    """A published line of the per-course table (``None``: hidden)."""

    key: str
    students: int | None
    credits: float | None

    @property
    def hidden(self) -> bool:
        return self.students is None


@dataclass(frozen=True)
class BatchSummary:
    """Every unit's row (schools, then their district, …, the region last) and every
    course's row, published or ``None``; ``children`` says which units a total adds up."""

    rows: tuple[SummaryRow, ...]
    courses: dict[str, CourseRow]
    children: dict[Unit, tuple[Unit, ...]] = field(default_factory=dict)
    threshold: int = SMALL_CELL

    def row(self, unit: Unit) -> SummaryRow:
        return next(r for r in self.rows if (r.kind, r.id) == unit)

    def ordered(self, name_of: Callable[[Unit], str]) -> list[SummaryRow]:
        """Schools by name, each district after its schools, the region last."""
        out: list[SummaryRow] = []
        for up in sorted(self.children.get(REGION, ()), key=name_of):
            if up[0] != "school":
                out.extend(self.row(s) for s in sorted(self.children[up], key=name_of))
            out.append(self.row(up))
        out.append(self.row(REGION))
        return out

    def course_order(self) -> list[str]:
        """Published courses by students (most first), then the hidden ones by key only:
        their order must not rank the hidden counts."""
        shown = sorted((-(r.students or 0), k) for k, r in self.courses.items() if not r.hidden)
        hidden = sorted(k for k, r in self.courses.items() if r.hidden)
        return [k for _n, k in shown] + hidden


def _cents(credits: float) -> int:
    return round(credits * _CENTS)


def batch_summary(
    schools: Mapping[str, UnitCounts],
    *,
    parents: Mapping[str, str],
    courses: Mapping[str, CourseCounts] | None = None,
    threshold: int = SMALL_CELL,
) -> BatchSummary:
    """The per-school and per-course tables of a run, suppressed as one system.

    ``parents`` maps a school to its district (schools without one add up to the region
    directly). ``courses`` are every random-act course of the run (a user who sees only
    some of them still sees them as suppressed here, so two users' views cannot be
    combined to undo a suppression).
    """
    check_threshold(threshold)
    courses = dict(courses or {})
    children: dict[Unit, list[Unit]] = {REGION: []}
    totals: dict[Unit, dict[str, int]] = {}
    for school, c in schools.items():
        unit: Unit = ("school", school)
        totals[unit] = {
            "n": c.students,
            "on": c.on_track,
            "off": c.students - c.on_track,
            "ra": c.random_students,
            "nora": c.students - c.random_students,
            "credits": _cents(c.random_credits),
        }
        parent = parents.get(school)
        up: Unit = ("district", parent) if parent else REGION
        if up not in children:
            children[up] = []
            children[REGION].append(up)
        children[up].append(unit)
    for up in [u for u in children if u != REGION] + [REGION]:
        totals[up] = {k: sum(totals[c][k] for c in children[up]) for k in (*_MEASURES, "credits")}
    values: dict[tuple[Any, ...], int] = {}
    lines: list[Line] = []
    force: set[Hashable] = set()
    for unit, t in totals.items():
        for k in (*_MEASURES, "credits"):
            values[(unit, k)] = t[k]
        lines.append(Line((unit, "n"), ((unit, "on"), (unit, "off"))))
        lines.append(Line((unit, "n"), ((unit, "ra"), (unit, "nora"))))
        if is_small(t["ra"], threshold):
            force.add((unit, "credits"))
    for up, parts in children.items():
        for k in (*_MEASURES, "credits"):
            lines.append(Line((up, k), tuple((p, k) for p in parts)))
    for key, cc in courses.items():
        values[("course", key, "n")] = cc.students
        values[("course", key, "credits")] = _cents(cc.credits)
        if is_small(cc.students, threshold):
            force.add(("course", key, "credits"))
    if courses:
        # every random-act credit is one course's: the courses add up to the region's credits
        # (always: were the stored sums a cent apart, the subtraction would still give a
        # hidden course's credits away to within a cent)
        lines.append(Line((REGION, "credits"), tuple(("course", k, "credits") for k in courses)))
    # the credit cells are sums of hours, not counts: only ``force`` makes them sensitive
    hidden = suppress(
        dict(values),
        lines,
        threshold=threshold,
        force=force,
        unpublished={(u, "nora") for u in totals},
        keep={(REGION, k) for k in (*_MEASURES, "credits")},
        not_counts={k for k in values if k[-1] == "credits"},
    )

    def pub(key: tuple[Any, ...]) -> int | None:
        return None if key in hidden else values[key]

    def credits(key: tuple[Any, ...]) -> float | None:
        v = pub(key)
        return None if v is None else v / _CENTS

    rows = []
    for unit in totals:
        rows.append(
            SummaryRow(
                kind=unit[0],
                id=unit[1],
                students=pub((unit, "n")),
                on_track=pub((unit, "on")),
                off_track=pub((unit, "off")),
                random_students=pub((unit, "ra")),
                random_credits=credits((unit, "credits")),
            )
        )
    course_rows = {
        k: CourseRow(
            key=k,
            students=pub(("course", k, "n")),
            credits=None if ("course", k, "n") in hidden else credits(("course", k, "credits")),
        )
        for k in sorted(courses)
    }
    return BatchSummary(
        rows=tuple(rows),
        courses=course_rows,
        children={u: tuple(c) for u, c in children.items()},
        threshold=threshold,
    )


def random_act_hours(
    student: m.Student, random_acts: Collection[str], courses: Mapping[str, m.Course]
) -> list[tuple[str, str, float]]:
    """``(course key, provider, semester hours)`` of each of ``random_acts``, in order.

    The audit names the random acts by course code; their hours are those of the matching
    attempts, counted as the audit counts dual credits: the attempt's earned credits, else
    the catalog course's semester hours. The provider is the catalog course's, else the
    attempt's.

    >>> from careerpaths.core.terms import Term
    >>> s = m.Student("S1", "hs", 11, 2027, attempts=(
    ...     m.Attempt("ART-101", Term.parse("G11-FA"), "B", 3.0, True, "cc"),))
    >>> random_act_hours(s, ("ART-101",), {})
    [('ART101', 'cc', 3.0)]
    """
    pending = list(random_acts)
    out: list[tuple[str, str, float]] = []
    for a in student.attempts:
        if not pending:
            break
        if a.course != pending[0] or not a.dual_credit or a.term.grade > LAST_HIGH_SCHOOL_GRADE:
            continue
        course = courses.get(a.key)
        if not (course.is_college if course else a.dual_credit) or not grades.is_passing(a.grade):
            continue
        hours = a.credits_earned or (course.semester_hours if course else 0.0)
        out.append((a.key, course.provider if course else a.provider, round(hours, 2)))
        pending.pop(0)
    return out


def counts_of(
    results: Iterable[tuple[str, bool, list[tuple[str, str, float]]]],
) -> tuple[dict[str, UnitCounts], dict[str, CourseCounts]]:
    """Per-school and per-course counts from ``(school, on track, random acts' hours)``
    per student (the hours as :func:`random_act_hours` gives them)."""
    by_school: dict[str, list[int | float]] = {}
    by_course: dict[str, tuple[set[int], list[float]]] = {}
    for i, (school, on_track, acts) in enumerate(results):
        t = by_school.setdefault(school, [0, 0, 0, 0.0])
        t[0] += 1
        t[1] += on_track
        t[2] += bool(acts)
        t[3] += sum(h for _k, _p, h in acts)
        for key, _p, h in acts:
            who, hours = by_course.setdefault(key, (set(), []))
            who.add(i)
            hours.append(h)
    return (
        {
            s: UnitCounts(int(t[0]), int(t[1]), int(t[2]), round(float(t[3]), 2))
            for s, t in by_school.items()
        },
        {k: CourseCounts(len(who), round(sum(h), 2)) for k, (who, h) in by_course.items()},
    )
