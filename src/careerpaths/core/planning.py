"""The plan model: what a term planner is asked and what it answers.

Framework-free: no solver here. A :class:`PlanProblem` says which terms exist (and their load
limits), which courses may be placed, which must be, which are locked to a term, which the
student has already passed or is taking, which credentials must be earned by when, and the
plan to stay close to. A solver (:mod:`careerpaths.planner`, OR-Tools CP-SAT) answers a
:class:`PlanResult`: a :class:`Plan` with its :class:`Score`, or the constraints that
conflict, as findings in plain language.

How a plan is scored, best first (lexicographic):

1. the fewest terms to the last placed course (``last`` term index + 1);
2. the most balanced load: the fullest term's load as a share of its limit, smallest;
3. the fewest moves from an existing plan (a course placed elsewhere, or dropped);
4. the fewest courses placed.

:func:`check_plan` re-checks a plan against its problem without a solver, so the adapter's
answers are verified by a second, simple implementation.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from careerpaths.core import grades
from careerpaths.core.findings import Finding, Severity, Where
from careerpaths.core.model import (
    Course,
    Credential,
    CredentialKind,
    Institution,
    InstitutionKind,
    Pathway,
    Region,
    RegionSettings,
    Student,
)
from careerpaths.core.records import credit_for
from careerpaths.core.requirements import CourseNode, leaves
from careerpaths.core.requisites import (
    GRADE_LEVEL,
    AllOf,
    AnyOf,
    Comparison,
    CourseReq,
    Expr,
    Flag,
    HasCredential,
    course_key,
    walk,
)
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Season, Term, term_grid

# Loads and credits are compared in hundredths, as integers (what a solver needs).
SCALE = 100

_EMPTY: Mapping[str, object] = MappingProxyType({})


def hs_load(course: Course, semester_course_credits: float = 1.0) -> float:
    """A course's load in a high-school term, in semester courses.

    A high-school course weighs its credits divided by the diploma's credits per semester
    course; a dual-credit college course weighs its ``hs_credits`` (or a third of its semester
    hours: a 3-hour course is one semester course).

    >>> from careerpaths.core.model import CreditUnit, Level
    >>> hs_load(Course("ENG 9A", "English 9", "d", 5, CreditUnit.HS_CREDIT, Level.SECONDARY), 5)
    1.0
    """
    if course.is_college:
        return course.hs_credits or course.semester_hours / 3
    return course.credits / semester_course_credits


def scaled_up(x: float) -> int:
    """Hundredths rounded up: a load limit checked on these is never exceeded."""
    return math.ceil(round(x * SCALE, 6))


def scaled_down(x: float) -> int:
    """Hundredths rounded down: credits counted on these are never overstated."""
    return math.floor(round(x * SCALE, 6))


@dataclass(frozen=True)
class PlanTerm:
    """A term the planner may use and its limits (``None``: no limit of that kind)."""

    term: Term
    max_college_hours: float | None
    max_hs_courses: float | None  # semester courses; high-school terms only

    @property
    def cap(self) -> float:
        """The limit the term's balance is measured against."""
        if self.term.in_high_school and self.max_hs_courses is not None:
            return self.max_hs_courses
        return self.max_college_hours or 18.0


@dataclass(frozen=True)
class Goal:
    """A credential to earn with courses placed (or passed) by ``deadline`` (None: any term)."""

    credential: Credential
    deadline: Term | None = None


@dataclass(frozen=True)
class PlanProblem:
    """Everything a planner needs; built by :func:`template_problem` or
    :func:`student_problem`.

    ``courses`` are the candidates (keyed by course key); ``required`` must each be placed
    once; ``locks`` fix a course to a term; ``passed`` maps a course passed (or in progress)
    before the first term to its best grade (``None`` when in progress); ``previous`` is an
    existing plan to stay close to; ``values`` are the student's scores (``gpa``,
    ``placement.math``) and ``flags``/``held`` their flags and credentials: ``None`` for a
    template, where such conditions are unknown and left to enrollment.
    """

    terms: tuple[PlanTerm, ...]
    courses: Mapping[str, Course]
    required: frozenset[str] = frozenset()
    goals: tuple[Goal, ...] = ()
    locks: Mapping[str, Term] = field(default_factory=lambda: MappingProxyType({}))
    passed: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    previous: Mapping[str, Term] = field(default_factory=lambda: MappingProxyType({}))
    values: Mapping[str, float] | None = None
    flags: frozenset[str] | None = None
    held: frozenset[str] | None = None
    earned: Mapping[str, Term] = field(default_factory=lambda: MappingProxyType({}))
    semester_course_credits: float = 1.0
    summers: bool = False
    min_college_hours_in_high_school: float = 0.0
    exclusive: bool = True
    retakes: frozenset[str] = frozenset()  # passed courses whose grade some rule needs raised

    @property
    def term_ids(self) -> list[str]:
        return [t.term.id for t in self.terms]

    def placeable(self, key: str) -> bool:
        return key not in self.passed or key in self.retakes

    def allowed_in(self, course: Course, term: Term) -> str | None:
        """Why ``course`` cannot go in ``term`` (a constraint name), or None when it can."""
        if term.season is Season.SUMMER and not self.summers:
            return "summers"
        if term.season not in course.terms_offered:
            return "offered"
        if not course.is_college or term.in_high_school:
            lo, hi = course.grade_min, course.grade_max
            if (lo is not None and term.grade < lo) or (hi is not None and term.grade > hi):
                return "window"
        return None


@dataclass(frozen=True)
class PlannedCourse:
    key: str
    code: str
    title: str
    term: Term
    credits: float
    college: bool
    locked: bool = False
    retake: bool = False
    moved_from: Term | None = None


@dataclass(frozen=True)
class Score:
    terms: int  # terms from the first term of the grid to the last one used
    max_fill: float  # the fullest term's load as a share of its limit (0-1)
    load_sd: float  # standard deviation of credits per used term
    moves: int
    courses: int


@dataclass(frozen=True)
class Plan:
    placements: tuple[PlannedCourse, ...]
    score: Score

    def by_term(self) -> dict[Term, list[PlannedCourse]]:
        out: dict[Term, list[PlannedCourse]] = {}
        for p in sorted(self.placements, key=lambda p: (p.term, p.code)):
            out.setdefault(p.term, []).append(p)
        return out

    def term_of(self) -> dict[str, Term]:
        return {p.key: p.term for p in self.placements}


class PlanStatus(StrEnum):
    OPTIMAL = "optimal"  # proven best
    FEASIBLE = "feasible"  # a plan, not proven best within the time limit
    INFEASIBLE = "infeasible"  # no plan: the findings say which constraints conflict
    UNKNOWN = "unknown"  # the time limit passed before any answer


@dataclass(frozen=True)
class PlanResult:
    status: PlanStatus
    plan: Plan | None
    findings: tuple[Finding, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.plan is not None


# ------------------------------------------------------------------------ findings

PLAN_CODES: dict[str, tuple[Severity, str]] = {
    "plan-infeasible": (
        Severity.ERROR,
        "No plan meets every constraint; the findings that follow name the ones that conflict.",
    ),
    "plan-conflict": (
        Severity.ERROR,
        "One of a set of constraints that together leave no plan (drop or relax one of them).",
    ),
    "plan-timeout": (Severity.ERROR, "The planner found no plan within its time limit."),
    "plan-not-proven": (
        Severity.INFO,
        "A plan was found but not proven the best within the time limit.",
    ),
    "plan-unknown-course": (
        Severity.WARNING,
        "A course to place or lock is not in the catalog, or not offered to the pathway's "
        "schools; it is left out.",
    ),
    "plan-retake": (Severity.INFO, "A course is planned again to raise a grade below a minimum."),
}


def plan_finding(
    code: str,
    message: str,
    *,
    course: str | None = None,
    term: str | None = None,
    credential: str | None = None,
    **data: object,
) -> Finding:
    severity, _ = PLAN_CODES[code]
    where = Where(course=course, term=term, credential=credential)
    return Finding(code, severity, where, message, dict(data))


# ------------------------------------------------------------------------ loads and scores


def term_loads(
    placed: Iterable[tuple[Course, Term]], semester_course_credits: float = 1.0
) -> dict[Term, tuple[float, float]]:
    """Per term: (college semester hours, high-school load in semester courses)."""
    out: dict[Term, tuple[float, float]] = {}
    for course, term in placed:
        college, hs = out.get(term, (0.0, 0.0))
        college += course.semester_hours if course.is_college else 0.0
        if term.in_high_school:
            hs += hs_load(course, semester_course_credits)
        out[term] = (college, hs)
    return out


def credits_in_term(course: Course, term: Term, semester_course_credits: float = 1.0) -> float:
    """The credits a course counts for in the balance figure: semester hours in college,
    semester courses in high school."""
    if term.in_high_school:
        return hs_load(course, semester_course_credits)
    return course.semester_hours


def score(problem: PlanProblem, placements: Iterable[tuple[str, Term]]) -> Score:
    """The score of a placement (see the module docstring for the order)."""
    placed = list(placements)
    index = {t.term: i for i, t in enumerate(problem.terms)}
    caps = {t.term: t.cap for t in problem.terms}
    last = max((index[t] for _, t in placed), default=-1)
    per_term: dict[Term, float] = {}
    fill: dict[Term, float] = {}
    for key, term in placed:
        c = problem.courses[key]
        per_term[term] = per_term.get(term, 0.0) + credits_in_term(
            c, term, problem.semester_course_credits
        )
    for term, load in per_term.items():
        fill[term] = load / caps[term] if caps[term] else 0.0
    used = [per_term.get(t.term, 0.0) for t in problem.terms[: last + 1]]
    moves = sum(1 for k, t in problem.previous.items() if dict(placed).get(k) != t)
    return Score(
        terms=last + 1,
        max_fill=round(max(fill.values(), default=0.0), 4),
        load_sd=round(statistics.pstdev(used), 3) if used else 0.0,
        moves=moves,
        courses=len(placed),
    )


# ------------------------------------------------------------------------ building problems


def reachable_providers(pathway: Pathway, institutions: Mapping[str, Institution]) -> set[str]:
    """Who can teach a pathway's courses: its owner, college and schools, the schools'
    districts, and the career centers of those districts and of the college."""
    reach = {pathway.owner, pathway.college, *pathway.schools}
    for school in pathway.schools:
        inst = institutions.get(school)
        if inst is not None and inst.parent:
            reach.add(inst.parent)
    owner = institutions.get(pathway.owner)
    if owner is not None and owner.parent:
        reach.add(owner.parent)
    for inst in institutions.values():
        if inst.kind is InstitutionKind.CAREER_CENTER and inst.parent in reach:
            reach.add(inst.id)
    # a district with no high schools of its own is a regional provider serving every district
    parents = {i.parent for i in institutions.values() if i.kind is InstitutionKind.HIGH_SCHOOL}
    reach |= {
        i.id
        for i in institutions.values()
        if i.kind is InstitutionKind.DISTRICT and i.id not in parents
    }
    return reach


def _grid(
    *, first: Term, last_grade: int, summers: bool, settings: RegionSettings
) -> tuple[PlanTerm, ...]:
    out = []
    for t in term_grid(first_grade=first.grade, last_grade=last_grade, summers=summers):
        if t < first:
            continue
        summer = t.season is Season.SUMMER
        out.append(
            PlanTerm(
                t,
                settings.max_college_hours_per_summer
                if summer
                else settings.max_college_hours_per_term,
                settings.max_hs_credits_per_term if t.in_high_school else None,
            )
        )
    return tuple(out)


def _goal_candidates(
    goals: Iterable[Goal], courses: Mapping[str, Course], reach: set[str] | None
) -> set[str]:
    """Courses some goal's requirement can use (catch-all pools excepted) and their
    requisites, transitively."""
    found: set[str] = set()
    for goal in goals:
        root = goal.credential.requirements
        if root is None:
            continue
        for _, leaf in leaves(root):
            if isinstance(leaf, CourseNode):
                found.add(course_key(leaf.course))
            elif not leaf.select.is_catch_all:
                for c in courses.values():
                    if leaf.select.matches(c.facts):
                        found.add(c.key)
    return _closure(found, courses, reach)


def _closure(keys: set[str], courses: Mapping[str, Course], reach: set[str] | None) -> set[str]:
    todo = [k for k in keys if k in courses]
    seen: set[str] = set()
    while todo:
        k = todo.pop()
        if k in seen or k not in courses:
            continue
        c = courses[k]
        if reach is not None and c.provider not in reach:
            continue
        seen.add(k)
        for expr in (c.prerequisites, c.corequisites, c.strict_corequisites, c.eligibility):
            for e in walk(expr):
                if isinstance(e, CourseReq):
                    todo.append(e.key)
    return seen


def _min_grades(
    problem_courses: Mapping[str, Course], goals: Iterable[Goal]
) -> dict[str, set[str]]:
    """Minimum grades asked of each course by the candidates' requisites and the goals."""
    out: dict[str, set[str]] = {}
    for c in problem_courses.values():
        for expr in (c.prerequisites, c.corequisites, c.strict_corequisites, c.eligibility):
            for e in walk(expr):
                if isinstance(e, CourseReq) and e.min_grade:
                    out.setdefault(e.key, set()).add(e.min_grade)
    for g in goals:
        if g.credential.requirements is None:
            continue
        for _, leaf in leaves(g.credential.requirements):
            if isinstance(leaf, CourseNode) and leaf.min_grade:
                out.setdefault(course_key(leaf.course), set()).add(leaf.min_grade)
    return out


def template_problem(
    pathway: Pathway,
    region: Region,
    *,
    locked: Iterable[str] = (),
    keep: bool = True,
) -> tuple[PlanProblem, list[Finding]]:
    """The problem of filling a pathway's grid: its diploma by the end of grade 12 and each
    exit's credential by its term, the region's college credits in high school, the courses
    in ``locked`` kept in their terms, and (with ``keep``) the rest of the grid as the plan to
    stay close to. Courses come from the pathway's owner, college and schools only."""
    notes: list[Finding] = []
    reach = reachable_providers(pathway, region.institutions)
    settings = region.settings
    goals: list[Goal] = []
    if pathway.hs_diploma and pathway.hs_diploma in region.credentials:
        goals.append(
            Goal(
                region.credentials[pathway.hs_diploma],
                Term.of(LAST_HIGH_SCHOOL_GRADE, Season.SUMMER),
            )
        )
    for ex in sorted(pathway.exits, key=lambda e: e.term):
        cred = region.credentials.get(ex.credential)
        if cred is not None and cred.requirements is not None:
            goals.append(Goal(cred, ex.term))
    candidates = _goal_candidates(goals, region.courses, reach)
    previous: dict[str, Term] = {}
    locks: dict[str, Term] = {}
    locked_keys = {course_key(c) for c in locked}
    for p in pathway.placements:
        course = region.courses.get(p.key)
        if course is None or course.provider not in reach:
            notes.append(
                plan_finding(
                    "plan-unknown-course",
                    f"{p.course} is not a course the pathway's schools can reach; "
                    "the planner leaves it out.",
                    course=p.course,
                    term=p.term.id,
                )
            )
            continue
        if p.key in locked_keys:
            locks[p.key] = p.term
        if keep or p.key in locked_keys:
            previous.setdefault(p.key, p.term)
    candidates |= _closure(set(previous), region.courses, reach)
    courses = {k: region.courses[k] for k in sorted(candidates)}
    diploma = region.credentials.get(pathway.hs_diploma or "")
    scale = diploma.semester_course_credits if diploma else 1.0
    problem = PlanProblem(
        terms=_grid(
            first=Term.of(9, Season.FALL),
            last_grade=14,
            summers=pathway.summers,
            settings=settings,
        ),
        courses=MappingProxyType(courses),
        required=frozenset(locks),
        goals=tuple(goals),
        locks=MappingProxyType(locks),
        previous=MappingProxyType(previous),
        earned=MappingProxyType({e.credential: e.term for e in pathway.exits}),
        semester_course_credits=scale,
        summers=pathway.summers,
        min_college_hours_in_high_school=settings.min_college_credits_by_grade_12,
        exclusive=settings.exclusive_within_credential,
    )
    return problem, notes


def next_term(term: Term, *, summers: bool) -> Term:
    """The term after ``term`` in a grid with or without summers."""
    grid = term_grid(first_grade=term.grade, last_grade=min(term.grade + 1, 14), summers=True)
    for t in grid:
        if t > term and (summers or t.season is not Season.SUMMER):
            return t
    return term


def student_problem(
    student: Student,
    region: Region,
    *,
    pathway: Pathway | None = None,
    credentials: Iterable[str] = (),
    now: Term,
    diploma: Credential | None = None,
    last_grade: int | None = None,
) -> tuple[PlanProblem, list[Finding]]:
    """The problem of a student's plan from the term after ``now``: the diploma's remaining
    requirements by the end of grade 12, the pathway's credentials (or ``credentials``, a
    what-if) by the end of the grid; passed and in-progress courses count, failed ones and
    grades below a requisite's minimum are planned again (retakes)."""
    notes: list[Finding] = []
    summers = bool(pathway and pathway.summers)
    goals: list[Goal] = []
    if diploma is not None and diploma.requirements is not None and now.in_high_school:
        goals.append(Goal(diploma, Term.of(LAST_HIGH_SCHOOL_GRADE, Season.SUMMER)))
    wanted = list(credentials)
    if not wanted and pathway is not None:
        wanted = [e.credential for e in pathway.exits]
    for cid in wanted:
        cred = region.credentials.get(cid)
        if cred is None or cred.requirements is None or cred.kind is CredentialKind.HS_DIPLOMA:
            continue
        goals.append(Goal(cred, None))
    reach: set[str] | None = None
    if pathway is not None:
        reach = reachable_providers(pathway, region.institutions)
    else:
        reach = {student.school, *(c.issuer for g in goals for c in [g.credential])}
        school = region.institutions.get(student.school)
        if school is not None and school.parent:
            reach.add(school.parent)
        reach |= {i.id for i in region.institutions.values() if i.kind is InstitutionKind.COLLEGE}
        reach |= {
            i.id
            for i in region.institutions.values()
            if i.kind is InstitutionKind.CAREER_CENTER and i.parent in reach
        }
    passed: dict[str, str | None] = {}
    for a in student.attempts:
        g = grades.normalize(a.grade)
        key = course_key(a.course)
        if g == grades.IN_PROGRESS:
            passed.setdefault(key, None)
        elif grades.is_passing(g):
            best = passed.get(key)
            if key not in passed or (best is not None and not grades.meets_minimum(best, g)):
                passed[key] = g
    candidates = _goal_candidates(goals, region.courses, reach)
    candidates |= {k for k in passed if k in region.courses}
    courses = {k: region.courses[k] for k in sorted(candidates)}
    minimums = _min_grades(courses, goals)
    retakes = frozenset(
        k
        for k, g in passed.items()
        if g is not None
        and k in courses
        and any(not grades.meets_minimum(g, m) for m in minimums.get(k, ()))
    )
    for k in sorted(retakes):
        notes.append(
            plan_finding(
                "plan-retake",
                f"{courses[k].code} was passed with {passed[k]}, below a minimum another "
                "course or credential asks for: it is planned again.",
                course=courses[k].code,
            )
        )
    first = next_term(now, summers=summers)
    last = last_grade or (14 if any(g.deadline is None for g in goals) else LAST_HIGH_SCHOOL_GRADE)
    scale = diploma.semester_course_credits if diploma else 1.0
    problem = PlanProblem(
        terms=_grid(
            first=first,
            last_grade=max(last, first.grade),
            summers=summers,
            settings=region.settings,
        ),
        courses=MappingProxyType(courses),
        goals=tuple(goals),
        passed=MappingProxyType(passed),
        values=MappingProxyType(dict(student.scores)),
        # a credential the pathway's map earns on the way counts from its exit's term
        earned=MappingProxyType({e.credential: e.term for e in pathway.exits} if pathway else {}),
        flags=student.flags,
        held=student.credentials,
        semester_course_credits=scale,
        summers=summers,
        exclusive=region.settings.exclusive_within_credential,
        retakes=retakes,
    )
    return problem, notes


# ------------------------------------------------------------------------ the plain checker


def passed_meets(problem: PlanProblem, req: CourseReq) -> bool:
    """Whether ``req`` is met by a course the student already passed (at its minimum)."""
    if req.key not in problem.passed:
        return False
    g = problem.passed[req.key]
    return g is None or grades.meets_minimum(g, req.min_grade)


def fixed_leaf(expr: Comparison | HasCredential | Flag, problem: PlanProblem, term: Term) -> bool:
    """A requisite leaf that no placement changes, in ``term``: the grade level then, a
    score, a credential held or earned before, a flag; an unknown fact counts as met. The
    plain checker and the CP-SAT model both read leaves through this one function."""
    match expr:
        case Comparison(name, op, value):
            if name == GRADE_LEVEL:
                return op.holds(float(term.grade), value)
            actual = None if problem.values is None else problem.values.get(name)
            return True if actual is None else op.holds(actual, value)
        case HasCredential(cred):
            if problem.held is not None and cred in problem.held:
                return True
            earned = problem.earned.get(cred)
            if earned is not None and earned < term:
                return True
            return problem.held is None
        case Flag(name):
            return True if problem.flags is None else name in problem.flags
    raise TypeError(expr)


def _expr_ok(
    expr: Expr | None, problem: PlanProblem, placed: Mapping[str, Term], term: Term, mode: str
) -> bool:
    """Whether ``expr`` holds for a course in ``term``; unknown student facts count as met."""

    def course_ok(req: CourseReq) -> bool:
        if passed_meets(problem, req):
            return True
        t = placed.get(req.key)
        if t is None:
            return False
        return (
            t < term if mode == "before" else (t <= term if mode == "same-or-before" else t == term)
        )

    match expr:
        case None:
            return True
        case CourseReq():
            return course_ok(expr)
        case Comparison() | HasCredential() | Flag():
            return fixed_leaf(expr, problem, term)
        case AllOf(items):
            return all(_expr_ok(i, problem, placed, term, mode) for i in items)
        case AnyOf(items):
            return any(_expr_ok(i, problem, placed, term, mode) for i in items)
    raise TypeError(expr)


def check_plan(problem: PlanProblem, plan: Plan) -> list[str]:
    """Every constraint of ``problem`` that ``plan`` breaks, in words (empty: none)."""
    out: list[str] = []
    placed = plan.term_of()
    terms = {t.term: t for t in problem.terms}
    if len(placed) != len(plan.placements):
        out.append("a course is placed twice")
    for key in problem.required:
        if key not in placed:
            out.append(f"{key} must be placed")
    for key, term in problem.locks.items():
        if placed.get(key) != term:
            out.append(f"{key} is locked in {term.id}")
    for key, term in placed.items():
        c = problem.courses[key]
        if term not in terms:
            out.append(f"{c.code}: {term.id} is not in the grid")
            continue
        if not problem.placeable(key):
            out.append(f"{c.code} is already passed")
        why = problem.allowed_in(c, term)
        if why:
            out.append(f"{c.code} in {term.id}: {why}")
        for expr, mode in (
            (c.prerequisites, "before"),
            (c.corequisites, "same-or-before"),
            (c.strict_corequisites, "same"),
        ):
            if not _expr_ok(expr, problem, placed, term, mode):
                out.append(f"{c.code} in {term.id}: requisite not met")
        if (
            c.is_college
            and term.in_high_school
            and not _expr_ok(c.eligibility, problem, placed, term, "before")
        ):
            out.append(f"{c.code} in {term.id}: not eligible")
    loads = term_loads(
        ((problem.courses[k], t) for k, t in placed.items()), problem.semester_course_credits
    )
    for term, (college, hs) in loads.items():
        pt = terms.get(term)
        if pt is None:
            continue
        if pt.max_college_hours is not None and college > pt.max_college_hours + 1e-9:
            out.append(f"{term.id}: {college} college hours")
        if pt.max_hs_courses is not None and hs > pt.max_hs_courses + 1e-9:
            out.append(f"{term.id}: {hs} semester courses")
    if problem.min_college_hours_in_high_school:
        hours = sum(
            problem.courses[k].semester_hours
            for k, t in placed.items()
            if t.in_high_school and problem.courses[k].is_college
        )
        if hours + 1e-9 < problem.min_college_hours_in_high_school:
            out.append(f"{hours} college hours in high school")
    for goal in problem.goals:
        if not goal_met(problem, goal, placed):
            out.append(f"{goal.credential.id} not earned")
    return out


def goal_met(problem: PlanProblem, goal: Goal, placed: Mapping[str, Term]) -> bool:
    """Whether the courses passed, and those placed by the goal's deadline, earn it (with the
    audit, so the counting rules are the audit's own)."""
    from careerpaths.core.audit import Item, Status, verdict

    cred = goal.credential
    if cred.requirements is None:
        return True
    items: list[Item] = []
    n = 0
    for key, grade in problem.passed.items():
        c = problem.courses.get(key)
        if c is None or (key in placed and key in problem.retakes):
            continue
        items.append(Item(n, c.code, c.facts, credit_for(cred, c), grade, None, grade is None))
        n += 1
    for key, term in placed.items():
        if goal.deadline is not None and term > goal.deadline:
            continue
        c = problem.courses[key]
        items.append(Item(n, c.code, c.facts, credit_for(cred, c), None, term))
        n += 1
    return verdict(cred.requirements, items, exclusive=problem.exclusive) is not Status.NOT_MET
